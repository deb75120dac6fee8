// The initial Groth16 zkey of a circuit, computed directly from the secrets of its INSECURE dev
// powers of tau.
//
// snarkjs' `groth16 setup` (newZKey) builds every point as a multi-exponentiation of the ptau's
// Lagrange points by r1cs coefficients: A_j = sum_c a_cj·L_c(tau)·G1, and so on. Knowing tau,
// alpha and beta, the same point is u_j(tau)·G1, where u_j(tau) = sum_c a_cj·L_c(tau) is plain
// scalar arithmetic, so each point costs one fixed-base multiplication (fixedBase.ts) instead.
// The file is byte-identical to newZKey's from the same r1cs and ptau (tested), including the
// circuit hash that later contributions and `zkey verify` check.
//
// With the native addon built (@zkr/prover-native), the same file comes from Rust
// (devzkey.rs): the r1cs streamed, multi-threaded, and no ptau needed beyond its power.
import { native } from '@zkr/prover-native';
import { blake2b } from '@noble/hashes/blake2.js';
import { getCurveFromName, type Curve } from 'ffjavascript';
import { BinWriter, readSectionBytes, readSectionPlaces, type SectionPlace } from './binFile.js';
import type { DevSecrets } from './devSecrets.js';
import { ArtifactError } from './errors.js';
import { bestWindow, FixedBaseMultiplier } from './fixedBase.js';
import { ptauPowerAt } from './ptau.js';
import { forEachTerm, publicSignals, readR1cs, requiredPower, type R1cs } from './r1cs.js';
import { geometric, lagrangeAt, mod, paddedLagrangeAt, power, R, type RootOfUnity } from './scalars.js';

export interface DevZkeyOptions {
  readonly r1cs: string;
  /** The dev ptau the secrets belong to (checked). */
  readonly ptau: string;
  readonly secrets: DevSecrets;
  readonly path: string;
  /** 'native' (the default when the addon loads) or 'js'. */
  readonly engine?: DevZkeyEngine;
}

export type DevZkeyEngine = 'native' | 'js';

/** The engine a dev zkey is computed with when none is asked for. */
export const defaultDevZkeyEngine = (): DevZkeyEngine => (native ? 'native' : 'js');

/** Points per multiplication call: keeps the wasm memory small for large circuits. */
const BATCH = 4096;

/** Montgomery's R = 2^256 mod r: snarkjs stores each coefficient as value·R^2 mod r. */
const MONTGOMERY_R = (1n << 256n) % R;
const COEFFICIENT_FACTOR = (MONTGOMERY_R * MONTGOMERY_R) % R;

/** Per wire j of the circuit: u_j(tau), v_j(tau), w_j(tau), the QAP polynomials at tau. */
interface WirePolynomials {
  readonly u: bigint[];
  readonly v: bigint[];
  readonly w: bigint[];
  /** Coefficient section of the zkey: (matrix, constraint, wire, coefficient) of A and B. */
  readonly coefficients: Buffer;
}

/**
 * Evaluates the QAP at tau from the r1cs. snarkjs appends one constraint per public signal
 * (and the constant wire) with A coefficient 1 on that wire, so that IC points are independent.
 */
function wirePolynomials(r1cs: R1cs, nPublic: number, lagrange: readonly bigint[]): WirePolynomials {
  const wires = r1cs.header.wires;
  const sums = [new Array<bigint>(wires).fill(0n), new Array<bigint>(wires).fill(0n), new Array<bigint>(wires).fill(0n)];
  // One entry per A or B term: u32 matrix, constraint, wire, then the 32-byte coefficient. An
  // r1cs term takes 4 + n8 bytes, so the r1cs size bounds the section's.
  const entrySize = 12 + 32;
  const section = Buffer.alloc(4 + (Math.ceil(r1cs.constraintBytes.length / (4 + r1cs.n8)) + nPublic + 1) * entrySize);
  let entries = 0;
  const entry = (matrix: number, constraint: number, wire: number, coefficient: bigint): void => {
    const at = 4 + entries++ * entrySize;
    section.writeUInt32LE(matrix, at);
    section.writeUInt32LE(constraint, at + 4);
    section.writeUInt32LE(wire, at + 8);
    writeLittleEndian(section, at + 12, (coefficient * COEFFICIENT_FACTOR) % R);
  };
  forEachTerm(r1cs, (matrix, constraint, wire, coefficient) => {
    sums[matrix]![wire]! += coefficient * lagrange[constraint]!;
    if (matrix !== 2) entry(matrix, constraint, wire, coefficient);
  });
  for (let wire = 0; wire <= nPublic; wire++) {
    const constraint = r1cs.header.constraints + wire;
    sums[0]![wire]! += lagrange[constraint]!;
    entry(0, constraint, wire, 1n);
  }
  section.writeUInt32LE(entries, 0);
  const [u, v, w] = sums.map((values) => values.map(mod)) as [bigint[], bigint[], bigint[]];
  return { u, v, w, coefficients: section.subarray(0, 4 + entries * entrySize) };
}

function writeLittleEndian(bytes: Buffer, at: number, value: bigint): void {
  for (let i = 0; i < 32; i += 8, value >>= 64n) bytes.writeBigUInt64LE(value & 0xffffffffffffffffn, at + i);
}

const u32BigEndian = (value: number): Uint8Array => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value, 0);
  return bytes;
};

/** The zkey is only as right as its secrets: they must be those of the ptau (tau·G1, alpha·G1, beta·G2). */
async function checkSecretsMatch(
  ptau: string,
  places: Map<number, SectionPlace>,
  { tau, alpha, beta }: DevSecrets,
  g1: FixedBaseMultiplier,
  g2: FixedBaseMultiplier,
): Promise<void> {
  const expected = [
    [await readSectionBytes(ptau, places, 2, 64, 64), g1.multiply([tau])],
    [await readSectionBytes(ptau, places, 4, 0, 64), g1.multiply([alpha])],
    [await readSectionBytes(ptau, places, 6, 0, 128), g2.multiply([beta])],
  ] as const;
  if (!expected.every(([stored, computed]) => stored.equals(computed))) {
    throw new ArtifactError(ptau, 'was not made from the dev secrets kept beside it');
  }
}

/**
 * The initial zkey from the secrets alone, no ptau file: only the native addon does it (the JS
 * engine reads the whole r1cs, which a 2^22 circuit's is too large for). Its H points are the
 * form any ptau larger than the circuit gives; `ptauPower` asks for another's.
 */
export async function writeDevZkeyFromSecrets(options: { r1cs: string; secrets: DevSecrets; path: string; ptauPower?: number }): Promise<void> {
  if (!native) throw new ArtifactError(options.r1cs, 'needs the native addon (@zkr/prover-native) for a dev setup without a ptau file');
  const { tau, alpha, beta } = options.secrets;
  await native.writeDevZkey({
    r1cs: options.r1cs,
    tau: tau.toString(),
    alpha: alpha.toString(),
    beta: beta.toString(),
    path: options.path,
    ...(options.ptauPower === undefined ? {} : { ptauPower: options.ptauPower }),
  });
}

export async function writeDevInitialZkey(options: DevZkeyOptions): Promise<void> {
  const engine = options.engine ?? defaultDevZkeyEngine();
  if (engine === 'js') return writeDevInitialZkeyJs(options);
  const { r1cs, ptau, secrets, path } = options;
  const places = await readSectionPlaces(ptau, 'ptau');
  const curve: Curve = await getCurveFromName('bn128', { singleThread: true });
  try {
    await checkSecretsMatch(ptau, places, secrets, await FixedBaseMultiplier.create(curve, 'g1', 4), await FixedBaseMultiplier.create(curve, 'g2', 4));
  } finally {
    await curve.terminate();
  }
  await writeDevZkeyFromSecrets({ r1cs, secrets, path, ptauPower: await ptauPowerAt(ptau, places) });
}

async function writeDevInitialZkeyJs({ r1cs: r1csPath, ptau, secrets, path }: DevZkeyOptions): Promise<void> {
  const r1cs = await readR1cs(r1csPath);
  const ptauPlaces = await readSectionPlaces(ptau, 'ptau');
  const ptauPower = await ptauPowerAt(ptau, ptauPlaces);
  const { wires } = r1cs.header;
  const nPublic = publicSignals(r1cs.header);
  const bits = requiredPower(r1cs.header);
  if (bits > ptauPower) throw new ArtifactError(r1csPath, `needs 2^${bits} powers of tau but the dev ptau holds 2^${ptauPower}`);
  const domainSize = 2 ** bits;
  const { tau, alpha, beta } = secrets;

  const curve: Curve = await getCurveFromName('bn128', { singleThread: true });
  try {
    const rootOfUnity: RootOfUnity = (k) => curve.Fr.toObject(curve.Fr.w[k]);
    const { u, v, w, coefficients } = wirePolynomials(r1cs, nPublic, lagrangeAt(tau, bits, rootOfUnity));
    // What the proof's C and the verifier's IC combine per wire: beta·u + alpha·v + w (over gamma = delta = 1).
    const combined = u.map((uj, j) => (beta * uj + alpha * v[j]! + w[j]!) % R);
    // H: the odd points of the Lagrange basis of twice the domain (snarkjs' coset for h(X)).
    const twice = bits + 1 <= ptauPower ? lagrangeAt(tau, bits + 1, rootOfUnity) : paddedLagrangeAt(tau, ptauPower, rootOfUnity);
    const h = Array.from({ length: domainSize }, (_, i) => twice[2 * i + 1]!);
    // The circuit hash covers H as tau^i (tau^n - 1)·G1, the points `zkey verify` recomputes.
    const zeroAtTau = mod(power(tau, BigInt(domainSize)) - 1n);
    const hashedH = geometric(zeroAtTau, tau, domainSize - 1);

    const g1 = await FixedBaseMultiplier.create(curve, 'g1', bestWindow(4 * wires + 2 * domainSize));
    const g2 = await FixedBaseMultiplier.create(curve, 'g2', bestWindow(wires));
    await checkSecretsMatch(ptau, ptauPlaces, secrets, g1, g2);
    const hasher = blake2b.create({ dkLen: 64 });
    const multiply = (multiplier: FixedBaseMultiplier, scalars: readonly bigint[]): Uint8Array[] => {
      const out: Uint8Array[] = [];
      for (let start = 0; start < scalars.length; start += BATCH) out.push(multiplier.multiply(scalars.slice(start, start + BATCH)));
      return out;
    };
    const hashPoints = async (group: 'G1' | 'G2', chunks: readonly Uint8Array[]): Promise<void> => {
      for (const chunk of chunks) hasher.update(await curve[group].batchLEMtoU(chunk));
    };
    await BinWriter.writeFile(path, 'zkey', 10, async (writer) => {
      // A section of points: written in the wasm's form, hashed with its length in the uncompressed form.
      const pointSection = (id: number, group: 'G1' | 'G2', scalars: readonly bigint[]) =>
        writer.section(id, async () => {
          const chunks = multiply(group === 'G1' ? g1 : g2, scalars);
          hasher.update(u32BigEndian(scalars.length));
          for (const chunk of chunks) await writer.write(chunk);
          await hashPoints(group, chunks);
        });
      await writer.section(1, () => writer.write(Buffer.from([1, 0, 0, 0]))); // protocol: Groth16
      await writer.section(2, async () => {
        const header = Buffer.alloc(4 + 32 + 4 + 32 + 12);
        header.writeUInt32LE(32, 0);
        writeLittleEndian(header, 4, curve.q);
        header.writeUInt32LE(32, 36);
        writeLittleEndian(header, 40, R);
        header.writeUInt32LE(wires, 72);
        header.writeUInt32LE(nPublic, 76);
        header.writeUInt32LE(domainSize, 80);
        await writer.write(header);
        // alpha1, beta1, beta2, then gamma2, delta1, delta2 = the generators (gamma = delta = 1).
        const keyPoints = [g1.multiply([alpha, beta]), g2.multiply([beta]), g2.multiply([1n]), g1.multiply([1n]), g2.multiply([1n])];
        const groups = ['G1', 'G2', 'G2', 'G1', 'G2'] as const;
        for (const points of keyPoints) await writer.write(points);
        for (const [i, points] of keyPoints.entries()) await hashPoints(groups[i]!, [points]);
      });
      await writer.section(4, () => writer.write(coefficients));
      await pointSection(3, 'G1', combined.slice(0, nPublic + 1));
      await writer.section(9, async () => {
        for (const chunk of multiply(g1, h)) await writer.write(chunk);
        hasher.update(u32BigEndian(hashedH.length));
        await hashPoints('G1', multiply(g1, hashedH));
      });
      await pointSection(8, 'G1', combined.slice(nPublic + 1));
      await pointSection(5, 'G1', u);
      await pointSection(6, 'G1', v);
      await pointSection(7, 'G2', v);
      await writer.section(10, async () => {
        await writer.write(hasher.digest());
        await writer.write(new Uint8Array(4)); // no contributions yet
      });
    });
  } finally {
    await curve.terminate();
  }
}
