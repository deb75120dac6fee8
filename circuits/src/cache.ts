// Where build artifacts live: one cache for every package, keyed by content hashes. By default
// the user's cache directory, so reinstalling the packages keeps compiled circuits and setups.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** ZKR_CACHE_DIR, else the platform's user cache: $XDG_CACHE_HOME/zkr or ~/.cache/zkr (Linux and
 * others), ~/Library/Caches/zkr (macOS), %LOCALAPPDATA%\zkr\Cache (Windows). */
export function defaultCacheDir(): string {
  const set = (name: string): string | undefined => (process.env[name] === '' ? undefined : process.env[name]);
  const explicit = set('ZKR_CACHE_DIR');
  if (explicit !== undefined) return explicit;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'zkr');
  if (process.platform === 'win32') return join(set('LOCALAPPDATA') ?? join(homedir(), 'AppData', 'Local'), 'zkr', 'Cache');
  return join(set('XDG_CACHE_HOME') ?? join(homedir(), '.cache'), 'zkr');
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
