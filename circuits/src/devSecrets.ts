// The secrets of an INSECURE dev powers-of-tau file, kept beside it so the dev setup can
// compute each circuit's initial zkey directly (devZkey.ts) instead of by multi-exponentiation
// of the file's points. Keeping them changes nothing about the file's security: whoever made
// it knew them anyway, which is why such files are for development only.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { ArtifactError } from './errors.js';
import { R, randomScalar } from './scalars.js';

export interface DevSecrets {
  readonly tau: bigint;
  readonly alpha: bigint;
  readonly beta: bigint;
}

export function randomDevSecrets(): DevSecrets {
  return { tau: randomScalar(), alpha: randomScalar(), beta: randomScalar() };
}

export const devSecretsPath = (ptauPath: string): string => ptauPath.replace(/\.ptau$/, '.secrets.json');

export async function writeDevSecrets(path: string, secrets: DevSecrets): Promise<void> {
  const body = {
    warning: 'INSECURE: the toxic waste of a dev powers of tau. Anyone holding it can forge proofs of circuits set up with that file.',
    tau: secrets.tau.toString(),
    alpha: secrets.alpha.toString(),
    beta: secrets.beta.toString(),
  };
  await writeFile(path, `${JSON.stringify(body, null, 1)}\n`, { mode: 0o600 });
}

/**
 * Nothing can recompute a dev ptau's secrets, only draw a new pair with a new ptau: without its
 * file the ptau still sets up, through snarkjs (setup.ts).
 */
const unusable = (path: string, problem: string, cause?: unknown): ArtifactError =>
  new ArtifactError(path, `${problem}; delete it (its dev ptau then sets up through snarkjs), or delete both to have them made anew`, cause);

/** The secrets kept beside a dev ptau, or undefined if there are none (e.g. a real ceremony file). */
export async function readDevSecrets(path: string): Promise<DevSecrets | undefined> {
  if (!existsSync(path)) return undefined;
  const parsed = await readJsonObject(path);
  const scalar = (field: 'tau' | 'alpha' | 'beta'): bigint => {
    const text = parsed[field];
    if (typeof text !== 'string' || !/^[0-9]+$/.test(text) || BigInt(text) === 0n || BigInt(text) >= R) {
      throw unusable(path, `has no valid ${field}`);
    }
    return BigInt(text);
  };
  return { tau: scalar('tau'), alpha: scalar('alpha'), beta: scalar('beta') };
}

async function readJsonObject(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw unusable(path, 'is not valid JSON', cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw unusable(path, 'is not a JSON object');
  return parsed as Record<string, unknown>;
}
