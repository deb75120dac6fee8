// A real rollup for tests: anvil on loopback, the compiled contracts with the verifiers of the
// small registry instances, the prover pool, and an operator that mirrors L1's priority queue
// into @zkr/core, builds batches, proves and submits them.
import { availableParallelism } from 'node:os';
import { type Contract, ContractFactory, type Interface, JsonRpcProvider, type Signer, type TransactionReceipt } from 'ethers';
import { setupCircuit, type CircuitArtifacts } from '@zkr/circuits';
import { publicKeyOf, type PrivateKey } from '@zkr/core';
import { createProver, type Prover } from '@zkr/prover';
import { batchVerifierName, compileContracts, type Artifacts } from '@zkr/contracts';
import { compileTestContracts } from '@zkr/contracts/test-contracts';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { deployedContract, deployRollup, mined, Operator, RollupRevertError, type DeployOptions } from '../src/index.js';

export const DEPTH = 8;
export const ETH = 0n;
export const UNIT = 10n ** 15n;
/** The ETH minimum deposit deployRollup sets by default: no zero deposits (docs/protocol.md §7.1). */
export const MIN_DEPOSIT = 1n;
/** The shortest priority deadline the contract accepts (one hour). */
export const DEADLINE = 3600;
export const CIRCUITS = { 1: 'batch_1_d8', 2: 'batch_2_d8' } as const;

export interface Harness {
  anvil: Anvil;
  provider: JsonRpcProvider;
  artifacts: Artifacts;
  prover: Prover;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const files: Record<string, CircuitArtifacts> = {};
  for (const name of Object.values(CIRCUITS)) files[name] = await setupCircuit({ name });
  // The test contracts (sol/test: tokens, probes) beside the rollup and the verifiers.
  const artifacts = { ...compileTestContracts(), ...(await compileContracts({ circuits: Object.values(CIRCUITS), setup: 'dev' })) };
  const anvil = await startAnvil();
  // No request cache: ethers shares an identical request's answer for 250 ms, so a transaction
  // retried right after the state changed would get the stale gas estimate (or revert).
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50, cacheTimeout: -1 });
  // Batches are proved one after another: one worker using every core gives the lowest latency.
  const prover = createProver({ circuits: files, selfCheck: true, workers: 1, threadsPerProof: availableParallelism() });
  return {
    anvil,
    provider,
    artifacts,
    prover,
    async close() {
      await prover.close();
      provider.destroy();
      await anvil.stop();
    },
  };
}

export const verifierNames = (): Record<number, string> =>
  Object.fromEntries(Object.entries(CIRCUITS).map(([size, name]) => [Number(size), batchVerifierName(name)]));

/** A rollup deployed by `signer`, run by an Operator proving with the harness's pool. */
export async function deployOperator(harness: Harness, signer: Signer, options: Partial<Omit<DeployOptions, 'signer' | 'artifacts'>> = {}): Promise<Operator> {
  const client = await deployRollup({ signer, artifacts: harness.artifacts, depth: DEPTH, verifiers: verifierNames(), ...options });
  return new Operator({ client, prove: (id, input) => harness.prover.prove(id, input), circuits: CIRCUITS, feeAccountIndex: 0 });
}

export const key = (n: number): PrivateKey => new Uint8Array(32).fill(n);
export const pub = (n: number): { ax: bigint; ay: bigint } => publicKeyOf(key(n));

/** Deploys one of the compiled contracts (e.g. the test tokens in sol/test/). */
export async function deployContract(harness: Harness, name: string, signer: Signer, ...args: unknown[]): Promise<Contract> {
  const artifact = harness.artifacts[name]!;
  return (await deployedContract(await new ContractFactory(artifact.abi as never, artifact.bytecode, signer).deploy(...args))) as Contract;
}

/** Sends `contract.method(...args)` and waits until it is mined. */
export async function transact(contract: Contract, method: string, ...args: unknown[]): Promise<TransactionReceipt> {
  return mined(await contract.getFunction(method)(...args));
}

/** Moves anvil's clock forward and mines a block at the new time. */
export async function advanceTime(harness: Harness, seconds: number): Promise<void> {
  await harness.provider.send('evm_increaseTime', [seconds]);
  await harness.provider.send('evm_mine', []);
}

/** The ETH `address` gained in `receipt`'s block (one transaction per block on anvil), adding back
 * the gas of that transaction, which `address` sent. */
export async function ethReceived(harness: Harness, address: string, receipt: TransactionReceipt): Promise<bigint> {
  const before = await harness.provider.getBalance(address, receipt.blockNumber - 1);
  const after = await harness.provider.getBalance(address, receipt.blockNumber);
  return after - before + receipt.gasUsed * receipt.gasPrice;
}

/** `Name(arg, ...)` of the custom error a rejected call carries: a client method's
 * RollupRevertError, or raw revert data decoded with `abi` (a contract's, or an Interface). */
export async function revertOf(abi: Contract | Interface, call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof RollupRevertError) return `${error.reason}(${error.args.join(', ')})`;
    const e = error as { data?: unknown; info?: { error?: { data?: unknown } } };
    const data = e.data ?? e.info?.error?.data;
    // Not `instanceof Contract`: the client's contracts may come from another copy of ethers.
    const parsed = typeof data === 'string' ? ('interface' in abi ? abi.interface : abi).parseError(data) : null;
    if (parsed) return `${parsed.name}(${parsed.args.join(', ')})`;
    throw error;
  }
  throw new Error('the call did not revert');
}
