// The L1 client over ethers v6: deposit, submit proved batches, withdraw, forced exits, escape
// hatch. Deploying is deploy.ts; rebuilding the L2 state from L1 alone is sync.ts.
import { Contract, type ContractRunner, type Signer, type TransactionReceipt } from 'ethers';
import { batchSizeOfPublicSignals, ZkrError, type BatchResult, type PriorityEntry } from '@zkr/core';
import { rollupAbi } from '@zkr/contracts/artifacts';
import type { RollupEventArgs, RollupEventName } from './abiTypes.js';
import { decodeRollupEvent } from './events.js';
import { PRIORITY_EVENTS, priorityEntryOf, rollupLogs } from './logs.js';
import { mined } from './mined.js';

function revertData(error: unknown): string | undefined {
  const e = error as { data?: unknown; info?: { error?: { data?: unknown } } };
  const data = e.data ?? e.info?.error?.data;
  return typeof data === 'string' && data.length >= 10 ? data : undefined;
}

/** A rollup call reverted; `reason` is the contract's custom error, e.g. "Rollup__InvalidProof". */
export class RollupRevertError extends ZkrError {
  static override readonly code = 'sdk.rollup_revert';
  constructor(
    readonly method: string,
    readonly reason: string,
    readonly args: readonly unknown[],
    options: { cause: unknown },
  ) {
    super(RollupRevertError.code, `${method} reverted: ${reason}(${args.map(String).join(', ')})`, { details: { method, reason }, cause: options.cause });
  }

  static from(contract: Contract, method: string, error: unknown): Error {
    const data = revertData(error);
    const parsed = typeof data === 'string' ? contract.interface.parseError(data) : null;
    return parsed ? new RollupRevertError(method, parsed.name, [...parsed.args], { cause: error }) : (error as Error);
  }
}

const ERC20_ALLOWANCE_ABI = [
  'function allowance(address owner, address spender) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
];

/** No contract at the address given as the rollup's (a wrong address or chain). */
export class RollupNotFoundError extends ZkrError {
  static override readonly code = 'sdk.rollup_not_found';
  constructor(readonly address: string) {
    super(RollupNotFoundError.code, `no contract at ${address}: is this the rollup's address on this chain?`);
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

/** `submitBatches`' arguments; the batch size is read from the public signals unless given. */
function submitBatchesArgs(batches: readonly ProvedBatch[], options: { batchSize?: number }): unknown[] {
  const sizes = batches.map((b) => batchSizeOfPublicSignals(b.batch.publicSignals.length));
  const batchSize = options.batchSize ?? sizes[0] ?? 0;
  const other = options.batchSize === undefined ? sizes.findIndex((size) => size !== batchSize) : -1;
  if (other >= 0) throw new RangeError(`batches[${other}]: batch size ${sizes[other]}, but batches[0] has ${batchSize}; one submission holds one batch size`);
  return [
    batchSize,
    batches.map((b) => ({ newRoot: b.batch.newRoot, feeAccountIndex: b.feeAccountIndex, opBytes: b.batch.opBytes })),
    batches.map((b) => solidityProof(b.proof)),
  ];
}

export class RollupClient {
  private deployedAt: Promise<number> | undefined;

  constructor(
    readonly contract: Contract,
    readonly depth: number,
  ) {}

  /** The rollup deployed at `address` (its ABI ships with @zkr/contracts); its tree depth is
   * read from the contract. */
  static async at(address: string, runner: ContractRunner): Promise<RollupClient>;
  /** @deprecated The ABI ships with @zkr/contracts: pass the runner alone. */
  static async at(address: string, artifacts: unknown, runner: ContractRunner): Promise<RollupClient>;
  static async at(address: string, ...rest: [ContractRunner] | [unknown, ContractRunner]): Promise<RollupClient> {
    const runner = rest.length === 1 ? rest[0] : rest[1];
    const code = await runner.provider?.getCode(address);
    if (code === '0x') throw new RollupNotFoundError(address);
    const contract = new Contract(address, rollupAbi, runner);
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

  /** The arguments, by name, of the rollup events named `name` in `receipt` (e.g. a deposit's
   * DepositQueued: `queueIndex`, `accountIndex`, ...). Logs of other contracts are skipped. */
  events<N extends RollupEventName>(receipt: TransactionReceipt, name: N): RollupEventArgs<N>[] {
    return receipt.logs.flatMap((log) => {
      const event = log.address.toLowerCase() === this.contract.target.toString().toLowerCase() ? decodeRollupEvent(this.contract.interface, log) : null;
      return event?.name === name ? [event.args as RollupEventArgs<N>] : [];
    });
  }

  /** Governor only: admits an ERC-20 with its smallest deposit (fixed from then on; default 1,
   * i.e. no zero deposits) and returns its token id. */
  async registerToken(token: string, minDeposit = 1n): Promise<bigint> {
    const receipt = await this.send('registerToken', [token, minDeposit]);
    return this.events(receipt, 'TokenRegistered')[0]!.tokenId;
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
    const provider = c.runner!.provider!;
    const logs = await rollupLogs(c, provider, ['DepositQueued'], { fromBlock: await this.deployedAtBlock(), toBlock: await provider.getBlockNumber() });
    const created = logs.map(priorityEntryOf).find(({ entry }) => entry.accountIndex === accountIndex && (entry.ax !== 0n || entry.ay !== 0n));
    if (!created) throw new Error(`account ${accountIndex}: no creating DepositQueued event found`);
    const consumed = (await c.getFunction('consumedPriority')()) as bigint;
    const lastExit = (await c.getFunction('lastForcedExit')(accountIndex)) as bigint;
    return {
      accountIndex,
      ax: created.entry.ax,
      ay: created.entry.ay,
      tokenId: (await c.getFunction('accountToken')(accountIndex)) as bigint,
      owner: (await c.getFunction('accountOwner')(accountIndex)) as string,
      onL2: BigInt(created.queueIndex) < consumed,
      pendingForcedExit: lastExit > consumed ? Number(lastExit - 1n) : null,
    };
  }

  /**
   * Operator only: submits k >= 1 consecutive batches of one batch size in one transaction,
   * verified on L1 by one multi-proof check. The size is read from the batches' public signals;
   * `options.batchSize` overrides it (L1 then checks the proofs against that size's verifier).
   */
  async submitBatches(batches: readonly ProvedBatch[], options: { batchSize?: number } = {}): Promise<TransactionReceipt> {
    return this.send('submitBatches', submitBatchesArgs(batches, options));
  }

  /** The calldata of `submitBatches(batches)`, for an operator that is a contract (a multisig
   * proposes it, a relayer forwards it); the rollup then logs the op bytes for sync (spec §7.2). */
  submitBatchesData(batches: readonly ProvedBatch[], options: { batchSize?: number } = {}): string {
    return this.contract.interface.encodeFunctionData('submitBatches', submitBatchesArgs(batches, options));
  }

  withdraw(tokenId: bigint): Promise<TransactionReceipt> {
    return this.send('withdraw', [tokenId]);
  }

  /** Sent with a fixed gas limit: gas estimation may run at another time than the block (anvil
   * estimates at wall-clock time), and freezing depends on the time. */
  freeze(): Promise<TransactionReceipt> {
    return this.send('freeze', [], undefined, 150_000n);
  }

  escape(args: {
    accountIndex: number;
    ax: bigint;
    ay: bigint;
    tokenId: bigint;
    balance: bigint;
    nonce: bigint;
    siblings: readonly (readonly bigint[])[];
  }): Promise<TransactionReceipt> {
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

  /** The priority queue as L1 recorded it, in queue order, read in pages of `pageSize` blocks. */
  async priorityEntries(options: { pageSize?: number } = {}): Promise<PriorityEntry[]> {
    const provider = this.contract.runner?.provider;
    if (!provider) throw new Error('the rollup client has no provider to read logs with');
    const range = { fromBlock: await this.deployedAtBlock(), toBlock: await provider.getBlockNumber(), ...options };
    const logs = await rollupLogs(this.contract, provider, PRIORITY_EVENTS, range);
    return logs
      .map(priorityEntryOf)
      .sort((x, y) => x.queueIndex - y.queueIndex)
      .map((e) => e.entry);
  }
}
