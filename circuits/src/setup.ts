// Groth16 trusted setup of a compiled circuit: phase 2 from a powers-of-tau file (a real
// ceremony's, or a locally generated INSECURE dev one), one random contribution, a check of
// the result against the initial zkey and the ptau, the verification key, and a manifest of hashes.
// A multi-party phase 2 goes through ceremony.ts and ends in the same `installSetup`.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { defaultCacheDir, sha256File } from './cache.js';
import { compileCircuit, type CompiledCircuit, type CompileTarget } from './compile.js';
import { readR1csHeader, requiredPower } from './r1cs.js';
import { ArtifactError } from './errors.js';
import { manifestFile, writeManifest, type Manifest, type Phase2Contribution } from './manifest.js';
import { devSecretsPath, randomDevSecrets, readDevSecrets, writeDevSecrets, type DevSecrets } from './devSecrets.js';
import { defaultDevZkeyEngine, writeDevInitialZkey, writeDevZkeyFromSecrets } from './devZkey.js';
import { readPtauPower, writeDevPtau } from './ptau.js';
import { ptauInsecurity } from './ptauSafety.js';

export interface SetupOptions {
  /** A real ceremony file (prepared for phase 2). Without it an INSECURE dev ptau is used. */
  readonly ptau?: string;
  readonly cacheDir?: string;
  readonly onProgress?: (message: string) => void;
  /** Dev setups of circuits above 2^this start from the dev secrets alone (default DEV_PTAU_MAX_POWER). */
  readonly devPtauMaxPower?: number;
}

/** Which of a circuit's setups a set of artifacts comes from. */
export interface SetupIdentity {
  /** 'dev' (the INSECURE local setup) or the ptau's sha256 prefix (a setup from a given ptau). */
  readonly id: string;
  /** True when the setup's toxic waste is known: proofs of anything verify under its key. */
  readonly insecure: boolean;
  readonly insecureReason?: string;
}

export interface CircuitArtifacts {
  readonly name: string;
  readonly dir: string;
  readonly r1cs: string;
  readonly wasm: string;
  readonly zkey: string;
  readonly vkey: string;
  readonly manifest: string;
  readonly constraints: number;
  readonly setup: SetupIdentity;
}

export const DEV_SETUP_ID = 'dev';

/**
 * The largest dev ptau a dev setup makes when the native addon is built (the tests' 2^14 and
 * 2^15 take seconds in JS; 2^20 took ~40 min). A larger circuit's dev setup then starts from the
 * dev secrets alone, natively (§7.8); without the addon every dev setup makes its dev ptau.
 */
export const DEV_PTAU_MAX_POWER = 16;

/** The folder of setup `id` of a compiled circuit. */
export const setupDir = (compiledDir: string, id: string): string => join(compiledDir, `setup-${id}`);

/** The cached dev ptau of a power, generated on first use (~16 s at 2^15 on this machine). */
export async function devPtau(power: number, options: Pick<SetupOptions, 'cacheDir' | 'onProgress'> = {}): Promise<string> {
  const dir = join(options.cacheDir ?? defaultCacheDir(), 'ptau');
  const path = join(dir, `dev-insecure-pot${power}.ptau`);
  if (!existsSync(path)) {
    await mkdir(dir, { recursive: true });
    options.onProgress?.(`generating INSECURE dev powers of tau 2^${power} (its tau was known to this process)`);
    // Secrets first: a ptau in place (renamed there whole) always has its own beside it.
    const secrets = randomDevSecrets();
    await writeDevSecrets(devSecretsPath(path), secrets);
    await writeDevPtau({ power, path, secrets, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  }
  return path;
}

export const quietLogger = { info() {}, debug() {}, warn() {}, error: (m: string) => console.error(m) };

/** A ptau checked to fit a circuit, with what its manifest records. */
export interface CheckedPtau {
  readonly path: string;
  readonly power: number;
  readonly sha256: string;
  readonly insecureReason: string | undefined;
}

export async function checkPtauFits(compiled: CompiledCircuit, ptau: string): Promise<CheckedPtau> {
  const power = requiredPower(await readR1csHeader(compiled.r1cs));
  const ptauPower = await readPtauPower(ptau);
  if (ptauPower < power) {
    throw new ArtifactError(ptau, `holds 2^${ptauPower} powers but ${compiled.name} (${compiled.constraints} constraints) needs 2^${power}`);
  }
  return { path: ptau, power: ptauPower, sha256: await sha256File(ptau), insecureReason: await ptauInsecurity(ptau) };
}

/** The initial (contribution-free) zkey of a circuit from a ptau: from its dev secrets when they
 * are kept beside it (~10x sooner, same bytes: devZkey.ts), else through snarkjs. */
export async function writeInitialZkey(compiled: CompiledCircuit, ptau: string, path: string): Promise<void> {
  const secrets = await readDevSecrets(devSecretsPath(ptau));
  if (secrets) await writeDevInitialZkey({ r1cs: compiled.r1cs, ptau, secrets, path });
  else await snarkjs.zKey.newZKey(compiled.r1cs, ptau, path, quietLogger);
}

function artifactsIn(compiled: CompiledCircuit, dir: string, setup: SetupIdentity): CircuitArtifacts {
  return {
    name: compiled.name,
    dir,
    r1cs: compiled.r1cs,
    wasm: compiled.wasm,
    zkey: join(dir, 'circuit_final.zkey'),
    vkey: join(dir, 'verification_key.json'),
    manifest: join(dir, 'manifest.json'),
    constraints: compiled.constraints,
    setup,
  };
}

const DEV_INSECURE_REASON = 'a dev setup: its ptau was made on this machine, tau, alpha and beta known';
/** Why a setup is insecure, if it is: a dev setup always; a ptau's setup if the file says so. */
const insecureReasonOf = (dev: boolean, ptau: CheckedPtau): string | undefined => (dev ? DEV_INSECURE_REASON : ptau.insecureReason);

const identity = (id: string, insecureReason: string | undefined): SetupIdentity => ({
  id,
  insecure: insecureReason !== undefined,
  ...(insecureReason === undefined ? {} : { insecureReason }),
});

/** The INSECURE dev secrets of setups without a ptau file (made on first use, kept beside the dev ptaus). */
async function devSecretsWithoutPtau(options: Pick<SetupOptions, 'cacheDir'>): Promise<{ path: string; secrets: DevSecrets }> {
  const dir = join(options.cacheDir ?? defaultCacheDir(), 'ptau');
  const path = join(dir, 'dev-insecure-no-ptau.secrets.json');
  const existing = await readDevSecrets(path);
  if (existing) return { path, secrets: existing };
  await mkdir(dir, { recursive: true });
  const secrets = randomDevSecrets();
  await writeDevSecrets(`${path}.partial`, secrets);
  await rename(`${path}.partial`, path);
  return { path, secrets };
}

/** One random phase-2 contribution by snarkjs, from `initial` to `final`. */
async function contributeOnce(initial: string, final: string): Promise<Phase2Contribution> {
  const name = 'zkr setup contribution';
  const hash = await snarkjs.zKey.contribute(initial, final, name, randomBytes(32).toString('hex'), quietLogger);
  return { name, hash: Buffer.from(hash).toString('hex') };
}

/**
 * A dev setup above DEV_PTAU_MAX_POWER: the initial zkey from the dev secrets alone (native),
 * installed as it is. No contribution: with alpha and beta known anyone forges proofs whatever
 * delta is (§7.8), so one would add no security, and at 2^21 and above snarkjs' contribution
 * takes longer than the zkey itself. There is no ptau to run `zkey verify` against; the zkey's
 * bytes are those newZKey would write from a ptau of these secrets (tested at small sizes), and
 * every native proof is verified before it is returned.
 */
async function setupFromDevSecrets(compiled: CompiledCircuit, power: number, options: SetupOptions): Promise<CircuitArtifacts> {
  const { path, secrets } = await devSecretsWithoutPtau(options);
  const source: CheckedPtau = { path, power, sha256: await sha256File(path), insecureReason: DEV_INSECURE_REASON };
  const dir = setupDir(compiled.dir, DEV_SETUP_ID);
  const artifacts = artifactsIn(compiled, dir, identity(DEV_SETUP_ID, DEV_INSECURE_REASON));
  if (existsSync(artifacts.manifest)) return artifacts;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const partial = `${artifacts.zkey}.partial`;
  options.onProgress?.(`groth16 dev setup of ${compiled.name} (2^${power}) from the INSECURE dev secrets alone, native, no contribution`);
  await writeDevZkeyFromSecrets({ r1cs: compiled.r1cs, secrets, path: partial });
  return installSetup({ compiled, id: DEV_SETUP_ID, ptau: source, zkey: partial, dev: true, contributions: [] });
}

export async function setupCircuit(target: CompileTarget, options: SetupOptions = {}): Promise<CircuitArtifacts> {
  const compiled: CompiledCircuit = await compileCircuit(target, options);
  const dev = options.ptau === undefined;
  const power = requiredPower(await readR1csHeader(compiled.r1cs));
  if (dev && defaultDevZkeyEngine() === 'native' && power > (options.devPtauMaxPower ?? DEV_PTAU_MAX_POWER))
    return setupFromDevSecrets(compiled, power, options);
  const ptauPath = options.ptau ?? (await devPtau(power, options));
  const ptau = await checkPtauFits(compiled, ptauPath);
  const id = dev ? DEV_SETUP_ID : ptau.sha256.slice(0, 16);
  const dir = setupDir(compiled.dir, id);
  const artifacts = artifactsIn(compiled, dir, identity(id, insecureReasonOf(dev, ptau)));
  if (existsSync(artifacts.manifest)) return artifacts;

  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const initial = join(dir, 'circuit_0000.zkey');
  options.onProgress?.(`groth16 setup of ${compiled.name} with ${basename(ptau.path)}`);
  await writeInitialZkey(compiled, ptau.path, initial);
  options.onProgress?.('phase-2 contribution');
  const partial = `${artifacts.zkey}.partial`;
  const contribution = await contributeOnce(initial, partial);
  // `zkey verify` = rebuild the initial zkey from r1cs and ptau, then check the final one
  // against it (and its H points against the ptau's powers). The initial zkey was built from
  // them a moment ago, so checking against it saves a second, identical build.
  options.onProgress?.('verifying the zkey against the initial zkey and the ptau');
  if (!(await snarkjs.zKey.verifyFromInit(initial, ptau.path, partial, quietLogger))) {
    throw new ArtifactError(partial, 'does not verify against its initial zkey and ptau');
  }
  await rm(initial);
  return installSetup({ compiled, id, ptau, zkey: partial, dev, contributions: [contribution] });
}

export interface InstallOptions {
  readonly compiled: CompiledCircuit;
  readonly id: string;
  readonly ptau: CheckedPtau;
  /** The verified final zkey: moved into the setup's folder. */
  readonly zkey: string;
  readonly dev: boolean;
  readonly contributions: readonly Phase2Contribution[];
}

/** Moves a verified final zkey into setup `id`'s folder, with its verification key and manifest. */
export async function installSetup({ compiled, id, ptau, zkey, dev, contributions }: InstallOptions): Promise<CircuitArtifacts> {
  const dir = setupDir(compiled.dir, id);
  const insecureReason = insecureReasonOf(dev, ptau);
  const artifacts = artifactsIn(compiled, dir, identity(id, insecureReason));
  await mkdir(dir, { recursive: true });
  // The manifest goes last and marks the folder complete: drop an older one first.
  await rm(artifacts.manifest, { force: true });
  await rename(zkey, artifacts.zkey);
  await writeFile(artifacts.vkey, JSON.stringify(await snarkjs.zKey.exportVerificationKey(artifacts.zkey, quietLogger), null, 1));
  const manifest: Manifest = {
    circuit: compiled.name,
    sourceHash: compiled.sourceHash,
    constraints: compiled.constraints,
    publicInputs: compiled.publicInputs,
    ptau: {
      file: basename(ptau.path),
      power: ptau.power,
      sha256: ptau.sha256,
      insecureDev: insecureReason !== undefined,
      ...(insecureReason === undefined ? {} : { insecureReason }),
    },
    phase2: { contributions },
    files: {
      r1cs: await manifestFile(dir, artifacts.r1cs),
      wasm: await manifestFile(dir, artifacts.wasm),
      zkey: await manifestFile(dir, artifacts.zkey),
      vkey: await manifestFile(dir, artifacts.vkey),
    },
    createdAt: new Date().toISOString(),
  };
  await writeManifest(artifacts.manifest, manifest);
  return artifacts;
}
