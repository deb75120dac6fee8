// Finds a registry circuit's set-up artifacts in the cache and checks them before use.
import { join } from 'node:path';
import { compileCircuit } from './compile.js';
import { verifyArtifactsAgainstManifest, type Manifest } from './manifest.js';
import type { CircuitArtifacts } from './setup.js';
import { ArtifactError } from './errors.js';
import { existsSync } from 'node:fs';

export interface LoadOptions {
  readonly cacheDir?: string;
  /** 'dev' (default) or the sha256 prefix directory of a ceremony setup. */
  readonly setup?: string;
}

export async function loadArtifacts(name: string, options: LoadOptions = {}): Promise<CircuitArtifacts & { readonly manifestData: Manifest }> {
  const compiled = await compileCircuit({ name }, options.cacheDir ? { cacheDir: options.cacheDir } : {});
  const dir = join(compiled.dir, options.setup === undefined || options.setup === 'dev' ? 'setup-dev' : `setup-${options.setup}`);
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) throw new ArtifactError(manifest, `no setup for ${name}: run \`zkr setup ${name} --dev\` (or --ptau FILE)`);
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
    manifestData,
  };
}
