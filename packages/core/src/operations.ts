// L2 operations and their L1 byte encoding (docs/protocol.md §3).
import { InvalidOperation } from './errors.js';
import { assertUint, bytesToHex, fromBytesBE, hexToBytes, toBytesBE } from './field.js';
import { decodeFloat16, decodeFloat40, encodeFloat16, encodeFloat40 } from './float.js';
import type { Signature } from './keys.js';

export const OpType = { Noop: 0, Deposit: 1, Transfer: 2, Withdraw: 3, ForcedExit: 4 } as const;
export type OpTypeCode = (typeof OpType)[keyof typeof OpType];

export interface NoopOp {
  readonly type: 'noop';
}
export interface DepositOp {
  readonly type: 'deposit';
  readonly accountIndex: number;
}
export interface TransferOp {
  readonly type: 'transfer';
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly signature?: Signature;
}
export interface WithdrawOp {
  readonly type: 'withdraw';
  readonly from: number;
  readonly amount: bigint;
  readonly fee: bigint;
  /** 0x-prefixed, 20 bytes. */
  readonly l1Address: string;
  readonly signature?: Signature;
}
export interface ForcedExitOp {
  readonly type: 'forcedExit';
  readonly accountIndex: number;
  readonly amount: bigint;
}
export type Operation = NoopOp | DepositOp | TransferOp | WithdrawOp | ForcedExitOp;
export type SignedOperation = TransferOp | WithdrawOp;

/** Encoded length in bytes of each op type, type byte included. */
export const OP_LENGTH: Readonly<Record<OpTypeCode, number>> = { 0: 1, 1: 4, 2: 14, 3: 31, 4: 20 };
export const CHUNK_BYTES = 31;
const INDEX_BYTES = 3;

const TYPE_CODE: Readonly<Record<Operation['type'], OpTypeCode>> = {
  noop: OpType.Noop,
  deposit: OpType.Deposit,
  transfer: OpType.Transfer,
  withdraw: OpType.Withdraw,
  forcedExit: OpType.ForcedExit,
};

export function opTypeCode(op: Operation): OpTypeCode {
  const code = TYPE_CODE[op.type];
  if (code === undefined) throw new InvalidOperation(`unknown operation type ${String(op.type)}`, { field: 'type' });
  return code;
}

function indexBytes(index: number, field: string): Uint8Array {
  if (!Number.isSafeInteger(index)) throw new InvalidOperation(`must be an integer, received ${index}`, { field });
  return toBytesBE(assertUint(BigInt(index), 8 * INDEX_BYTES, field), INDEX_BYTES);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function normalizeAddress(address: string, field: string): string {
  const bytes = hexToBytes(address, field);
  if (bytes.length !== 20) throw new InvalidOperation(`must be 20 bytes, received ${bytes.length}`, { field });
  return bytesToHex(bytes);
}

export function encodeOperation(op: Operation, field = 'operation'): Uint8Array {
  const type = Uint8Array.of(opTypeCode(op));
  switch (op.type) {
    case 'noop':
      return type;
    case 'deposit':
      return concat([type, indexBytes(op.accountIndex, `${field}.accountIndex`)]);
    case 'transfer':
      return concat([
        type,
        indexBytes(op.from, `${field}.from`),
        indexBytes(op.to, `${field}.to`),
        toBytesBE(encodeFloat40(op.amount, `${field}.amount`), 5),
        toBytesBE(encodeFloat16(op.fee, `${field}.fee`), 2),
      ]);
    case 'withdraw':
      return concat([
        type,
        indexBytes(op.from, `${field}.from`),
        toBytesBE(encodeFloat40(op.amount, `${field}.amount`), 5),
        toBytesBE(encodeFloat16(op.fee, `${field}.fee`), 2),
        hexToBytes(normalizeAddress(op.l1Address, `${field}.l1Address`), `${field}.l1Address`),
      ]);
    case 'forcedExit':
      return concat([type, indexBytes(op.accountIndex, `${field}.accountIndex`), toBytesBE(assertUint(op.amount, 128, `${field}.amount`), 16)]);
  }
}

/** The op bytes right-padded to 31 bytes, read big-endian: the slot's public input. */
export function operationChunk(op: Operation): bigint {
  const bytes = encodeOperation(op);
  return fromBytesBE(bytes) << BigInt(8 * (CHUNK_BYTES - bytes.length));
}

/** Concatenated op bytes of a batch, trailing noops omitted (the contract pads them back). */
export function encodeBatch(operations: readonly Operation[]): Uint8Array {
  let end = operations.length;
  while (end > 0 && operations[end - 1]!.type === 'noop') end--;
  return concat(operations.slice(0, end).map((op, i) => encodeOperation(op, `operations[${i}]`)));
}

function decodeOne(bytes: Uint8Array, field: string): Operation {
  const read = (from: number, to: number): bigint => fromBytesBE(bytes.subarray(from, to));
  switch (bytes[0]) {
    case OpType.Noop:
      return { type: 'noop' };
    case OpType.Deposit:
      return { type: 'deposit', accountIndex: Number(read(1, 4)) };
    case OpType.Transfer:
      return {
        type: 'transfer',
        from: Number(read(1, 4)),
        to: Number(read(4, 7)),
        amount: decodeFloat40(read(7, 12), `${field}.amount`),
        fee: decodeFloat16(read(12, 14), `${field}.fee`),
      };
    case OpType.Withdraw:
      return {
        type: 'withdraw',
        from: Number(read(1, 4)),
        amount: decodeFloat40(read(4, 9), `${field}.amount`),
        fee: decodeFloat16(read(9, 11), `${field}.fee`),
        l1Address: bytesToHex(bytes.subarray(11, 31)),
      };
    case OpType.ForcedExit:
      return { type: 'forcedExit', accountIndex: Number(read(1, 4)), amount: read(4, 20) };
    default:
      throw new InvalidOperation(`unknown operation type ${bytes[0]}`, { field: `${field}.type` });
  }
}

/**
 * Decodes a batch's op bytes into exactly `batchSize` operations, padding with noops.
 * Any float encoding is accepted (spec §2.1); re-encoding yields the canonical one.
 */
export function decodeOperations(bytes: Uint8Array, batchSize: number): Operation[] {
  const ops: Operation[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const field = `operations[${ops.length}]`;
    if (ops.length === batchSize) {
      throw new InvalidOperation(`more than ${batchSize} operations in ${bytes.length} bytes`, { field });
    }
    const length = OP_LENGTH[bytes[offset] as OpTypeCode];
    if (length === undefined) {
      throw new InvalidOperation(`unknown operation type ${bytes[offset]}`, { field: `${field}.type` });
    }
    if (offset + length > bytes.length) {
      throw new InvalidOperation(`truncated: needs ${length} bytes, ${bytes.length - offset} left`, { field });
    }
    ops.push(decodeOne(bytes.subarray(offset, offset + length), field));
    offset += length;
  }
  while (ops.length < batchSize) ops.push({ type: 'noop' });
  return ops;
}
