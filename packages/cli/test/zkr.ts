// The spawned binary, as every CLI test drives it (not a test file: jest matches *.test.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Async so that jest's timers keep running while a proof is computed in the child. */
export function zkr(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    // A key in the developer's shell must not leak into commands that are meant to lack one.
    const { ZKR_PRIVATE_KEY: _inherited, ...inherited } = process.env;
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...inherited, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `zkr --json ...`, expects exit 0 and returns the parsed result. */
export async function zkrJson<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
  const ran = await zkr(['--json', ...args], env);
  if (ran.code !== 0) throw new Error(`zkr ${args.join(' ')} exited ${ran.code}:\n${ran.stdout}${ran.stderr}`);
  return JSON.parse(ran.stdout) as T;
}

export function tempDir(prefix = 'zkr-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `content` (a string as is, anything else as JSON) into `dir` and returns the path. */
export function writeIn(dir: string, name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
