// Groth16 trusted setup of a compiled circuit: phase 2 from a powers-of-tau file (a real
// ceremony's, or a locally generated INSECURE dev one), one random contribution, a check of
// the result against the initial zkey and the ptau, the verification key, and a manifest of hashes.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { defaultCacheDir, sha256File } from './cache.js';
import { compileCircuit, type CompiledCircuit, type CompileTarget } from './compile.js';
import { readR1csHeader, requiredPower } from './r1cs.js';
import { ArtifactError } from './errors.js';
import { manifestFile, writeManifest, type Manifest } from './manifest.js';
import { devSecretsPath, randomDevSecrets, readDevSecrets, writeDevSecrets } from './devSecrets.js';
import { writeDevInitialZkey } from './devZkey.js';
import { readPtauPower, writeDevPtau } from './ptau.js';

export interface SetupOptions {
  /** A real ceremony file (prepared for phase 2). Without it an INSECURE dev ptau is used. */
  readonly ptau?: string;
  readonly cacheDir?: string;
  readonly onProgress?: (message: string) => void;
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
}

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

const quietLogger = { info() {}, debug() {}, warn() {}, error: (m: string) => console.error(m) };

export async function setupCircuit(target: CompileTarget, options: SetupOptions = {}): Promise<CircuitArtifacts> {
  const compiled: CompiledCircuit = await compileCircuit(target, options);
  const header = await readR1csHeader(compiled.r1cs);
  const power = requiredPower(header);
  const insecureDev = options.ptau === undefined;
  const ptau = options.ptau ?? (await devPtau(power, options));
  const ptauPower = await readPtauPower(ptau);
  if (ptauPower < power) {
    throw new ArtifactError(ptau, `holds 2^${ptauPower} powers but ${compiled.name} (${compiled.constraints} constraints) needs 2^${power}`);
  }
  const ptauHash = await sha256File(ptau);
  const dir = join(compiled.dir, insecureDev ? 'setup-dev' : `setup-${ptauHash.slice(0, 16)}`);
  const artifacts: CircuitArtifacts = {
    name: compiled.name,
    dir,
    r1cs: compiled.r1cs,
    wasm: compiled.wasm,
    zkey: join(dir, 'circuit_final.zkey'),
    vkey: join(dir, 'verification_key.json'),
    manifest: join(dir, 'manifest.json'),
    constraints: compiled.constraints,
  };
  if (existsSync(artifacts.manifest)) return artifacts;

  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const initial = join(dir, 'circuit_0000.zkey');
  options.onProgress?.(`groth16 setup of ${compiled.name} with ${basename(ptau)}`);
  const secrets = insecureDev ? await readDevSecrets(devSecretsPath(ptau)) : undefined;
  // A dev ptau's secrets give the same initial zkey, byte for byte, ~10x sooner (devZkey.ts);
  // a dev ptau cached without them, like a real ceremony's, goes through snarkjs.
  if (secrets) await writeDevInitialZkey({ r1cs: compiled.r1cs, ptau, secrets, path: initial });
  else await snarkjs.zKey.newZKey(compiled.r1cs, ptau, initial, quietLogger);
  options.onProgress?.('phase-2 contribution');
  const partial = `${artifacts.zkey}.partial`;
  await snarkjs.zKey.contribute(initial, partial, 'zkr setup contribution', randomBytes(32).toString('hex'), quietLogger);
  // `zkey verify` = rebuild the initial zkey from r1cs and ptau, then check the final one
  // against it (and its H points against the ptau's powers). The initial zkey was built from
  // them a moment ago, so checking against it saves a second, identical build.
  options.onProgress?.('verifying the zkey against the initial zkey and the ptau');
  if (!(await snarkjs.zKey.verifyFromInit(initial, ptau, partial, quietLogger))) {
    throw new ArtifactError(partial, 'does not verify against its initial zkey and ptau');
  }
  await rename(partial, artifacts.zkey);
  await rm(initial);
  await writeFile(artifacts.vkey, JSON.stringify(await snarkjs.zKey.exportVerificationKey(artifacts.zkey, quietLogger), null, 1));

  const manifest: Manifest = {
    circuit: compiled.name,
    sourceHash: compiled.sourceHash,
    constraints: compiled.constraints,
    publicInputs: compiled.publicInputs,
    ptau: { file: basename(ptau), power: ptauPower, sha256: ptauHash, insecureDev },
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
