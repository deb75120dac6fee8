// The L1 client over ethers v6: deposit, submit proved batches, withdraw, forced exits, escape
// hatch. Deploying is deploy.ts; rebuilding the L2 state from L1 alone is sync.ts.
import { Contract, type ContractRunner, type LogDescription, type Signer, type TransactionReceipt } from 'ethers';
import type { BatchResult, PriorityEntry } from '@zkr/core';
import type { Artifacts } from './compile.js';
import { PRIORITY_EVENTS, priorityEntryOf, rollupLogs } from './logs.js';
import { mined } from './mined.js';

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

/** `submitBatches`' arguments; the batch size is read from the public signals unless given. */
function submitBatchesArgs(batches: readonly ProvedBatch[], options: { batchSize?: number }): unknown[] {
  const sizes = batches.map((b) => b.batch.publicSignals.length - PUBLIC_SIGNALS_BEFORE_CHUNKS);
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

  /** Governor only: admits an ERC-20 and returns its token id. */
  async registerToken(token: string): Promise<bigint> {
    const receipt = await this.send('registerToken', [token]);
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

  /** Creates an account for key (ax, ay); ETH (token 0) is sent as value. */
  deposit(args: { ax: bigint; ay: bigint; tokenId: bigint; amount: bigint }): Promise<TransactionReceipt> {
    return this.send('deposit', [args.ax, args.ay, args.tokenId, args.amount], args.tokenId === 0n ? args.amount : undefined);
  }

  depositTo(args: { accountIndex: number; amount: bigint; eth: boolean }): Promise<TransactionReceipt> {
    return this.send('depositTo', [args.accountIndex, args.amount], args.eth ? args.amount : undefined);
  }

  requestForcedExit(accountIndex: number): Promise<TransactionReceipt> {
    return this.send('requestForcedExit', [accountIndex]);
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

  /** The priority queue as L1 recorded it, in queue order, read in pages of `pageSize` blocks. */
  async priorityEntries(options: { pageSize?: number } = {}): Promise<PriorityEntry[]> {
    const provider = this.contract.runner?.provider;
    if (!provider) throw new Error('the rollup client has no provider to read logs with');
    const range = { fromBlock: await this.deployedAtBlock(), toBlock: await provider.getBlockNumber(), ...options };
    const logs = await rollupLogs(this.contract, provider, PRIORITY_EVENTS, range);
    return logs.map(priorityEntryOf).sort((x, y) => x.queueIndex - y.queueIndex).map((e) => e.entry);
  }
}
