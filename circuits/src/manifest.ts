// The manifest records the hash of every artifact of a setup, so a prover can refuse a wrong
// or truncated file with a clear error instead of producing a proof that does not verify.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { sha256File } from './cache.js';
import { ArtifactError } from './errors.js';

export interface ManifestFile {
  /** Relative to the manifest's folder on disk (so a cache can be moved or copied whole);
   * absolute once read by `readManifest`. */
  readonly path: string;
  readonly sha256: string;
}

/** One phase-2 contribution, as `snarkjs zkey verify` lists it (a beacon is the last, if any). */
export interface Phase2Contribution {
  readonly name: string;
  /** Its contribution hash, hex. */
  readonly hash: string;
  readonly beacon?: { readonly hash: string; readonly iterationsExp: number };
}

export interface Manifest {
  readonly circuit: string;
  readonly sourceHash: string;
  readonly constraints: number;
  readonly publicInputs: number;
  /** insecureDev: the toxic waste is known (a dev setup, a dev ptau, a ptau without contributions):
   * a proof of anything verifies under this setup's key; insecureReason says why. */
  readonly ptau: { readonly file: string; readonly power: number; readonly sha256: string; readonly insecureDev: boolean; readonly insecureReason?: string };
  /** The zkey's phase-2 contributions, oldest first (absent in manifests of older setups). */
  readonly phase2?: { readonly contributions: readonly Phase2Contribution[] };
  readonly files: { readonly r1cs: ManifestFile; readonly wasm: ManifestFile; readonly zkey: ManifestFile; readonly vkey: ManifestFile };
  readonly createdAt: string;
}

export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  await writeFile(path, JSON.stringify(manifest, null, 2));
}

/** The manifest entry of `file`, recorded relative to the manifest's folder `dir`. */
export async function manifestFile(dir: string, file: string): Promise<ManifestFile> {
  return { path: relative(dir, file), sha256: await sha256File(file) };
}

/** Reads a manifest, its file paths resolved against its folder. */
export async function readManifest(path: string): Promise<Manifest> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new ArtifactError(path, 'manifest missing: run the setup for this circuit', cause);
  });
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (cause) {
    throw new ArtifactError(path, 'manifest is not valid JSON', cause);
  }
  const resolved = (file: ManifestFile): ManifestFile => ({ ...file, path: resolve(dirname(path), file.path) });
  const { r1cs, wasm, zkey, vkey } = manifest.files;
  return { ...manifest, files: { r1cs: resolved(r1cs), wasm: resolved(wasm), zkey: resolved(zkey), vkey: resolved(vkey) } };
}

/** Checks every file the manifest lists against its recorded sha256. */
export async function verifyArtifactsAgainstManifest(manifestPath: string): Promise<Manifest> {
  const manifest = await readManifest(manifestPath);
  for (const [kind, file] of Object.entries(manifest.files)) {
    const actual = await sha256File(file.path).catch((cause: unknown) => {
      throw new ArtifactError(file.path, `${kind} missing`, cause);
    });
    if (actual !== file.sha256) {
      throw new ArtifactError(
        file.path,
        `${kind} is corrupt or was replaced: sha256 ${actual.slice(0, 12)}… differs from the manifest's ${file.sha256.slice(0, 12)}…`,
      );
    }
  }
  return manifest;
}
