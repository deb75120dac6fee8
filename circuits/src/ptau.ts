// INSECURE development powers of tau, computed directly from secrets its maker knows.
//
// The public ceremony files cannot be downloaded here, and the snarkjs ceremony route is far
// too slow for tests (its `prepare phase2` alone took 552 s at 2^15 on this machine). Whoever
// picks tau, alpha and beta can instead compute every point of a phase-2-ready file by one
// scalar multiplication each: tau^i·G for the power sections and L_i(tau)·G for the Lagrange
// sections (what `prepare phase2` derives with group IFFTs). All of them are multiples of the
// two generators, so they go through a fixed-base table (fixedBase.ts); the scalars are plain
// bigint arithmetic mod r (scalars.ts). Whoever knows the secrets can forge proofs, and the
// setup keeps them beside the file (devSecrets.ts): never use such a file for real funds.
import { getCurveFromName } from 'ffjavascript';
import { BinWriter, readSectionBytes, readSectionPlaces, type SectionPlace } from './binFile.js';
import { randomDevSecrets, type DevSecrets } from './devSecrets.js';
import { bestWindow, FixedBaseMultiplier } from './fixedBase.js';
import { geometric, lagrangeAt, paddedLagrangeAt, R, type RootOfUnity } from './scalars.js';

export interface DevPtauOptions {
  /** The file holds 2^power powers; circuits up to 2^power constraints fit. */
  readonly power: number;
  readonly path: string;
  /** Default: drawn at random and dropped when the file is written. */
  readonly secrets?: DevSecrets;
  readonly onProgress?: (message: string) => void;
}

/** Points per write: keeps memory flat for large powers. */
const BATCH = 4096;

/** Points in every section of a phase-2-ready file of 2^power powers (see section list below). */
function pointCounts(n: number): { g1: number; g2: number } {
  // tauG1 2n-1, alphaTauG1 n, betaTauG1 n, Lagrange tauG1 (2n-1 + 2n), alpha/beta Lagrange 2n-1 each.
  return { g1: 2 * n - 1 + 2 * n + (4 * n - 1) + 2 * (2 * n - 1), g2: n + 1 + (2 * n - 1) };
}

export async function writeDevPtau({ power: bits, path, secrets = randomDevSecrets(), onProgress }: DevPtauOptions): Promise<void> {
  if (!Number.isInteger(bits) || bits < 1 || bits > 27) {
    throw new RangeError(`power must be an integer in [1, 27], received ${bits}`);
  }
  const curve = await getCurveFromName('bn128', { singleThread: true });
  try {
    const n = 2 ** bits;
    const counts = pointCounts(n);
    const g1 = await FixedBaseMultiplier.create(curve, 'g1', bestWindow(counts.g1));
    const g2 = await FixedBaseMultiplier.create(curve, 'g2', bestWindow(counts.g2));
    const { tau, alpha, beta } = secrets;
    const rootOfUnity: RootOfUnity = (k) => curve.Fr.toObject(curve.Fr.w[k]);

    await BinWriter.writeFile(path, 'ptau', 11, async (writer) => {
      // Writes scalar·G for each scalar, in affine LEM form (what snarkjs stores).
      const points = async (multiplier: FixedBaseMultiplier, scalars: readonly bigint[]): Promise<void> => {
        for (let start = 0; start < scalars.length; start += BATCH) await writer.write(multiplier.multiply(scalars.slice(start, start + BATCH)));
      };
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
      const scaled = (factor: bigint, values: bigint[]) => (factor === 1n ? values : values.map((v) => (v * factor) % R));
      const lagrangeSection = (multiplier: FixedBaseMultiplier, factor: bigint, paddedLevel: boolean) => async () => {
        for (let k = 0; k <= bits; k++) await points(multiplier, scaled(factor, lagrangeAt(tau, k, rootOfUnity)));
        if (paddedLevel) await points(multiplier, paddedLagrangeAt(tau, bits, rootOfUnity));
      };
      await writer.section(12, lagrangeSection(g1, 1n, true));
      await writer.section(13, lagrangeSection(g2, 1n, false));
      await writer.section(14, lagrangeSection(g1, alpha, false));
      await writer.section(15, lagrangeSection(g1, beta, false));
    });
  } finally {
    await curve.terminate();
  }
}

/** The power of a ptau file (its header: n8 u32, q in n8 bytes, power u32). */
export async function readPtauPower(path: string): Promise<number> {
  return ptauPowerAt(path, await readSectionPlaces(path, 'ptau'));
}

/** `readPtauPower` for a caller that already holds the file's section table. */
export async function ptauPowerAt(path: string, places: Map<number, SectionPlace>): Promise<number> {
  const n8 = (await readSectionBytes(path, places, 1, 0, 4)).readUInt32LE(0);
  return (await readSectionBytes(path, places, 1, 4 + n8, 4)).readUInt32LE(0);
}
