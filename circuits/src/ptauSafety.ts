// Whether a powers-of-tau file is known to be unsafe for real funds. A proof of anything verifies
// under a key whose alpha and beta are known (docs/protocol.md, "Threat model"), so a setup from
// such a file must never guard real funds: `zkr deploy` refuses it off development chains.
import { existsSync } from 'node:fs';
import { readSectionBytes, readSectionPlaces } from './binFile.js';
import { devSecretsPath } from './devSecrets.js';

/** Section 7 of a ptau: the contributions, a u32 count first. */
const CONTRIBUTIONS_SECTION = 7;

/** How many contributions a ptau file records (0 for a dev file or a fresh `powersoftau new`). */
export async function ptauContributions(path: string): Promise<number> {
  const places = await readSectionPlaces(path, 'ptau');
  return (await readSectionBytes(path, places, CONTRIBUTIONS_SECTION, 0, 4)).readUInt32LE(0);
}

/** Why the file's toxic waste is known, or undefined if nothing says it is. */
export async function ptauInsecurity(path: string): Promise<string | undefined> {
  if (existsSync(devSecretsPath(path))) return `its tau, alpha and beta are kept beside it (${devSecretsPath(path)})`;
  // No contribution: tau = alpha = beta = 1 after `powersoftau new`, or a dev file whose maker knew them.
  if ((await ptauContributions(path)) === 0) return 'it records no contribution, so its tau, alpha and beta are known';
  return undefined;
}
