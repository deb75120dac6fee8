// Finds a circuit's set-up artifacts in the cache and checks them before use. A circuit may have
// several setups: the dev one (setup-dev) and one per ptau it was set up with (setup-<sha256
// prefix>). Unless told which, a ptau's setup is preferred to the dev one, a safe one to an
// insecure one, and the newest among equals: a ceremony setup, once made, is the one used.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compileCircuit, type CompileTarget } from './compile.js';
import { readManifest, verifyArtifactsAgainstManifest, type Manifest } from './manifest.js';
import { DEV_SETUP_ID, setupDir, type CircuitArtifacts, type SetupIdentity } from './setup.js';
import { ArtifactError } from './errors.js';

export interface LoadOptions {
  readonly cacheDir?: string;
  /** 'dev', or the sha256 prefix of the ptau of a ceremony setup; default: the preferred setup. */
  readonly setup?: string;
}

export type LoadedArtifacts = CircuitArtifacts & { readonly manifestData: Manifest };

const identityOf = (id: string, manifest: Manifest): SetupIdentity => ({
  id,
  insecure: manifest.ptau.insecureDev,
  ...(manifest.ptau.insecureReason === undefined ? {} : { insecureReason: manifest.ptau.insecureReason }),
});

/** The complete setups of a compiled circuit (a folder with a manifest), preferred first. */
export async function listSetups(compiledDir: string): Promise<{ id: string; manifest: Manifest }[]> {
  const entries = existsSync(compiledDir) ? await readdir(compiledDir, { withFileTypes: true }) : [];
  const setups = [];
  for (const entry of entries) {
    const id = entry.name.replace(/^setup-/, '');
    if (!entry.isDirectory() || id === entry.name || !existsSync(join(compiledDir, entry.name, 'manifest.json'))) continue;
    setups.push({ id, manifest: await readManifest(join(compiledDir, entry.name, 'manifest.json')) });
  }
  const rank = (s: { id: string; manifest: Manifest }): number => (s.id === DEV_SETUP_ID ? 2 : s.manifest.ptau.insecureDev ? 1 : 0);
  return setups.sort((a, b) => rank(a) - rank(b) || b.manifest.createdAt.localeCompare(a.manifest.createdAt));
}

export async function loadArtifacts(target: string | CompileTarget, options: LoadOptions = {}): Promise<LoadedArtifacts> {
  const compileTarget = typeof target === 'string' ? { name: target } : target;
  const { name } = compileTarget;
  const compiled = await compileCircuit(compileTarget, options.cacheDir ? { cacheDir: options.cacheDir } : {});
  const setups = await listSetups(compiled.dir);
  const chosen = options.setup === undefined ? setups[0] : setups.find((s) => s.id === options.setup);
  if (!chosen) {
    const missing = join(setupDir(compiled.dir, options.setup ?? DEV_SETUP_ID), 'manifest.json');
    const others = setups.length > 0 ? `; it has ${setups.map((s) => s.id).join(', ')}` : '';
    throw new ArtifactError(
      missing,
      `no setup${options.setup === undefined ? '' : ` ${options.setup}`} for ${name}${others}: run \`zkr setup ${name} --dev\` (or --ptau FILE)`,
    );
  }
  const dir = setupDir(compiled.dir, chosen.id);
  const manifest = join(dir, 'manifest.json');
  const manifestData = await verifyArtifactsAgainstManifest(manifest);
  return {
    name,
    dir,
    r1cs: manifestData.files.r1cs.path,
    wasm: manifestData.files.wasm.path,
    zkey: manifestData.files.zkey.path,
    vkey: manifestData.files.vkey.path,
    manifest,
    constraints: manifestData.constraints,
    setup: identityOf(chosen.id, manifestData),
    manifestData,
  };
}

/** One line naming the setup artifacts come from, for a command to print. */
export function describeSetup(artifacts: Pick<CircuitArtifacts, 'name' | 'setup'>): string {
  const { id, insecure, insecureReason } = artifacts.setup;
  const kind = id === DEV_SETUP_ID ? 'the dev setup' : `the setup from ptau ${id}`;
  return `${artifacts.name}: ${kind}${insecure ? ` — INSECURE (${insecureReason ?? 'toxic waste known'}): never for real funds` : ''}`;
}
