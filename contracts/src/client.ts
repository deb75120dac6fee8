// The L1 client over ethers v6: deploy, deposit, submit proved batches, withdraw, forced exits,
// escape hatch, and `sync`, which rebuilds the whole L2 state from L1 data alone.
import { Contract, ContractFactory, type ContractRunner, type EventLog, type Log, type LogDescription, type Provider, type Signer, type TransactionReceipt } from 'ethers';
import { poseidonContract } from 'circomlibjs';
import { decodeOperations, emptyRoot, hexToBytes, RollupState, type BatchResult, type PriorityEntry } from '@zkr/core';
import type { Artifacts } from './compile.js';
import { deployedContract, mined } from './mined.js';

function revertData(error: unknown): string | undefined {
  const e = error as { data?: unknown; info?: { error?: { data?: unknown } } };
  const data = e.data ?? e.info?.error?.data;
  return typeof data === 'string' && data.length >= 10 ? data : undefined;
}

/** A rollup call reverted; `reason` is the contract's custom error, e.g. "Rollup__InvalidProof". */
export class RollupRevertError extends Error {
  override readonly name = 'RollupRevertError';
  constructor(
    readonly method: string,
    readonly reason: string,
    readonly args: readonly unknown[],
    options: { cause: unknown },
  ) {
    super(`${method} reverted: ${reason}(${args.map(String).join(', ')})`, options);
  }

  static from(contract: Contract, method: string, error: unknown): Error {
    const data = revertData(error);
    const parsed = typeof data === 'string' ? contract.interface.parseError(data) : null;
    return parsed ? new RollupRevertError(method, parsed.name, [...parsed.args], { cause: error }) : (error as Error);
  }
}

const ERC20_ALLOWANCE_ABI = ['function allowance(address owner, address spender) view returns (uint256)', 'function approve(address spender, uint256 amount) returns (bool)'];

/** No contract at the address given as the rollup's (a wrong address or chain). */
export class RollupNotFoundError extends Error {
  override readonly name = 'RollupNotFoundError';
  constructor(readonly address: string) {
    super(`no contract at ${address}: is this the rollup's address on this chain?`);
  }
}

/** An account as L1 records it (RollupClient.accountInfo). */
export interface AccountInfo {
  readonly accountIndex: number;
  readonly ax: bigint;
  readonly ay: bigint;
  readonly tokenId: bigint;
  /** The L1 address with the account's exit rights: it alone may force an exit or escape, and
   * forced exits and escapes are credited to it. */
  readonly owner: string;
  /** A verified batch has consumed the creating deposit. */
  readonly onL2: boolean;
  /** Queue index of the owner's forced exit not yet served, or null. */
  readonly pendingForcedExit: number | null;
}

/** oldRoot, newRoot, chainBefore, chainAfter, domain, feeAccountIndex; then one chunk per slot. */
const PUBLIC_SIGNALS_BEFORE_CHUNKS = 6;

/** A batch, its fee account and its proof: one entry of `submitBatches`. */
export interface ProvedBatch {
  readonly batch: Pick<BatchResult, 'newRoot' | 'opBytes' | 'publicSignals'>;
  readonly feeAccountIndex: number;
  readonly proof: Groth16ProofJson;
}

export interface Groth16ProofJson {
  readonly pi_a: readonly string[];
  readonly pi_b: readonly (readonly string[])[];
  readonly pi_c: readonly string[];
}

/** The verifier's (a, b, c) flattened; b's coordinates are swapped as the EVM pairing expects. */
export function solidityProof(proof: Groth16ProofJson): bigint[] {
  const b = proof.pi_b;
  return [proof.pi_a[0], proof.pi_a[1], b[0]![1], b[0]![0], b[1]![1], b[1]![0], proof.pi_c[0], proof.pi_c[1]].map((v) => BigInt(v!));
}

export interface DeployOptions {
  readonly signer: Signer;
  readonly artifacts: Artifacts;
  /** log2 of the account capacity (the tree has depth / 2 levels). */
  readonly depth: number;
  /** Batch size => name of the compiled verifier contract (BatchVerifier_<circuit>, see batchVerifierName). */
  readonly verifiers: Readonly<Record<number, string>>;
  /** The address allowed to submit batches (default: the signer). */
  readonly operator?: string;
  /** The address allowed to register tokens and announce verifiers (default: the signer). */
  readonly governor?: string;
  /** Seconds a priority entry may wait before anyone can freeze the rollup (default 7 days;
   * the contract accepts 1 hour to 30 days). */
  readonly priorityDeadline?: number;
  /** Smallest ETH deposit or top-up, in wei (default 1: no zero deposits). */
  readonly ethMinDeposit?: bigint;
}

async function deployed(factory: ContractFactory, ...args: unknown[]): Promise<Contract> {
  return (await deployedContract(await factory.deploy(...args))) as Contract;
}

function factoryOf(artifacts: Artifacts, name: string, signer: Signer): ContractFactory {
  const artifact = artifacts[name];
  if (!artifact) throw new Error(`contract ${name} is not among the compiled artifacts`);
  return new ContractFactory(artifact.abi as never, artifact.bytecode, signer);
}

export async function deployRollup(options: DeployOptions): Promise<RollupClient> {
  const { signer, artifacts } = options;
  const poseidon = (n: number): Promise<Contract> => deployed(new ContractFactory(poseidonContract.generateABI(n) as never, poseidonContract.createCode(n), signer));
  const [poseidon4, poseidon5] = [await poseidon(4), await poseidon(5)];
  // Verifiers are fixed at deployment; later changes wait out the notice (spec §7.4).
  const verifiers = [];
  for (const [batchSize, name] of Object.entries(options.verifiers)) {
    verifiers.push({ batchSize: BigInt(batchSize), verifier: await (await deployed(factoryOf(artifacts, name, signer))).getAddress() });
  }
  const self = await signer.getAddress();
  const config = {
    governor: options.governor ?? self,
    operator: options.operator ?? self,
    poseidon4: await poseidon4.getAddress(),
    poseidon5: await poseidon5.getAddress(),
    levels: options.depth / 2,
    genesisRoot: emptyRoot(options.depth),
    priorityDeadline: options.priorityDeadline ?? 7 * 24 * 3600,
    ethMinDeposit: options.ethMinDeposit ?? 1n,
  };
  const rollup = await deployed(factoryOf(artifacts, 'Rollup', signer), config, verifiers);
  return new RollupClient(rollup, options.depth);
}

export class RollupClient {
  private deployedAt: Promise<number> | undefined;

  constructor(
    readonly contract: Contract,
    readonly depth: number,
  ) {}

  /** The rollup deployed at `address`; its tree depth is read from the contract. */
  static async at(address: string, artifacts: Artifacts, runner: ContractRunner): Promise<RollupClient> {
    const code = await runner.provider?.getCode(address);
    if (code === '0x') throw new RollupNotFoundError(address);
    const contract = new Contract(address, artifacts['Rollup']!.abi as never, runner);
    return new RollupClient(contract, 2 * Number(await contract.getFunction('levels')()));
  }

  connect(runner: ContractRunner): RollupClient {
    return new RollupClient(this.contract.connect(runner) as Contract, this.depth);
  }

  get address(): Promise<string> {
    return this.contract.getAddress();
  }

  async domain(): Promise<bigint> {
    return this.contract.getFunction('domain')();
  }

  async root(): Promise<bigint> {
    return this.contract.getFunction('root')();
  }

  private async send(method: string, args: unknown[], value?: bigint, gasLimit?: bigint): Promise<TransactionReceipt> {
    const overrides = { ...(value === undefined ? {} : { value }), ...(gasLimit === undefined ? {} : { gasLimit }) };
    try {
      return await mined(await this.contract.getFunction(method)(...args, overrides));
    } catch (error) {
      // A transaction that was mined and reverted carries no revert data: replay it on the
      // state it ran against to learn which custom error it hit.
      const receipt = (error as { receipt?: TransactionReceipt }).receipt;
      if (revertData(error) === undefined && receipt) {
        try {
          await this.contract.getFunction(method).staticCall(...args, { blockTag: receipt.blockNumber - 1, ...(value === undefined ? {} : { value }) });
        } catch (replayed) {
          throw RollupRevertError.from(this.contract, method, replayed);
        }
      }
      throw RollupRevertError.from(this.contract, method, error);
    }
  }

  /** The arguments of the rollup events named `name` in `receipt` (e.g. a deposit's DepositQueued). */
  events(receipt: TransactionReceipt, name: string): LogDescription['args'][] {
    return receipt.logs.flatMap((log) => {
      const parsed = this.contract.interface.parseLog(log);
      return parsed?.name === name ? [parsed.args] : [];
    });
  }

  /** Governor only: admits an ERC-20 with its smallest deposit (fixed from then on; default 1,
   * i.e. no zero deposits) and returns its token id. */
  async registerToken(token: string, minDeposit = 1n): Promise<bigint> {
    const receipt = await this.send('registerToken', [token, minDeposit]);
    return this.events(receipt, 'TokenRegistered')[0]![0] as bigint;
  }

  /** What `withdraw(tokenId)` would pay `to` now. */
  async pendingWithdrawal(to: string, tokenId: bigint): Promise<bigint> {
    return this.contract.getFunction('pendingWithdrawals')(to, tokenId);
  }

  /** An ERC-20 deposit pulls its amount by transferFrom: approves the rollup for `amount` of
   * token `tokenId` unless the sender's allowance already covers it. Returns the approval's
   * receipt, if one was needed. ETH and unregistered ids need none (the deposit itself then
   * reverts with Rollup__UnknownToken). */
  async approveDeposit(tokenId: bigint, amount: bigint): Promise<TransactionReceipt | undefined> {
    if (tokenId === 0n || tokenId >= ((await this.contract.getFunction('tokenCount')()) as bigint)) return undefined;
    const owner = this.contract.runner as Signer;
    const token = new Contract((await this.contract.getFunction('tokens')(tokenId)) as string, ERC20_ALLOWANCE_ABI, owner);
    const rollup = await this.address;
    if (((await token.getFunction('allowance')(await owner.getAddress(), rollup)) as bigint) >= amount) return undefined;
    return mined(await token.getFunction('approve')(rollup, amount));
  }

  /** Creates an account for key (ax, ay) whose exit rights belong to `owner` (default: the
   * sender); ETH (token 0) is sent as value. */
  async deposit(args: { ax: bigint; ay: bigint; tokenId: bigint; amount: bigint; owner?: string }): Promise<TransactionReceipt> {
    const owner = args.owner ?? (await (this.contract.runner as Signer).getAddress());
    return this.send('deposit', [args.ax, args.ay, args.tokenId, args.amount, owner], args.tokenId === 0n ? args.amount : undefined);
  }

  depositTo(args: { accountIndex: number; amount: bigint; eth: boolean }): Promise<TransactionReceipt> {
    return this.send('depositTo', [args.accountIndex, args.amount], args.eth ? args.amount : undefined);
  }

  requestForcedExit(accountIndex: number): Promise<TransactionReceipt> {
    return this.send('requestForcedExit', [accountIndex]);
  }

  /** The account's owner hands its exit rights (forced exit, escape) to `owner`. */
  setAccountOwner(accountIndex: number, owner: string): Promise<TransactionReceipt> {
    return this.send('setAccountOwner', [accountIndex, owner]);
  }

  /** Governor only: announces `verifier` for `batchSize`; it can be activated once the notice
   * (the contract's `verifierNotice` seconds) is over. */
  announceVerifier(batchSize: number, verifier: string): Promise<TransactionReceipt> {
    return this.send('announceVerifier', [batchSize, verifier]);
  }

  cancelVerifier(batchSize: number): Promise<TransactionReceipt> {
    return this.send('cancelVerifier', [batchSize]);
  }

  /** Anyone, after the notice: puts the announced verifier for `batchSize` in force. */
  activateVerifier(batchSize: number): Promise<TransactionReceipt> {
    return this.send('activateVerifier', [batchSize]);
  }

  /** What L1 records of account `accountIndex`: the key it was opened with (from its creating
   * deposit's event), its token, the L1 owner holding its exit rights, whether a batch has
   * created it on L2 yet, and its pending forced exit's queue index, if any. */
  async accountInfo(accountIndex: number): Promise<AccountInfo> {
    const c = this.contract;
    if (accountIndex >= Number(await c.getFunction('nextAccountIndex')())) throw new RangeError(`account ${accountIndex} was never opened on this rollup`);
    const logs = await c.queryFilter(c.filters['DepositQueued']!(null, accountIndex), await this.deployedAtBlock());
    const created = logs.map((log) => (log as EventLog).args).find((args) => args[4] !== 0n || args[5] !== 0n);
    if (!created) throw new Error(`account ${accountIndex}: no creating DepositQueued event found`);
    const consumed = (await c.getFunction('consumedPriority')()) as bigint;
    const lastExit = (await c.getFunction('lastForcedExit')(accountIndex)) as bigint;
    return {
      accountIndex,
      ax: created[4] as bigint,
      ay: created[5] as bigint,
      tokenId: (await c.getFunction('accountToken')(accountIndex)) as bigint,
      owner: (await c.getFunction('accountOwner')(accountIndex)) as string,
      onL2: (created[0] as bigint) < consumed,
      pendingForcedExit: lastExit > consumed ? Number(lastExit - 1n) : null,
    };
  }

  /**
   * Operator only: submits k >= 1 consecutive batches of one batch size in one transaction,
   * verified on L1 by one multi-proof check. The size is read from the batches' public signals;
   * `options.batchSize` overrides it (L1 then checks the proofs against that size's verifier).
   */
  async submitBatches(batches: readonly ProvedBatch[], options: { batchSize?: number } = {}): Promise<TransactionReceipt> {
    const sizes = batches.map((b) => b.batch.publicSignals.length - PUBLIC_SIGNALS_BEFORE_CHUNKS);
    const batchSize = options.batchSize ?? sizes[0] ?? 0;
    const other = options.batchSize === undefined ? sizes.findIndex((size) => size !== batchSize) : -1;
    if (other >= 0) throw new RangeError(`batches[${other}]: batch size ${sizes[other]}, but batches[0] has ${batchSize}; one submission holds one batch size`);
    return this.send('submitBatches', [
      batchSize,
      batches.map((b) => ({ newRoot: b.batch.newRoot, feeAccountIndex: b.feeAccountIndex, opBytes: b.batch.opBytes })),
      batches.map((b) => solidityProof(b.proof)),
    ]);
  }

  withdraw(tokenId: bigint): Promise<TransactionReceipt> {
    return this.send('withdraw', [tokenId]);
  }

  /** Sent with a fixed gas limit: gas estimation may run at another time than the block (anvil
   * estimates at wall-clock time), and freezing depends on the time. */
  freeze(): Promise<TransactionReceipt> {
    return this.send('freeze', [], undefined, 150_000n);
  }

  escape(args: { accountIndex: number; ax: bigint; ay: bigint; tokenId: bigint; balance: bigint; nonce: bigint; siblings: readonly (readonly bigint[])[] }): Promise<TransactionReceipt> {
    return this.send('escape', [args.accountIndex, args.ax, args.ay, args.tokenId, args.balance, args.nonce, args.siblings]);
  }

  reclaimDeposit(queueIndex: number): Promise<TransactionReceipt> {
    return this.send('reclaimDeposit', [queueIndex]);
  }

  /** The block the rollup was deployed in: no earlier block holds one of its events. */
  deployedAtBlock(): Promise<number> {
    // Immutable on-chain: read once per client.
    this.deployedAt ??= this.contract.getFunction('deployedAtBlock')().then(Number);
    return this.deployedAt;
  }

  /** Every `event` the rollup emitted, oldest first. */
  async logs(event: string): Promise<(EventLog | Log)[]> {
    return this.contract.queryFilter(this.contract.filters[event]!(), await this.deployedAtBlock());
  }

  /** The priority queue as L1 recorded it, in queue order. */
  async priorityEntries(): Promise<PriorityEntry[]> {
    const deposits = await this.logs('DepositQueued');
    const exits = await this.logs('ForcedExitQueued');
    const entries: [bigint, PriorityEntry][] = [];
    for (const log of deposits) {
      const a = (log as unknown as { args: [bigint, bigint, bigint, bigint, bigint, bigint] }).args;
      entries.push([a[0], { type: 'deposit', accountIndex: Number(a[1]), tokenId: a[2], amount: a[3], ax: a[4], ay: a[5] }]);
    }
    for (const log of exits) {
      const a = (log as unknown as { args: [bigint, bigint, bigint] }).args;
      entries.push([a[0], { type: 'forcedExit', accountIndex: Number(a[1]), tokenId: a[2], amount: 0n, ax: 0n, ay: 0n }]);
    }
    return entries.sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([, e]) => e);
  }
}

/**
 * Rebuilds the L2 state from L1 alone: the priority queue from its events, then every verified
 * batch from its `submitBatches` calldata, replayed in order. Signatures are not in calldata; the
 * proof verified on L1 vouches for them. Throws if the rebuilt root differs from the contract's.
 */
export async function sync(client: RollupClient, provider: Provider): Promise<RollupState> {
  const state = RollupState.empty({ depth: client.depth });
  const entries = await client.priorityEntries();
  for (const entry of entries) state.enqueuePriority(entry);
  const domain = await client.domain();
  // One transaction may carry several batches: its BatchVerified events follow the calldata order.
  const submitted = new Map<string, { batches: readonly SubmittedBatchCall[]; next: number }>();
  for (const log of await client.logs('BatchVerified')) {
    const batchSize = Number((log as unknown as { args: [bigint, bigint, bigint, bigint] }).args[3]);
    let tx = submitted.get(log.transactionHash);
    if (!tx) {
      tx = { batches: await submittedBatches(client, provider, log.transactionHash), next: 0 };
      submitted.set(log.transactionHash, tx);
    }
    const call = tx.batches[tx.next++];
    if (!call) throw new Error(`transaction ${log.transactionHash} emitted more BatchVerified events than it submitted batches`);
    const operations = decodeOperations(hexToBytes(call.opBytes, 'opBytes'), batchSize);
    state.applyBatch({ operations, batchSize, feeAccountIndex: Number(call.feeAccountIndex), domain }, { signatures: 'skip' });
  }
  const onChain = await client.root();
  if (state.root !== onChain) throw new Error(`sync rebuilt root ${state.root} but L1 holds ${onChain}`);
  return state;
}

interface SubmittedBatchCall {
  readonly feeAccountIndex: bigint;
  readonly opBytes: string;
}

/** The batches of a `submitBatches` transaction, from its calldata. */
async function submittedBatches(client: RollupClient, provider: Provider, hash: string): Promise<readonly SubmittedBatchCall[]> {
  const tx = await provider.getTransaction(hash);
  if (!tx) throw new Error(`transaction ${hash} of a verified batch not found`);
  const call = client.contract.interface.parseTransaction({ data: tx.data });
  if (!call || call.name !== 'submitBatches') throw new Error(`transaction ${hash} is not a direct submitBatches call`);
  return (call.args[1] as { feeAccountIndex: bigint; opBytes: string }[]).map((b) => ({ feeAccountIndex: b.feeAccountIndex, opBytes: b.opBytes }));
}
