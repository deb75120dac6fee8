// A real rollup for the node's tests: anvil on loopback, the batch_4_d8 verifier (dev setup),
// accounts opened by L1 deposits, and the node run as a child process (bin) that a test can
// SIGKILL. Everything started here is stopped by its pid.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { JsonRpcProvider, Wallet } from 'ethers';
import { setupCircuit } from '@zkr/circuits';
import { batchVerifierName, compileContracts, type Artifacts } from '@zkr/contracts';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { deployRollup, type RollupClient } from '@zkr/sdk';
import { publicKeyOf, signOperation, type PrivateKey, type TransferOp, type WithdrawOp } from '@zkr/core';

export const CIRCUIT = 'batch_4_d8';
export const BATCH_SIZE = 4;
export const DEPTH = 8;
export const DEPOSIT = 10n ** 15n;
/** anvil's first dev account: the operator (and deployer). Its second, unlocked, deposits. */
export const OPERATOR_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const NODE_BIN = join(HERE, '..', 'dist', 'bin.js');
export const CLI_BIN = join(HERE, '..', '..', 'cli', 'dist', 'bin.js');

/** L2 key of account `index` (account 0 is the fee account). */
export const l2Key = (index: number): PrivateKey => new Uint8Array(32).fill(index + 1);

export interface Chain {
  readonly anvil: Anvil;
  readonly provider: JsonRpcProvider;
  readonly artifacts: Artifacts;
  readonly client: RollupClient;
  readonly rollup: string;
  readonly domain: bigint;
  close(): Promise<void>;
}

/** Deploys the rollup and opens accounts 0..accounts-1 with one deposit each (queued on L1;
 * the node's batches serve them). */
export async function startChain(accounts: number): Promise<Chain> {
  await setupCircuit({ name: CIRCUIT });
  const artifacts = await compileContracts({ circuits: [CIRCUIT], setup: 'dev' });
  const anvil = await startAnvil();
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50, cacheTimeout: -1 });
  try {
    const deployer = new Wallet(OPERATOR_KEY, provider);
    const client = await deployRollup({ signer: deployer, artifacts, depth: DEPTH, verifiers: { [BATCH_SIZE]: batchVerifierName(CIRCUIT) } });
    const depositor = client.connect(await provider.getSigner(1));
    for (let i = 0; i < accounts; i++) {
      const { ax, ay } = publicKeyOf(l2Key(i));
      await depositor.deposit({ ax, ay, tokenId: 0n, amount: DEPOSIT });
    }
    return {
      anvil,
      provider,
      artifacts,
      client,
      rollup: await client.address,
      domain: await client.domain(),
      async close() {
        provider.destroy();
        await anvil.stop();
      },
    };
  } catch (error) {
    provider.destroy();
    await anvil.stop();
    throw error;
  }
}

export interface NodeProcess {
  readonly url: string;
  readonly pid: number;
  readonly logs: string[];
  /** SIGKILL: no cleanup of any kind. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void>;
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Starts `zkr-node` for `chain` and resolves once it listens. */
export async function spawnNode(chain: Chain, args: readonly string[], logs: string[] = []): Promise<NodeProcess> {
  const child = spawn(process.execPath, [NODE_BIN, '--rpc', chain.anvil.rpcUrl, '--rollup', chain.rollup, '--circuit', CIRCUIT, '--port', '0', ...args], {
    env: { ...process.env, ZKR_OPERATOR_KEY: OPERATOR_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      const event = JSON.parse(line) as { event: string; url?: string };
      if (event.event === 'listening') resolve(event.url!);
    });
    child.once('exit', (code) => reject(new Error(`zkr-node exited (${code}) before listening: ${stderr.join('')}`)));
  });
  return {
    url,
    pid: child.pid!,
    logs,
    async kill() {
      process.kill(child.pid!, 'SIGKILL');
      await exited(child);
    },
    async stop() {
      process.kill(child.pid!, 'SIGTERM');
      await exited(child);
    },
  };
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

interface SignArgs {
  readonly nonce: bigint;
  readonly domain: bigint;
  /** Also send the domain it was signed for (the API then names a wrong one). */
  readonly withDomain?: boolean;
}

/** `op` signed by its sender's key, as the API takes it (bigints as decimal strings). */
function signedBody(op: TransferOp | WithdrawOp, args: SignArgs): Record<string, unknown> {
  const s = signOperation(l2Key(op.from), { domain: args.domain, nonce: args.nonce, op }).signature!;
  const fields = Object.fromEntries(Object.entries(op).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
  return {
    ...fields,
    nonce: args.nonce.toString(),
    ...(args.withDomain ? { domain: args.domain.toString() } : {}),
    signature: { r8x: s.r8x.toString(), r8y: s.r8y.toString(), s: s.s.toString() },
  };
}

export function transferBody(args: SignArgs & { from: number; to: number; amount: bigint; fee: bigint }): Record<string, unknown> {
  return signedBody({ type: 'transfer', from: args.from, to: args.to, amount: args.amount, fee: args.fee }, args);
}

export function withdrawBody(args: SignArgs & { from: number; amount: bigint; fee: bigint; l1Address: string }): Record<string, unknown> {
  return signedBody({ type: 'withdraw', from: args.from, amount: args.amount, fee: args.fee, l1Address: args.l1Address }, args);
}

export async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function get(url: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** `zkr sync` in a fresh process: the root it rebuilds from L1 alone. */
export async function cliSyncRoot(chain: Chain): Promise<bigint> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI_BIN, 'sync', '--rpc', chain.anvil.rpcUrl, '--rollup', chain.rollup, '--json'], {
    maxBuffer: 1 << 24,
  });
  return BigInt((JSON.parse(stdout) as { root: string }).root);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, pollMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
