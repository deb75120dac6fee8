// Trusted-setup time. The dev setup of each test instance from an empty cache, phase by phase,
// and the three choices behind its speed against the snarkjs routes they replace, alternating in
// one run: the dev ptau computed directly (fixed-base multiples of the generators) vs snarkjs'
// ceremony route (new accumulator, one contribution, prepare phase2) at the same power; the
// initial zkey computed from the dev secrets vs snarkjs' groth16 setup (newZKey); and the zkey
// checked against the initial zkey just built vs snarkjs' verifyFromR1cs (which builds it again).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCurveFromName } from 'ffjavascript';
import * as snarkjs from 'snarkjs';
import {
  compileCircuit,
  randomDevSecrets,
  readManifest,
  readR1csHeader,
  requiredPower,
  setupCircuit,
  writeDevInitialZkey,
  writeDevPtau,
  type DevSecrets,
} from '@zkr/circuits';
import { median } from '../stats.js';

export interface SetupResult {
  /** Seconds per phase of `setupCircuit` from an empty cache. */
  readonly instances: { circuit: string; constraints: number; power: number; seconds: Record<SetupPhase, number> & { total: number } }[];
  readonly ptau: { power: number; rounds: number; directSeconds: number; snarkjsSeconds: number; ratio: number };
  readonly initialZkey?: { circuit: string; rounds: number; directSeconds: number; snarkjsSeconds: number; ratio: number };
  readonly verify?: { circuit: string; rounds: number; fromInitialSeconds: number; fromR1csSeconds: number; ratio: number };
}

type SetupPhase = 'compile' | 'ptau' | 'zkey' | 'contribution' | 'verify';

// setupCircuit's progress messages, in order, and the phase each one opens.
const PHASES: readonly [RegExp, SetupPhase][] = [
  [/^compiling/, 'compile'],
  [/INSECURE dev powers of tau/, 'ptau'],
  [/^groth16 setup/, 'zkey'],
  [/^phase-2 contribution/, 'contribution'],
  [/^verifying/, 'verify'],
];

const silent = { info() {}, debug() {}, warn() {}, error() {} };

async function seconds(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'zkr-bench-setup-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function timeSetup(name: string): Promise<SetupResult['instances'][number]> {
  return withTempDir(async (cacheDir) => {
    const spent: Record<SetupPhase, number> = { compile: 0, ptau: 0, zkey: 0, contribution: 0, verify: 0 };
    let phase: SetupPhase | undefined;
    let since = performance.now();
    const close = (): void => {
      const now = performance.now();
      if (phase) spent[phase] += (now - since) / 1000;
      since = now;
    };
    const started = performance.now();
    const artifacts = await setupCircuit(
      { name },
      {
        cacheDir,
        onProgress: (message) => {
          const opened = PHASES.find(([pattern]) => pattern.test(message))?.[1];
          if (opened) {
            close();
            phase = opened;
          }
        },
      },
    );
    close(); // the manifest's hashes count as verification
    const { ptau } = await readManifest(artifacts.manifest);
    return { circuit: name, constraints: artifacts.constraints, power: ptau.power, seconds: { ...spent, total: (performance.now() - started) / 1000 } };
  });
}

/** snarkjs' ceremony route to a phase-2-ready file: what the direct dev ptau replaces. */
async function snarkjsPtau(power: number, dir: string): Promise<void> {
  const curve = await getCurveFromName('bn128');
  try {
    await snarkjs.powersOfTau.newAccumulator(curve, power, join(dir, 'pot0.ptau'), silent);
    await snarkjs.powersOfTau.contribute(join(dir, 'pot0.ptau'), join(dir, 'pot1.ptau'), 'bench', 'entropy', silent);
    await snarkjs.powersOfTau.preparePhase2(join(dir, 'pot1.ptau'), join(dir, 'final.ptau'), silent);
  } finally {
    await curve.terminate();
  }
}

async function comparePtau(power: number, rounds: number): Promise<SetupResult['ptau']> {
  const direct: number[] = [];
  const ceremony: number[] = [];
  for (let round = 0; round < rounds; round++) {
    ceremony.push(await withTempDir((dir) => seconds(() => snarkjsPtau(power, dir))));
    direct.push(await withTempDir((dir) => seconds(() => writeDevPtau({ power, path: join(dir, 'dev.ptau') }))));
  }
  const directSeconds = median(direct);
  const snarkjsSeconds = median(ceremony);
  return { power, rounds, directSeconds, snarkjsSeconds, ratio: snarkjsSeconds / directSeconds };
}

/** A dev setup of `name` in `dir`, its secrets in hand: the files both comparisons below use. */
async function devSetupIn(name: string, dir: string): Promise<{ r1cs: string; ptau: string; secrets: DevSecrets; initial: string; final: string }> {
  const { r1cs } = await compileCircuit({ name });
  const header = await readR1csHeader(r1cs);
  const secrets = randomDevSecrets();
  const ptau = join(dir, 'dev.ptau');
  await writeDevPtau({ power: requiredPower(header), path: ptau, secrets });
  const initial = join(dir, 'initial.zkey');
  await writeDevInitialZkey({ r1cs, ptau, secrets, path: initial });
  const final = join(dir, 'final.zkey');
  await snarkjs.zKey.contribute(initial, final, 'bench', 'entropy', silent);
  return { r1cs, ptau, secrets, initial, final };
}

async function compareInitialZkey(name: string, rounds: number): Promise<NonNullable<SetupResult['initialZkey']>> {
  return withTempDir(async (dir) => {
    const { r1cs, ptau, secrets } = await devSetupIn(name, dir);
    const direct: number[] = [];
    const viaSnarkjs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      viaSnarkjs.push(await seconds(() => snarkjs.zKey.newZKey(r1cs, ptau, join(dir, 'snarkjs.zkey'), silent)));
      direct.push(await seconds(() => writeDevInitialZkey({ r1cs, ptau, secrets, path: join(dir, 'direct.zkey') })));
    }
    const directSeconds = median(direct);
    const snarkjsSeconds = median(viaSnarkjs);
    return { circuit: name, rounds, directSeconds, snarkjsSeconds, ratio: snarkjsSeconds / directSeconds };
  });
}

async function compareVerify(name: string, rounds: number): Promise<NonNullable<SetupResult['verify']>> {
  return withTempDir(async (dir) => {
    const { r1cs, ptau, initial, final } = await devSetupIn(name, dir);
    const fromInitial: number[] = [];
    const fromR1cs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      fromR1cs.push(await seconds(() => snarkjs.zKey.verifyFromR1cs(r1cs, ptau, final, silent)));
      fromInitial.push(await seconds(() => snarkjs.zKey.verifyFromInit(initial, ptau, final, silent)));
    }
    const fromInitialSeconds = median(fromInitial);
    const fromR1csSeconds = median(fromR1cs);
    return { circuit: name, rounds, fromInitialSeconds, fromR1csSeconds, ratio: fromR1csSeconds / fromInitialSeconds };
  });
}

export async function measureSetup(options: {
  readonly circuits: readonly string[];
  readonly ptauPower: number;
  readonly rounds: number;
  readonly verifyCircuit?: string;
  readonly log: (m: string) => void;
}): Promise<SetupResult> {
  const instances = [];
  for (const name of options.circuits) {
    options.log(`setup: dev setup of ${name} from an empty cache`);
    instances.push(await timeSetup(name));
  }
  options.log(`setup: dev ptau 2^${options.ptauPower}, direct vs snarkjs ceremony route, ${options.rounds} rounds`);
  const ptau = await comparePtau(options.ptauPower, options.rounds);
  if (options.verifyCircuit === undefined) return { instances, ptau };
  options.log(`setup: initial zkey of ${options.verifyCircuit}, from the dev secrets vs snarkjs groth16 setup`);
  const initialZkey = await compareInitialZkey(options.verifyCircuit, options.rounds);
  options.log(`setup: zkey verification of ${options.verifyCircuit}, against the initial zkey vs from the r1cs`);
  return { instances, ptau, initialZkey, verify: await compareVerify(options.verifyCircuit, options.rounds) };
}
