// INSECURE development powers of tau, computed directly from secrets its maker knows.
//
// The public ceremony files cannot be downloaded here, and the snarkjs ceremony route is far
// too slow for tests (its `prepare phase2` alone took 552 s at 2^15 on this machine). Whoever
// picks tau, alpha and beta can instead compute every point of a phase-2-ready file by one
// scalar multiplication each: tau^i·G for the power sections and L_i(tau)·G for the Lagrange
// sections (what `prepare phase2` derives with group IFFTs). The secrets are drawn at random
// and dropped, but they lived in this process: never use such a file for real funds.
import { randomBytes } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import { getCurveFromName } from 'ffjavascript';

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

const SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Points per write: keeps memory flat for large powers. */
const BATCH = 4096;

export async function writeDevPtau({ power, path, onProgress }: DevPtauOptions): Promise<void> {
  if (!Number.isInteger(power) || power < 1 || power > 27) {
    throw new RangeError(`power must be an integer in [1, 27], received ${power}`);
  }
  const curve = await getCurveFromName('bn128', { singleThread: true });
  try {
    const { Fr, G1, G2 } = curve;
    // 64 random bytes reduced mod r: uniform up to a negligible bias.
    const randomScalar = (): unknown => Fr.e(BigInt(`0x${randomBytes(64).toString('hex')}`) % SCALAR_FIELD);
    const tau = randomScalar();
    const alpha = randomScalar();
    const beta = randomScalar();

    // Writes G·scalar(i) for i < count, in affine LEM form (what snarkjs stores).
    async function points(group: typeof G1, count: number, scalar: (i: number) => unknown): Promise<void> {
      const size = group.F.n8 * 2;
      for (let start = 0; start < count; start += BATCH) {
        const n = Math.min(BATCH, count - start);
        const buff = new Uint8Array(n * size);
        for (let i = 0; i < n; i++) {
          buff.set(group.toAffine(group.timesFr(group.g, scalar(start + i))), i * size);
        }
        await writer.write(buff);
      }
    }
    // Successive powers base^i, computed incrementally as `points` walks i upward.
    function powers(first: unknown, ratio: unknown): (i: number) => unknown {
      let next = 0;
      let value = first;
      return (i: number) => {
        if (i !== next) throw new Error('powers must be read in order');
        const out = value;
        value = Fr.mul(value, ratio);
        next++;
        return out;
      };
    }
    // L_i(tau) for the domain of 2^bits roots of unity, in order:
    // L_i(tau) = w^i (tau^n - 1) / (n (tau - w^i)).
    function lagrange(bits: number, factor: unknown): unknown[] {
      const n = 2 ** bits;
      const w = Fr.w[bits];
      const common = Fr.mul(factor, Fr.div(Fr.sub(Fr.exp(tau, n), Fr.one), Fr.e(n)));
      const out: unknown[] = [];
      let wi = Fr.one;
      for (let i = 0; i < n; i++) {
        out.push(Fr.mul(common, Fr.div(wi, Fr.sub(tau, wi))));
        wi = Fr.mul(wi, w);
      }
      return out;
    }

    const n = 2 ** power;
    const tmp = `${path}.partial`;
    const writer = await BinWriter.create(tmp, 'ptau', 11);
    await writer.section(1, async () => {
      const header = Buffer.alloc(4 + 32 + 8);
      header.writeUInt32LE(32, 0);
      let q = curve.q as bigint;
      for (let i = 0; i < 32; i++, q >>= 8n) header[4 + i] = Number(q & 0xffn);
      header.writeUInt32LE(power, 36);
      header.writeUInt32LE(power, 40);
      await writer.write(header);
    });
    onProgress?.(`dev ptau 2^${power}: power sections`);
    await writer.section(2, () => points(G1, 2 * n - 1, powers(Fr.one, tau)));
    await writer.section(3, () => points(G2, n, powers(Fr.one, tau)));
    await writer.section(4, () => points(G1, n, powers(alpha, tau)));
    await writer.section(5, () => points(G1, n, powers(beta, tau)));
    await writer.section(6, () => points(G2, 1, () => beta));
    await writer.section(7, async () => writer.write(new Uint8Array(4))); // no contributions

    onProgress?.(`dev ptau 2^${power}: Lagrange sections`);
    const lagrangeSection = (group: typeof G1, factor: unknown, extraLevel: boolean) => async () => {
      for (let bits = 0; bits <= power; bits++) {
        const values = lagrange(bits, factor);
        await points(group, values.length, (i) => values[i]);
      }
      if (extraLevel) {
        // `prepare phase2` also transforms the 2n-1 tauG1 powers padded with the point at
        // infinity: the domain of 2n roots, less the missing top term tau^(2n-1) w^i / (2n).
        const bits = power + 1;
        const values = lagrange(bits, factor);
        const size = 2 ** bits;
        const top = Fr.div(Fr.exp(tau, size - 1), Fr.e(size));
        let wi = Fr.one;
        const w = Fr.w[bits];
        for (let i = 0; i < size; i++) {
          values[i] = Fr.sub(values[i], Fr.mul(top, wi));
          wi = Fr.mul(wi, w);
        }
        await points(group, size, (i) => values[i]);
      }
    };
    await writer.section(12, lagrangeSection(G1, Fr.one, true));
    await writer.section(13, lagrangeSection(G2, Fr.one, false));
    await writer.section(14, lagrangeSection(G1, alpha, false));
    await writer.section(15, lagrangeSection(G1, beta, false));
    await writer.close();
    await rename(tmp, path);
  } finally {
    await curve.terminate();
  }
}
