// A multi-party phase 2 (snarkjs' `zkey new / contribute / verify / beacon`): the circuit's
// setup is safe if one of its contributors destroyed their randomness. `startCeremony` writes
// the initial zkey from the circuit and a ceremony ptau; each party adds a contribution to the
// previous party's zkey with `contribute` and hands the result on; anyone checks the chain with
// `verifyCeremony`; `finalizeCeremony` adds a public random beacon, verifies once more and
// installs the result as the circuit's setup from that ptau (the one `loadArtifacts` prefers).
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import * as snarkjs from 'snarkjs';
import { compileCircuit, type CompiledCircuit, type CompileTarget } from './compile.js';
import { ArtifactError } from './errors.js';
import type { Phase2Contribution } from './manifest.js';
import { checkPtauFits, installSetup, quietLogger, writeInitialZkey, type CircuitArtifacts } from './setup.js';

export interface CeremonyOptions {
  readonly cacheDir?: string;
}

async function compiledFor(target: string | CompileTarget, options: CeremonyOptions): Promise<CompiledCircuit> {
  return compileCircuit(typeof target === 'string' ? { name: target } : target, options.cacheDir ? { cacheDir: options.cacheDir } : {});
}

/** Writes the initial zkey (no contribution yet) of a circuit from a ceremony ptau to `out`. */
export async function startCeremony(target: string | CompileTarget, options: CeremonyOptions & { ptau: string; out: string }): Promise<void> {
  const compiled = await compiledFor(target, options);
  await checkPtauFits(compiled, options.ptau);
  await writeInitialZkey(compiled, options.ptau, options.out);
}

/** Adds one party's contribution to `input`, written to `output`; returns its hash (hex). Without
 * `entropy`, 32 random bytes: nobody, this process included, keeps them. */
export async function contribute(options: { input: string; output: string; name: string; entropy?: string }): Promise<string> {
  const entropy = options.entropy ?? randomBytes(32).toString('hex');
  const hash = await snarkjs.zKey.contribute(options.input, options.output, options.name, entropy, quietLogger).catch((cause: unknown) => {
    throw new ArtifactError(options.input, 'is not a zkey a contribution can be added to', cause);
  });
  return Buffer.from(hash).toString('hex');
}

export interface CeremonyCheck {
  readonly valid: boolean;
  /** The contributions the zkey records, oldest first (empty if it does not verify). */
  readonly contributions: readonly Phase2Contribution[];
}

/** snarkjs lists a zkey's contributions only as the log of `zkey verify`: newest first, each a
 * title line `contribution #i name:` and four lines of hash words, then the beacon's lines. */
function contributionsFromLog(lines: readonly string[]): Phase2Contribution[] {
  const found: Phase2Contribution[] = [];
  for (const [at, line] of lines.entries()) {
    const title = /^contribution #(\d+) ?(.*):\n([\s\S]*)$/.exec(line);
    if (!title) continue;
    const beaconHash = /^Beacon generator: ([0-9a-f]+)$/.exec(lines[at + 1] ?? '');
    const iterations = /^Beacon iterations Exp: (\d+)$/.exec(lines[at + 2] ?? '');
    found.push({
      name: title[2]!,
      hash: title[3]!.replace(/\s+/g, ''),
      ...(beaconHash && iterations ? { beacon: { hash: beaconHash[1]!, iterationsExp: Number(iterations[1]) } } : {}),
    });
  }
  return found.reverse();
}

/** Checks a zkey against the circuit and the ptau from scratch (snarkjs `zkey verify`): every
 * contribution in its chain, and that it is this circuit's. */
export async function verifyCeremony(target: string | CompileTarget, options: CeremonyOptions & { ptau: string; zkey: string }): Promise<CeremonyCheck> {
  const compiled = await compiledFor(target, options);
  await checkPtauFits(compiled, options.ptau);
  const lines: string[] = [];
  const logger = { ...quietLogger, info: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const valid = await snarkjs.zKey.verifyFromR1cs(compiled.r1cs, options.ptau, options.zkey, logger).catch(() => false);
  return { valid, contributions: valid ? contributionsFromLog(lines) : [] };
}

export interface FinalizeOptions extends CeremonyOptions {
  readonly ptau: string;
  /** The last contribution's zkey. */
  readonly zkey: string;
  /** Hex of a public random value fixed after the last contribution (e.g. a future block hash). */
  readonly beacon: string;
  /** The beacon is hashed 2^iterationsExp times (10..63, default 10). */
  readonly iterationsExp?: number;
  readonly name?: string;
}

/** Applies the beacon, verifies the whole chain and installs the result as the circuit's setup
 * from this ptau, replacing an earlier one from the same ptau. */
export async function finalizeCeremony(
  target: string | CompileTarget,
  options: FinalizeOptions,
): Promise<CircuitArtifacts & { contributions: readonly Phase2Contribution[] }> {
  const compiled = await compiledFor(target, options);
  const ptau = await checkPtauFits(compiled, options.ptau);
  const iterationsExp = options.iterationsExp ?? 10;
  if (!/^([0-9a-fA-F]{2}){1,255}$/.test(options.beacon))
    throw new ArtifactError(options.zkey, `beacon must be 1 to 255 bytes of hex, received ${JSON.stringify(options.beacon)}`);
  if (!Number.isInteger(iterationsExp) || iterationsExp < 10 || iterationsExp > 63)
    throw new RangeError(`iterationsExp must be an integer in [10, 63], received ${iterationsExp}`);
  const final = `${options.zkey}.final.partial`;
  const done = await snarkjs.zKey
    .beacon(options.zkey, final, options.name ?? 'final beacon', options.beacon, iterationsExp, quietLogger)
    .catch(() => false as const);
  if (done === false) throw new ArtifactError(options.zkey, 'is not a zkey a beacon can be applied to');
  // One full check of the result covers the whole chain, the beacon included.
  const after = await verifyCeremony(target, { ...options, zkey: final });
  const problem = !after.valid
    ? `does not verify against ${compiled.name} and ${options.ptau}`
    : after.contributions.length < 2
      ? 'has no contribution: a beacon alone is public, so the setup would be insecure'
      : undefined;
  if (problem !== undefined) {
    await rm(final, { force: true });
    throw new ArtifactError(options.zkey, problem);
  }
  const artifacts = await installSetup({ compiled, id: ptau.sha256.slice(0, 16), ptau, zkey: final, dev: false, contributions: after.contributions });
  return { ...artifacts, contributions: after.contributions };
}
