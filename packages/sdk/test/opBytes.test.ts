// Property tests of the contract's op-bytes decoding against @zkr/core (issue 16, "Habits"):
// random operations from core's encoder go through the rollup's own parsing and crediting code
// (OpBytesHarness inherits Rollup) on anvil, and must give core's chunks, priority count and
// credited amounts; malformed bytes must be rejected where core rejects them. No proofs: the
// harness calls the decoding directly, and the last test submits batches to a rollup whose
// verifier accepts anything.
import fc from 'fast-check';
import { type Contract, ContractFactory, getAddress, Interface, JsonRpcProvider, ZeroAddress, type Signer } from 'ethers';
import { poseidon4Abi, poseidon4Bytecode, poseidon5Abi, poseidon5Bytecode } from '@zkr/contracts/artifacts';
import {
  bytesToHex,
  CHUNK_BYTES,
  decodeOperations,
  encodeBatch,
  encodeOperation,
  InvalidOperation,
  OP_LENGTH,
  operationChunk,
  opTypeCode,
  publicSignalCount,
  type Operation,
} from '@zkr/core';
import type { Artifacts } from '@zkr/contracts';
import { compileTestContracts } from '@zkr/contracts/test-contracts';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { deployedContract } from '../src/index.js';
import { revertOf } from './harness.js';

const MAX_BATCH = 8;

let anvil: Anvil;
let provider: JsonRpcProvider;
let signer: Signer;
let artifacts: Artifacts;
let harness: Contract;
let config: Record<string, unknown>;

async function deploy(name: string, ...args: unknown[]): Promise<Contract> {
  const artifact = artifacts[name]!;
  return (await deployedContract(await new ContractFactory(artifact.abi as never, artifact.bytecode, signer).deploy(...args))) as Contract;
}

beforeAll(async () => {
  artifacts = compileTestContracts();
  anvil = await startAnvil();
  provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50, cacheTimeout: -1 });
  signer = await provider.getSigner(0);
  const poseidons = { 4: [poseidon4Abi, poseidon4Bytecode], 5: [poseidon5Abi, poseidon5Bytecode] } as const;
  const poseidon = async (n: 4 | 5): Promise<string> => {
    const [abi, bytecode] = poseidons[n];
    return (await deployedContract(await new ContractFactory(abi, bytecode, signer).deploy())).getAddress();
  };
  const self = await signer.getAddress();
  config = {
    governor: self,
    operator: self,
    poseidon4: await poseidon(4),
    poseidon5: await poseidon(5),
    levels: 4,
    genesisRoot: 0n,
    priorityDeadline: 3600,
    ethMinDeposit: 1n,
  };
  harness = await deploy('OpBytesHarness', config);
}, 300_000);
afterAll(async () => {
  provider?.destroy();
  await anvil?.stop();
});

// ------------------------------------------------------------------ operations, as core encodes them

const accountIndex = fc.integer({ min: 0, max: 2 ** 24 - 1 });
/** mantissa · 10^exponent: every value a packed float can carry (spec §2.1). */
const packed = (mantissaBits: number) =>
  fc.tuple(fc.bigInt({ min: 0n, max: (1n << BigInt(mantissaBits)) - 1n }), fc.integer({ min: 0, max: 31 })).map(([m, e]) => m * 10n ** BigInt(e));
const l1Address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(bytesToHex(b)));
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.constant<Operation>({ type: 'noop' }),
  accountIndex.map((i): Operation => ({ type: 'deposit', accountIndex: i })),
  fc.record({ from: accountIndex, to: accountIndex, amount: packed(35), fee: packed(11) }).map((t): Operation => ({ type: 'transfer', ...t })),
  fc.record({ from: accountIndex, amount: packed(35), fee: packed(11), l1Address }).map((w): Operation => ({ type: 'withdraw', ...w })),
  fc.record({ accountIndex, amount: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }) }).map((f): Operation => ({ type: 'forcedExit', ...f })),
);
/** A batch size and at most that many operations. */
const batch = fc.integer({ min: 1, max: MAX_BATCH }).chain((size) => fc.tuple(fc.constant(size), fc.array(operation, { maxLength: size })));

const hex = (bytes: Uint8Array): string => bytesToHex(bytes);
const parse = async (bytes: Uint8Array, size: number): Promise<{ chunks: bigint[]; priorityOps: bigint; credits: boolean }> => {
  const [chunks, priorityOps, credits] = (await harness.getFunction('parse')(hex(bytes), size)) as [bigint[], bigint, boolean];
  return { chunks: [...chunks], priorityOps, credits };
};

test("the contract splits core-encoded op bytes into core's chunks, and counts priority ops and credits as core", async () => {
  await fc.assert(
    fc.asyncProperty(batch, async ([size, ops]) => {
      const padded = [...ops, ...Array<Operation>(size - ops.length).fill({ type: 'noop' })];
      const parsed = await parse(encodeBatch(ops), size);
      expect(parsed.chunks).toEqual(padded.map((op) => operationChunk(op)));
      expect(parsed.priorityOps).toBe(BigInt(ops.filter((op) => op.type === 'deposit' || op.type === 'forcedExit').length));
      expect(parsed.credits).toBe(ops.some((op) => op.type === 'withdraw' || op.type === 'forcedExit'));
    }),
    { numRuns: 150 },
  );
});

test('the contract credits what core decodes: each withdraw to its L1 address, each forced exit to its owner', async () => {
  const credited = harness.getFunction('credited');
  await fc.assert(
    fc.asyncProperty(batch, async ([size, ops]) => {
      const bytes = encodeBatch(ops);
      // What core reads back from the bytes; accounts the harness never opened are owned by address 0.
      const owed = new Map<string, bigint>([[ZeroAddress, 0n]]);
      for (const op of decodeOperations(bytes, size)) {
        if (op.type === 'withdraw') owed.set(getAddress(op.l1Address), (owed.get(getAddress(op.l1Address)) ?? 0n) + op.amount);
        if (op.type === 'forcedExit') owed.set(ZeroAddress, owed.get(ZeroAddress)! + op.amount);
      }
      const to = [...owed.keys()];
      expect([...((await credited.staticCall(hex(bytes), size, to)) as bigint[])]).toEqual(to.map((a) => owed.get(a)));
    }),
    { numRuns: 100 },
  );
});

// ------------------------------------------------------------------ malformed bytes

/** Op bytes a wrong operator might send: valid ones cut short, with a byte changed (often a type
 * byte to an unknown type), with bytes appended, or random bytes. */
const malformed = batch.chain(([size, ops]) => {
  const bytes = encodeBatch(ops);
  return fc.tuple(
    fc.constant(size),
    fc.oneof(
      fc.integer({ min: 0, max: bytes.length }).map((n) => bytes.slice(0, n)),
      fc.tuple(fc.nat(Math.max(bytes.length - 1, 0)), fc.integer({ min: 0, max: 255 })).map(([at, value]) => {
        const changed = Uint8Array.from(bytes.length > 0 ? bytes : [0]);
        changed[Math.min(at, changed.length - 1)] = value;
        return changed;
      }),
      fc.uint8Array({ maxLength: 40 }).map((extra) => Uint8Array.from([...bytes, ...extra])),
      fc.uint8Array({ maxLength: 3 * MAX_BATCH }),
    ),
  );
});

/** Each op's own bytes right-padded to 31 bytes (spec §3), as the contract reads them: core's
 * `operationChunk` re-encodes a float canonically, and a changed byte may leave a valid but
 * non-canonical float (both sides then decode the same amount). On canonical bytes the two agree:
 * checked here too. */
function rawChunks(bytes: Uint8Array, ops: readonly Operation[]): bigint[] {
  let offset = 0;
  return ops.map((op) => {
    if (offset >= bytes.length) return 0n; // a noop padding the batch
    const length = OP_LENGTH[opTypeCode(op)];
    const own = bytes.slice(offset, offset + length);
    offset += length;
    const chunk = BigInt(hex(own)) << BigInt(8 * (CHUNK_BYTES - length));
    if (hex(encodeOperation(op)) === hex(own)) expect(chunk).toBe(operationChunk(op));
    return chunk;
  });
}

/** True iff `prefix` decodes to exactly `count` ops: the byte after it is where op `count` starts. */
function holdsExactly(prefix: Uint8Array, count: number): boolean {
  const decodes = (size: number): boolean => {
    try {
      decodeOperations(prefix, size);
      return true;
    } catch {
      return false;
    }
  };
  return decodes(count) && (count === 0 ? prefix.length === 0 : !decodes(count - 1));
}

test('malformed op bytes are rejected by the contract exactly where core rejects them', async () => {
  const iface = new Interface(artifacts['OpBytesHarness']!.abi as never);
  await fc.assert(
    fc.asyncProperty(malformed, async ([size, bytes]) => {
      let refusal: InvalidOperation | undefined;
      let ops: Operation[] = [];
      try {
        ops = decodeOperations(bytes, size);
      } catch (error) {
        if (!(error instanceof InvalidOperation)) throw error;
        refusal = error;
      }
      if (!refusal) {
        expect((await parse(bytes, size)).chunks).toEqual(rawChunks(bytes, ops));
        return;
      }
      const reason = await revertOf(iface, harness.getFunction('parse')(hex(bytes), size));
      const index = Number(/^operations\[(\d+)\]/.exec(refusal.field ?? '')![1]);
      const [, name, args] = /^(\w+)\((.*)\)$/.exec(reason)!;
      const [batchNumber, position, opType] = args!.split(', ').map(Number);
      expect(batchNumber).toBe(0);
      if (/: more than \d+ operations/.test(refusal.message)) {
        expect([name, index]).toEqual(['Rollup__TooManyOps', size]);
        expect(position).toBe(size); // TooManyOps(batch, batchSize)
      } else if (refusal.field?.endsWith('.type')) {
        expect(name).toBe('Rollup__UnknownOpType');
        expect(opType).toBe(bytes[position!]);
        expect(OP_LENGTH[opType as keyof typeof OP_LENGTH]).toBeUndefined();
        expect(holdsExactly(bytes.slice(0, position), index)).toBe(true);
      } else {
        expect(refusal.message).toMatch(/: truncated/);
        expect(name).toBe('Rollup__TruncatedOp');
        expect(holdsExactly(bytes.slice(0, position), index)).toBe(true);
      }
    }),
    { numRuns: 250 },
  );
});

// ------------------------------------------------------------------ the credit flag of each batch

test('a withdrawal is credited in whichever batch of a submission it is, the 256th and later included (they share one flag)', async () => {
  const verifier = await deploy('AcceptAllVerifier', publicSignalCount(1), 4);
  const rollup = await deploy('Rollup', config, [{ batchSize: 1n, verifier: await verifier.getAddress() }]);
  const withdraw = (n: number): { op: Operation; to: string } => {
    const to = getAddress(`0x${(0x5000 + n).toString(16).padStart(40, '0')}`);
    return { op: { type: 'withdraw', from: 0, amount: BigInt(n + 1), fee: 0n, l1Address: to }, to };
  };
  // 258 batches of one slot: withdrawals in batches 0, 254, 255 and 257; noops elsewhere.
  const credited = new Map([0, 254, 255, 257].map((b) => [b, withdraw(b)]));
  const batches = Array.from({ length: 258 }, (_, b) => ({
    newRoot: BigInt(b + 1),
    feeAccountIndex: 0n,
    opBytes: hex(encodeBatch(credited.has(b) ? [credited.get(b)!.op] : [{ type: 'noop' }])),
  }));
  await (
    await rollup.getFunction('submitBatches')(
      1,
      batches,
      batches.map(() => Array(8).fill(0n)),
    )
  ).wait();
  for (const [b, { to }] of credited) expect(await rollup.getFunction('pendingWithdrawals')(to, 0)).toBe(BigInt(b + 1));
  expect(await rollup.getFunction('batchNumber')()).toBe(258n);
}, 120_000);
