// The manifest records the hash of every artifact of a setup, so a prover can refuse a wrong
// or truncated file with a clear error instead of producing a proof that does not verify.
import { readFile, writeFile } from 'node:fs/promises';
import { sha256File } from './cache.js';
import { ArtifactError } from './errors.js';

export interface ManifestFile {
  readonly path: string;
  readonly sha256: string;
}

export interface Manifest {
  readonly circuit: string;
  readonly sourceHash: string;
  readonly constraints: number;
  readonly publicInputs: number;
  readonly ptau: { readonly file: string; readonly power: number; readonly sha256: string; readonly insecureDev: boolean };
  readonly files: { readonly r1cs: ManifestFile; readonly wasm: ManifestFile; readonly zkey: ManifestFile; readonly vkey: ManifestFile };
  readonly createdAt: string;
}

export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  await writeFile(path, JSON.stringify(manifest, null, 2));
}

export async function readManifest(path: string): Promise<Manifest> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new ArtifactError(path, 'manifest missing: run the setup for this circuit', cause);
  });
  try {
    return JSON.parse(text) as Manifest;
  } catch (cause) {
    throw new ArtifactError(path, 'manifest is not valid JSON', cause);
  }
}

/** Checks every file the manifest lists against its recorded sha256. */
export async function verifyArtifactsAgainstManifest(manifestPath: string): Promise<Manifest> {
  const manifest = await readManifest(manifestPath);
  for (const [kind, file] of Object.entries(manifest.files)) {
    const actual = await sha256File(file.path).catch((cause: unknown) => {
      throw new ArtifactError(file.path, `${kind} missing`, cause);
    });
    if (actual !== file.sha256) {
      throw new ArtifactError(file.path, `${kind} is corrupt or was replaced: sha256 ${actual.slice(0, 12)}… differs from the manifest's ${file.sha256.slice(0, 12)}…`);
    }
  }
  return manifest;
}
