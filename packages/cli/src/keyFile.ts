// L2 key files (`zkr keygen`): the secret stays in a file readable by its owner only, and commands
// taking --l2-key accept the file's path instead of the hex, which keeps the key out of the
// process list and the shell history.
import { existsSync, writeFileSync } from 'node:fs';
import { UsageError } from './errors.js';
import { readJsonFile } from './io.js';
import { objectAt, parseKey } from './parse.js';

export const KEY_FILE_TYPE = 'zkr-l2-key';

export interface KeyFile {
  readonly type: typeof KEY_FILE_TYPE;
  readonly version: 1;
  /** 32 bytes hex: the Baby Jubjub signing key's seed. */
  readonly privateKey: string;
  /** The account key deposits name, as decimal strings. */
  readonly publicKey: { readonly ax: string; readonly ay: string };
}

export function writeKeyFile(path: string, key: KeyFile, overwrite: boolean): void {
  if (existsSync(path) && !overwrite) throw new UsageError(`--out ${path} exists; pass --force to overwrite it (its key would be lost)`);
  // 0600 from creation: the secret is never readable by others, even briefly.
  writeFileSync(path, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
}

/** An L2 private key given as 64 hex digits, or as the path of a key file `zkr keygen` wrote. */
export function readL2Key(value: unknown, field: string): Uint8Array {
  if (typeof value === 'string' && !/^(0x)?[0-9a-fA-F]{64}$/.test(value) && existsSync(value)) {
    const file = objectAt(readJsonFile(value, `${field} key`), `${field} ${value}`);
    if (file['type'] !== KEY_FILE_TYPE) throw new UsageError(`${field} ${value} is not a zkr key file (its "type" must be "${KEY_FILE_TYPE}")`);
    return parseKey(file['privateKey'], `${field} ${value}: "privateKey"`);
  }
  return parseKey(value, field);
}
