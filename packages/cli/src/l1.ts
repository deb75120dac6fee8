// Reaching L1: the one place that opens a provider, reads the L1 signer's key and binds the
// rollup client of a deployment.
import type { Command } from 'commander';
import type { JsonRpcProvider, Wallet } from 'ethers';
import type { RollupClient } from '@zkr/sdk';
import { readDeployment, type Deployment } from './deployment.js';
import { OperationError, UsageError } from './errors.js';
import { loadEthers, loadSdk } from './lazy.js';
import { parseAddress, parseKey, parseRpcUrl } from './parse.js';

export const PRIVATE_KEY_ENV = 'ZKR_PRIVATE_KEY';

export interface L1 {
  readonly provider: JsonRpcProvider;
  readonly rpc: string;
  readonly chainId: number;
}

function reasonOf(error: unknown): string {
  const e = error as { cause?: { message?: unknown }; message?: unknown };
  // fetch reports "fetch failed" and hides the reason (ECONNREFUSED, ENOTFOUND) in its cause.
  const message = typeof e.cause?.message === 'string' ? e.cause.message : String(e.message ?? error);
  return message.split('\n')[0]!;
}

/** eth_chainId over plain fetch: ethers' own network detection retries forever and logs to the console. */
async function chainIdOf(rpc: string): Promise<number> {
  const unreachable = (why: string) => new OperationError(`L1 RPC ${rpc} is unreachable: ${why}`);
  let response: Response;
  try {
    response = await fetch(rpc, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw unreachable(reasonOf(error));
  }
  const body = (await response.json().catch(() => undefined)) as { result?: unknown } | undefined;
  if (!response.ok || typeof body?.result !== 'string') throw unreachable(`no answer to eth_chainId (HTTP ${response.status})`);
  return Number(BigInt(body.result));
}

/** Runs `action` with a provider on `rpc`, destroyed afterwards so the process can exit. */
export async function withL1<T>(rpc: string, action: (l1: L1) => Promise<T>): Promise<T> {
  const chainId = await chainIdOf(rpc);
  const { JsonRpcProvider, Network } = await loadEthers();
  // Short polling: a transaction's receipt is awaited by polling, 4 s apart by default. No
  // request cache: a cached pending nonce would reuse it for the next transaction sent.
  const provider = new JsonRpcProvider(rpc, Network.from(chainId), { staticNetwork: true, polling: true, pollingInterval: 200, cacheTimeout: -1 });
  try {
    return await action({ provider, rpc, chainId });
  } finally {
    provider.destroy();
  }
}

/** The order n of secp256k1: an L1 private key is an integer in [1, n). */
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export interface SignerOptions {
  readonly privateKey?: string;
}

export function addSignerOption(command: Command): Command {
  return command.option('--private-key <hex>', `L1 private key of the sender (default: $${PRIVATE_KEY_ENV}, which keeps it out of the process list)`);
}

/** The L1 key, checked before anything touches the network. */
export function l1KeyOf(options: SignerOptions): string {
  // An empty variable counts as unset, as shells write `ZKR_PRIVATE_KEY= zkr ...`.
  const value = options.privateKey ?? (process.env[PRIVATE_KEY_ENV] || undefined);
  if (value === undefined) throw new UsageError(`no L1 signer: pass --private-key HEX or set ${PRIVATE_KEY_ENV}`);
  return parseL1Key(value, options.privateKey === undefined ? PRIVATE_KEY_ENV : '--private-key');
}

/** An L1 private key as 0x-prefixed hex; the error names `field` (where the key came from), never the value. */
export function parseL1Key(value: string, field: string): string {
  const key = BigInt(`0x${Buffer.from(parseKey(value, field)).toString('hex')}`);
  // Checked here, not by ethers' Wallet, whose (noble's) error would name neither the option nor the rule.
  if (key === 0n || key >= SECP256K1_ORDER) throw new UsageError(`${field} is not a secp256k1 private key: it must be in [1, n), n the curve order`, { field });
  return `0x${key.toString(16).padStart(64, '0')}`;
}

export interface DeploymentOptions {
  readonly deployment: string;
  readonly rpc?: string;
}

export function addDeploymentOptions(command: Command): Command {
  return command
    .requiredOption('-d, --deployment <file>', 'deployment JSON written by `zkr deploy`')
    .option('--rpc <url>', "L1 JSON-RPC URL (default: the deployment's)");
}

/** Where a rollup lives and the RPC to reach it through. */
export interface RollupTarget {
  readonly rpc: string;
  readonly rollup: string;
  /** The tree depth the deployment file records, checked against the contract's when known. */
  readonly depth: number | undefined;
  /** The chain the rollup was deployed on, checked against the RPC's when known. */
  readonly chainId: number | undefined;
}

/** Reads --deployment and --rpc; commands call it before anything touches the network. */
export function targetOf(options: DeploymentOptions): RollupTarget & { readonly deployment: Deployment } {
  const deployment = readDeployment(options.deployment);
  const rpc = options.rpc === undefined ? deployment.rpc : parseRpcUrl(options.rpc, '--rpc');
  return { rpc, rollup: deployment.rollup, depth: deployment.depth, chainId: deployment.chainId, deployment };
}

/** A deployment file, or a bare --rpc/--rollup for rollups deployed without `zkr deploy`. */
export function bareOrDeployedTarget(
  options: { deployment?: string; rpc?: string; rollup?: string },
  command: string,
): RollupTarget & { readonly deployment?: Deployment } {
  if (options.deployment !== undefined) {
    if (options.rollup !== undefined) throw new UsageError('--deployment and --rollup exclude each other', { field: '--rollup' });
    return targetOf({ deployment: options.deployment, ...(options.rpc === undefined ? {} : { rpc: options.rpc }) });
  }
  if (options.rpc === undefined || options.rollup === undefined)
    throw new UsageError(`${command} needs --deployment FILE, or --rpc URL and --rollup ADDRESS`, { field: options.rpc === undefined ? '--rpc' : '--rollup' });
  return { rpc: parseRpcUrl(options.rpc, '--rpc'), rollup: parseAddress(options.rollup, '--rollup'), depth: undefined, chainId: undefined };
}

export interface Rollup extends L1 {
  /** Bound to the signer when the command has one, else read-only on the provider. */
  readonly client: RollupClient;
}

/** Runs `action` on the target's rollup; an RPC serving another chain is bad input. */
export function withRollup<T>(target: RollupTarget, key: string, action: (rollup: Rollup, signer: Wallet) => Promise<T>): Promise<T>;
export function withRollup<T>(target: RollupTarget, key: undefined, action: (rollup: Rollup) => Promise<T>): Promise<T>;
export async function withRollup<T>(target: RollupTarget, key: string | undefined, action: (rollup: Rollup, signer: Wallet) => Promise<T>): Promise<T> {
  return withL1(target.rpc, async (l1) => {
    if (target.chainId !== undefined && l1.chainId !== target.chainId)
      throw new UsageError(`--rpc ${target.rpc} serves chain ${l1.chainId}, the deployment is on chain ${target.chainId}`);
    const [{ Wallet }, { RollupClient }] = await Promise.all([loadEthers(), loadSdk()]);
    const signer = key === undefined ? undefined : new Wallet(key, l1.provider);
    const client = await RollupClient.at(target.rollup, signer ?? l1.provider);
    if (target.depth !== undefined && client.depth !== target.depth)
      throw new UsageError(`the deployment file says depth ${target.depth}, the rollup at ${target.rollup} has depth ${client.depth}`);
    // The overloads pair a key with a signer: only keyed callers read it.
    return action({ ...l1, client }, signer as Wallet);
  });
}

/** A command sending from the L1 key to the deployment's rollup. Callers parse their own
 * options first: the key and the deployment file are checked before the network is touched. */
export function sendToRollup<T>(options: DeploymentOptions & SignerOptions, action: (rollup: Rollup, signer: Wallet) => Promise<T>): Promise<T> {
  const key = l1KeyOf(options);
  return withRollup(targetOf(options), key, action);
}
