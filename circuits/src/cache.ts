// Where build artifacts live: one cache for every package, keyed by content hashes.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function defaultCacheDir(): string {
  return process.env['ZKR_CACHE_DIR'] ?? fileURLToPath(new URL('../.cache/', import.meta.url));
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
