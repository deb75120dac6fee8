// The spawned binary, as every CLI test drives it (not a test file: jest matches *.test.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Wallet } from 'ethers';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

// anvil's default dev accounts 0 (deployer: governor and operator) and 1 (a user), and the L2
// (Baby Jubjub) keys of the operator's fee account 0 and the user's account 1.
export const OPERATOR_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const USER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
export const USER_ADDRESS = new Wallet(USER_KEY).address;
export const FEE_L2_KEY = `0x${'01'.repeat(32)}`;
export const USER_L2_KEY = `0x${'02'.repeat(32)}`;
export const UNIT = 10n ** 15n;

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

/** An address to name a rollup by where no L1 is reached (offline deployment files). */
export const OFFLINE_ROLLUP = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

/** A deployment file of `batch_1_d8` at depth 8 whose L1 is `rpc`: for commands that must not need L1. */
export function offlineDeployment(dir: string, rpc: string): string {
  return writeIn(dir, 'deployment.json', {
    version: 1,
    rpc,
    chainId: 31337,
    rollup: OFFLINE_ROLLUP,
    operator: OFFLINE_ROLLUP,
    depth: 8,
    circuits: { 1: 'batch_1_d8' },
    deployBlock: 1,
  });
}

/** A port nothing listens on: bound, then released. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
