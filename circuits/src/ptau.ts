// INSECURE development powers of tau, computed directly from secrets its maker knows.
//
// The public ceremony files cannot be downloaded here, and the snarkjs ceremony route is far
// too slow for tests (its `prepare phase2` alone took 552 s at 2^15 on this machine). Whoever
// picks tau, alpha and beta can instead compute every point of a phase-2-ready file by one
// scalar multiplication each: tau^i·G for the power sections and L_i(tau)·G for the Lagrange
// sections (what `prepare phase2` derives with group IFFTs). All of them are multiples of the
// two generators, so they go through a fixed-base table (fixedBase.ts); the scalars are plain
// bigint arithmetic mod r. The secrets are drawn at random
// and dropped, but they lived in this process: never use such a file for real funds.
import { randomBytes } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import { getCurveFromName } from 'ffjavascript';
import { bestWindow, FixedBaseMultiplier } from './fixedBase.js';

/** One section of a snarkjs binary file ("ptau", version 1): u32 id, u64 byte size, data. */
class BinWriter {
  private constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    private position: number,
  ) {}

  static async create(path: string, magic: string, sections: number): Promise<BinWriter> {
    const handle = await open(path, 'w');
    const head = Buffer.alloc(12);
    head.write(magic, 0, 'ascii');
    head.writeUInt32LE(1, 4);
    head.writeUInt32LE(sections, 8);
    await handle.write(head, 0, 12, 0);
    return new BinWriter(handle, 12);
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.handle.write(bytes, 0, bytes.length, this.position);
    this.position += bytes.length;
  }

  /** Writes a section whose body `fill` streams through `write`, then back-fills its size. */
  async section(id: number, fill: () => Promise<void>): Promise<void> {
    const header = Buffer.alloc(12);
    header.writeUInt32LE(id, 0);
    const headerAt = this.position;
    await this.write(header);
    await fill();
    header.writeBigUInt64LE(BigInt(this.position - headerAt - 12), 4);
    await this.handle.write(header, 0, 12, headerAt);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

export interface DevPtauOptions {
  /** The file holds 2^power powers; circuits up to 2^power constraints fit. */
  readonly power: number;
  readonly path: string;
  readonly onProgress?: (message: string) => void;
}

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Points per write: keeps memory flat for large powers. */
const BATCH = 4096;

const mod = (a: bigint): bigint => ((a % R) + R) % R;

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  for (let b = mod(base), e = exponent; e > 0n; e >>= 1n, b = (b * b) % R) if (e & 1n) result = (result * b) % R;
  return result;
}

/** 1/x for every x at once (Montgomery's trick: one exponentiation, three products each). */
function batchInverse(values: readonly bigint[]): bigint[] {
  const prefix: bigint[] = new Array<bigint>(values.length);
  let running = 1n;
  for (let i = 0; i < values.length; i++) {
    prefix[i] = running;
    running = (running * values[i]!) % R;
  }
  let inverse = power(running, R - 2n);
  const out: bigint[] = new Array<bigint>(values.length);
  for (let i = values.length - 1; i >= 0; i--) {
    out[i] = (inverse * prefix[i]!) % R;
    inverse = (inverse * values[i]!) % R;
  }
  return out;
}

/** first·ratio^i for i < count. */
function geometric(first: bigint, ratio: bigint, count: number): bigint[] {
  const out: bigint[] = new Array<bigint>(count);
  for (let i = 0, value = first; i < count; i++, value = (value * ratio) % R) out[i] = value;
  return out;
}

/** Points in every section of a phase-2-ready file of 2^power powers (see section list below). */
function pointCounts(n: number): { g1: number; g2: number } {
  // tauG1 2n-1, alphaTauG1 n, betaTauG1 n, Lagrange tauG1 (2n-1 + 2n), alpha/beta Lagrange 2n-1 each.
  return { g1: 2 * n - 1 + 2 * n + (4 * n - 1) + 2 * (2 * n - 1), g2: n + 1 + (2 * n - 1) };
}

export async function writeDevPtau({ power: bits, path, onProgress }: DevPtauOptions): Promise<void> {
  if (!Number.isInteger(bits) || bits < 1 || bits > 27) {
    throw new RangeError(`power must be an integer in [1, 27], received ${bits}`);
  }
  const curve = await getCurveFromName('bn128', { singleThread: true });
  try {
    const n = 2 ** bits;
    const counts = pointCounts(n);
    const g1 = await FixedBaseMultiplier.create(curve, 'g1', bestWindow(counts.g1));
    const g2 = await FixedBaseMultiplier.create(curve, 'g2', bestWindow(counts.g2));
    // 64 random bytes reduced mod r: uniform up to a negligible bias.
    const randomScalar = (): bigint => BigInt(`0x${randomBytes(64).toString('hex')}`) % R;
    const tau = randomScalar();
    const alpha = randomScalar();
    const beta = randomScalar();
    const rootOfUnity = (k: number): bigint => curve.Fr.toObject(curve.Fr.w[k]);

    // Writes scalar·G for each scalar, in affine LEM form (what snarkjs stores).
    async function points(multiplier: FixedBaseMultiplier, scalars: readonly bigint[]): Promise<void> {
      for (let start = 0; start < scalars.length; start += BATCH) {
        await writer.write(multiplier.multiply(scalars.slice(start, start + BATCH)));
      }
    }
    // L_i(tau) over the 2^k roots of unity w^i, in order: w^i (tau^m - 1) / (m (tau - w^i)).
    function lagrange(k: number, factor: bigint): bigint[] {
      const m = 2 ** k;
      const roots = geometric(1n, rootOfUnity(k), m);
      const common = (factor * mod(power(tau, BigInt(m)) - 1n) * power(BigInt(m), R - 2n)) % R;
      const inverses = batchInverse(roots.map((w) => mod(tau - w)));
      return roots.map((w, i) => (((common * w) % R) * inverses[i]!) % R);
    }

    const tmp = `${path}.partial`;
    const writer = await BinWriter.create(tmp, 'ptau', 11);
    await writer.section(1, async () => {
      const header = Buffer.alloc(4 + 32 + 8);
      header.writeUInt32LE(32, 0);
      let q = curve.q;
      for (let i = 0; i < 32; i++, q >>= 8n) header[4 + i] = Number(q & 0xffn);
      header.writeUInt32LE(bits, 36);
      header.writeUInt32LE(bits, 40);
      await writer.write(header);
    });
    onProgress?.(`dev ptau 2^${bits}: power sections`);
    await writer.section(2, () => points(g1, geometric(1n, tau, 2 * n - 1)));
    await writer.section(3, () => points(g2, geometric(1n, tau, n)));
    await writer.section(4, () => points(g1, geometric(alpha, tau, n)));
    await writer.section(5, () => points(g1, geometric(beta, tau, n)));
    await writer.section(6, () => points(g2, [beta]));
    await writer.section(7, async () => writer.write(new Uint8Array(4))); // no contributions

    onProgress?.(`dev ptau 2^${bits}: Lagrange sections`);
    const lagrangeSection = (multiplier: FixedBaseMultiplier, factor: bigint, extraLevel: boolean) => async () => {
      for (let k = 0; k <= bits; k++) await points(multiplier, lagrange(k, factor));
      if (extraLevel) {
        // `prepare phase2` also transforms the 2n-1 tauG1 powers padded with the point at
        // infinity: the domain of 2n roots, less the missing top term tau^(2n-1) w^i / (2n).
        const k = bits + 1;
        const size = 2 ** k;
        const top = (power(tau, BigInt(size - 1)) * power(BigInt(size), R - 2n)) % R;
        const roots = geometric(1n, rootOfUnity(k), size);
        await points(multiplier, lagrange(k, factor).map((value, i) => mod(value - top * roots[i]!)));
      }
    };
    await writer.section(12, lagrangeSection(g1, 1n, true));
    await writer.section(13, lagrangeSection(g2, 1n, false));
    await writer.section(14, lagrangeSection(g1, alpha, false));
    await writer.section(15, lagrangeSection(g1, beta, false));
    await writer.close();
    await rename(tmp, path);
  } finally {
    await curve.terminate();
  }
}
