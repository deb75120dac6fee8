// What both demos share (`zkr demo` and `zkr demo --node`): the dev setups, an embedded anvil with
// the rollup deployed on it, the demo's L1 deposits, and the closing sync in a fresh process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { JsonRpcProvider, type JsonRpcSigner } from 'ethers';
import { setupCircuit, type CircuitArtifacts } from '@zkr/circuits';
import { publicKeyOf, type PrivateKey } from '@zkr/core';
import { batchVerifierName, compileContracts } from '@zkr/contracts';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { deployRollup, type RollupClient } from '@zkr/sdk';
import { OperationError } from './errors.js';
import type { Output } from './io.js';

export const DEPTH = 8;
export const UNIT = 10n ** 15n; // 0.001 ETH
export const FEE = 10n ** 12n;
/** The L2 key of account n (0: the operator's fee account, 1 Alice, 2 Bob, 3 Carol). */
export const demoKey = (account: number): PrivateKey => new Uint8Array(32).fill(account + 1);

export interface DemoChain {
  readonly files: Record<string, CircuitArtifacts>;
  readonly anvil: Anvil;
  readonly provider: JsonRpcProvider;
  /** anvil's dev accounts 0 (deployer, governor, operator), 1 Alice, 2 Bob, 3 Carol. */
  readonly signers: readonly [JsonRpcSigner, JsonRpcSigner, JsonRpcSigner, JsonRpcSigner];
  readonly client: RollupClient;
  readonly rollup: string;
  /** Stops what startDemoChain started: the provider's polling and anvil (by its pid). */
  close(): Promise<void>;
}

/** Steps 1 and 2 of both demos: the circuits' dev setups, then anvil and the rollup on it. */
export async function startDemoChain(output: Output, circuits: Readonly<Record<number, string>>, steps: number): Promise<DemoChain> {
  const names = Object.values(circuits);
  output.info(`1/${steps} circuits: compile + INSECURE dev trusted setup of ${names.join(' and ')} (cached after the first run)`);
  const files: Record<string, CircuitArtifacts> = {};
  for (const name of names) files[name] = await setupCircuit({ name }, { onProgress: (m) => output.info(`    ${name}: ${m}`) });
  output.info(`2/${steps} contracts: solc compile, embedded anvil on 127.0.0.1, deploy`);
  // The verifiers of the setups the prover uses: the dev ones, even where a ceremony setup exists.
  const artifacts = await compileContracts({ circuits: names, setup: 'dev' });
  const anvil = await startAnvil();
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50 });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    provider.destroy();
    await anvil.stop();
  };
  try {
    const signers = (await Promise.all([0, 1, 2, 3].map((i) => provider.getSigner(i)))) as unknown as DemoChain['signers'];
    const client = await deployRollup({
      signer: signers[0],
      artifacts,
      depth: DEPTH,
      verifiers: Object.fromEntries(Object.entries(circuits).map(([size, name]) => [Number(size), batchVerifierName(name)])),
    });
    const rollup = await client.address;
    output.info(`    rollup at ${rollup}, anvil pid ${anvil.pid}`);
    return { files, anvil, provider, signers, client, rollup, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens the demo's accounts on L1: the operator's fee account 0, Alice 1, Bob 2, Carol 3. */
export async function depositDemoAccounts(chain: DemoChain, output: Output, step: string): Promise<void> {
  output.info(`${step} L1 deposits: operator fee account 0, Alice 1 (5 units), Bob 2 (2 units), Carol 3 (1 unit)`);
  const { client, signers } = chain;
  await client.deposit({ ...publicKeyOf(demoKey(0)), tokenId: 0n, amount: 1n }); // the minimum deposit: no zero deposits
  await client.connect(signers[1]).deposit({ ...publicKeyOf(demoKey(1)), tokenId: 0n, amount: 5n * UNIT });
  await client.connect(signers[2]).deposit({ ...publicKeyOf(demoKey(2)), tokenId: 0n, amount: 2n * UNIT });
  await client.connect(signers[3]).deposit({ ...publicKeyOf(demoKey(3)), tokenId: 0n, amount: 1n * UNIT });
}

/** The root `zkr sync` rebuilds from L1 data alone, in a fresh process. */
export function syncedRootInFreshProcess(chain: DemoChain): string {
  const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
  const synced = spawnSync(process.execPath, [bin, '--json', 'sync', '--rpc', chain.anvil.rpcUrl, '--rollup', chain.rollup], { encoding: 'utf8' });
  if (synced.status !== 0) throw new OperationError(`sync in a fresh process failed: ${synced.stderr || synced.stdout}`);
  return (JSON.parse(synced.stdout) as { root: string }).root;
}
