// Reads .r1cs files (iden3 binary format): the header alone, or every constraint.
import { open, readFile } from 'node:fs/promises';
import { ArtifactError } from './errors.js';

export interface R1csHeader {
  readonly wires: number;
  readonly publicOutputs: number;
  readonly publicInputs: number;
  readonly privateInputs: number;
  /** Signal labels (the .sym file's first column); the map section gives each wire one. */
  readonly labels: number;
  readonly constraints: number;
}

/** What the Groth16 setup sees as public: outputs and public inputs alike (snarkjs' nPublic). */
export function publicSignals(header: Pick<R1csHeader, 'publicInputs' | 'publicOutputs'>): number {
  return header.publicInputs + header.publicOutputs;
}

/**
 * The power of tau a circuit needs, as snarkjs computes it for Groth16: its domain holds every
 * constraint plus one per public signal and one for the constant wire.
 */
export function requiredPower(header: Pick<R1csHeader, 'constraints' | 'publicInputs' | 'publicOutputs'>): number {
  return Math.ceil(Math.log2(header.constraints + publicSignals(header) + 1));
}

export async function readR1csHeader(path: string): Promise<R1csHeader> {
  const handle = await open(path, 'r').catch((cause: unknown) => {
    throw new ArtifactError(path, 'cannot be opened', cause);
  });
  try {
    const head = Buffer.alloc(12);
    await handle.read(head, 0, 12, 0);
    if (head.toString('ascii', 0, 4) !== 'r1cs') throw new ArtifactError(path, 'is not an r1cs file');
    const sections = head.readUInt32LE(8);
    let position = 12;
    for (let i = 0; i < sections; i++) {
      const sectionHead = Buffer.alloc(12);
      await handle.read(sectionHead, 0, 12, position);
      const id = sectionHead.readUInt32LE(0);
      const size = Number(sectionHead.readBigUInt64LE(4));
      if (id === 1) {
        const body = Buffer.alloc(Math.min(size, 128));
        await handle.read(body, 0, body.length, position + 12);
        const n8 = body.readUInt32LE(0);
        const at = 4 + n8;
        return {
          wires: body.readUInt32LE(at),
          publicOutputs: body.readUInt32LE(at + 4),
          publicInputs: body.readUInt32LE(at + 8),
          privateInputs: body.readUInt32LE(at + 12),
          labels: Number(body.readBigUInt64LE(at + 16)),
          constraints: body.readUInt32LE(at + 24),
        };
      }
      position += 12 + size;
    }
    throw new ArtifactError(path, 'has no header section');
  } finally {
    await handle.close();
  }
}

/** A whole .r1cs file: its header and the raw constraint section, walked by `forEachTerm`. */
export interface R1cs {
  readonly header: R1csHeader;
  /** Bytes of a field element (32 for BN254). */
  readonly n8: number;
  /** The field's prime, n8 bytes little-endian, as the header holds it. */
  readonly prime: Buffer;
  readonly constraintBytes: Buffer;
  /** Section 3: the label of each wire, u64 each. */
  readonly labelMap: Buffer;
}

export async function readR1cs(path: string): Promise<R1cs> {
  const header = await readR1csHeader(path);
  const bytes = await readFile(path);
  let position = 12;
  let n8 = 0;
  let prime: Buffer = Buffer.alloc(0);
  let constraintBytes: Buffer | undefined;
  let labelMap: Buffer = Buffer.alloc(0);
  for (let i = 0; i < bytes.readUInt32LE(8); i++) {
    const id = bytes.readUInt32LE(position);
    const size = Number(bytes.readBigUInt64LE(position + 4));
    const body = bytes.subarray(position + 12, position + 12 + size);
    if (id === 1) {
      n8 = body.readUInt32LE(0);
      prime = body.subarray(4, 4 + n8);
    }
    if (id === 2) constraintBytes = body;
    if (id === 3) labelMap = body;
    position += 12 + size;
  }
  if (constraintBytes === undefined || n8 === 0) throw new ArtifactError(path, 'has no constraint section');
  return { header, n8, prime, constraintBytes, labelMap };
}

/** A little-endian unsigned integer of `n8` bytes (a multiple of 8). */
export function readLittleEndian(bytes: Buffer, at: number, n8: number): bigint {
  let value = 0n;
  for (let i = n8 - 8; i >= 0; i -= 8) value = (value << 64n) | bytes.readBigUInt64LE(at + i);
  return value;
}

/** Writes `value` as a little-endian unsigned integer of `n8` bytes. */
export function writeLittleEndian(target: Uint8Array, at: number, value: bigint, n8: number): void {
  for (let i = 0; i < n8; i++, value >>= 8n) target[at + i] = Number(value & 0xffn);
}

/** 0 = A, 1 = B, 2 = C: the numbering snarkjs' zkey uses too. */
export type Matrix = 0 | 1 | 2;
const MATRICES: readonly Matrix[] = [0, 1, 2];

/**
 * Calls `visit` for every non-zero entry of A, B and C, constraint by constraint and in file
 * order (a constraint is A·w * B·w = C·w; each lists its terms as wire id u32 and coefficient).
 */
export function forEachTerm(r1cs: R1cs, visit: (matrix: Matrix, constraint: number, wire: number, coefficient: bigint, at: number) => void): void {
  const { constraintBytes: bytes, n8 } = r1cs;
  let position = 0;
  for (let constraint = 0; constraint < r1cs.header.constraints; constraint++) {
    for (const matrix of MATRICES) {
      const terms = bytes.readUInt32LE(position);
      position += 4;
      for (let t = 0; t < terms; t++) {
        visit(matrix, constraint, bytes.readUInt32LE(position), readLittleEndian(bytes, position + 4, n8), position + 4);
        position += 4 + n8;
      }
    }
  }
}
