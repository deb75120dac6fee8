// The reference state machine (spec §3.2, §5, §6): validates and applies a batch, and emits
// what the circuit and the contract consume. A batch that breaks a rule changes nothing.
import { type Account, accountLeaf } from './account.js';
import { buildCircuitInput, type CircuitInput, type SlotWitness, emptySlotWitness } from './circuit-input.js';
import { checkOperationSignature } from './domain.js';
import {
  AccountExists,
  BalanceOverflow,
  BatchTooLarge,
  FeeAccountMissing,
  FeeTokenMismatch,
  InsufficientBalance,
  InvalidOperation,
  NonceOverflow,
  PriorityQueueMismatch,
  TokenMismatch,
  UnknownAccount,
} from './errors.js';
import { BALANCE_BITS, NONCE_BITS, assertFieldElement, assertIndex } from './field.js';
import { orderPublicSignals } from './layout.js';
import { checkPublicKey } from './keys.js';
import { encodeBatch, encodeOperation, normalizeAddress, operationChunk, type Operation, type SignedOperation } from './operations.js';
import { checkPriorityEntry, isCreatingDeposit, nextPriorityChain, type PriorityEntry } from './priority.js';
import { AccountTree } from './tree.js';

const BALANCE_LIMIT = 1n << BigInt(BALANCE_BITS);
const NONCE_LIMIT = 1n << BigInt(NONCE_BITS);

export interface BatchRequest {
  readonly operations: readonly Operation[];
  readonly batchSize: number;
  readonly feeAccountIndex: number;
  readonly domain: bigint;
}

export interface ApplyOptions {
  /**
   * 'check' (default) verifies every signature. 'skip' is for replaying batches already
   * verified on L1, whose calldata carries no signatures; its circuit input cannot be proven.
   */
  readonly signatures?: 'check' | 'skip';
}

export interface Withdrawal {
  readonly accountIndex: number;
  readonly tokenId: bigint;
  readonly amount: bigint;
  /** The withdraw's destination; undefined for a forced exit (paid to the L1 owner). */
  readonly l1Address: string | undefined;
}

export interface BatchResult {
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly opBytes: Uint8Array;
  readonly chunks: readonly bigint[];
  /** Spec §6.1 order: oldRoot, newRoot, chainBefore, chainAfter, domain, feeAccountIndex, chunks. */
  readonly publicSignals: readonly bigint[];
  readonly circuitInput: CircuitInput;
  readonly withdrawals: readonly Withdrawal[];
  readonly priorityConsumed: number;
  readonly feesCollected: bigint;
}

export interface AccountJSON {
  readonly index: number;
  readonly ax: string;
  readonly ay: string;
  readonly tokenId: string;
  readonly balance: string;
  readonly nonce: string;
}

export interface PriorityEntryJSON {
  readonly type: PriorityEntry['type'];
  readonly accountIndex: number;
  readonly tokenId: string;
  readonly amount: string;
  readonly ax: string;
  readonly ay: string;
}

export interface RollupStateJSON {
  readonly version: 1;
  readonly depth: number;
  readonly accounts: readonly AccountJSON[];
  readonly priorityQueue: readonly PriorityEntryJSON[];
  readonly consumedPriority: number;
}

/** Undo log of one batch: the account each touched index held before (undefined = empty). */
type Journal = Map<number, Account | undefined>;

export class RollupState {
  readonly depth: number;
  private readonly tree: AccountTree;
  private readonly accounts = new Map<number, Account>();
  private readonly queue: PriorityEntry[] = [];
  /** chains[k] is the priority chain after k entries; chains[0] = 0. */
  private readonly chains: bigint[] = [0n];
  private consumed = 0;

  private constructor(depth: number) {
    this.tree = new AccountTree(depth);
    this.depth = depth;
  }

  static empty({ depth }: { depth: number }): RollupState {
    return new RollupState(depth);
  }

  get root(): bigint {
    return this.tree.root;
  }

  get levels(): number {
    return this.tree.levels;
  }

  get consumedPriority(): number {
    return this.consumed;
  }

  get queuedPriority(): number {
    return this.queue.length;
  }

  account(index: number): Account | undefined {
    return this.accounts.get(index);
  }

  /** Indices of existing accounts, ascending. */
  accountIndices(): number[] {
    return this.tree.occupiedIndices();
  }

  proof(index: number): bigint[][] {
    return this.tree.proof(index);
  }

  /** Mirrors an entry the L1 contract queued; entries are consumed by batches in order. */
  enqueuePriority(entry: PriorityEntry): void {
    this.enqueue(entry, 'entry');
  }

  /** Checks the entry whole (a creating deposit's key included) before the queue changes. */
  private enqueue(entry: PriorityEntry, field: string): void {
    checkPriorityEntry(entry, field);
    assertIndex(entry.accountIndex, this.depth, `${field}.accountIndex`);
    this.queue.push({ ...entry });
    this.chains.push(nextPriorityChain(this.chains[this.chains.length - 1]!, entry));
  }

  priorityChain(count: number): bigint {
    const chain = this.chains[count];
    if (chain === undefined) throw new RangeError(`only ${this.queue.length} priority entries are queued, asked for ${count}`);
    return chain;
  }

  /**
   * The rules a transfer or withdraw must meet in this state that its signer can check before
   * signing (wallets, `zkr sign`): both accounts exist within the tree, share a token, and the
   * sender covers amount + fee. What only the batch decides (the fee token) is left out. Returns
   * the sender; throws the error applyBatch would, naming `${field}.from`/`.to`/`.amount`.
   */
  checkSignedOperation(op: SignedOperation, field = 'operation'): Account {
    const sender = this.checkParties(op, field);
    this.checkFunds(sender, op, field);
    return sender;
  }

  /** @internal The accounts of a signed operation: they exist, within the tree, in one token. */
  checkParties(op: SignedOperation, field: string): Account {
    assertIndex(op.from, this.depth, `${field}.from`);
    const sender = this.account(op.from);
    if (!sender) throw new UnknownAccount(`no account at ${op.from}`, { field: `${field}.from` });
    if (op.type === 'transfer') {
      assertIndex(op.to, this.depth, `${field}.to`);
      const receiver = this.account(op.to);
      if (!receiver) throw new UnknownAccount(`no account at ${op.to}`, { field: `${field}.to` });
      if (receiver.tokenId !== sender.tokenId) {
        throw new TokenMismatch(`sender holds token ${sender.tokenId}, receiver token ${receiver.tokenId}`, { field: `${field}.to` });
      }
    }
    return sender;
  }

  /** @internal The sender covers amount + fee and its nonce can grow. */
  checkFunds(sender: Account, op: SignedOperation, field: string): void {
    if (sender.balance - op.amount - op.fee < 0n) {
      throw new InsufficientBalance(`balance ${sender.balance} < amount ${op.amount} + fee ${op.fee}`, { field: `${field}.amount` });
    }
    if (sender.nonce + 1n >= NONCE_LIMIT) throw new NonceOverflow(`nonce ${sender.nonce} cannot grow`, { field: `${field}.from` });
  }

  pendingPriority(): PriorityEntry[] {
    return this.queue.slice(this.consumed);
  }

  applyBatch(request: BatchRequest, options: ApplyOptions = {}): BatchResult {
    const journal: Journal = new Map();
    const consumedBefore = this.consumed;
    try {
      return new BatchApplication(this, request, options, journal).run();
    } catch (error) {
      this.rollback(journal);
      this.consumed = consumedBefore;
      throw error;
    }
  }

  toJSON(): RollupStateJSON {
    return {
      version: 1,
      depth: this.depth,
      accounts: this.accountIndices().map((index) => {
        const a = this.accounts.get(index)!;
        return {
          index,
          ax: a.ax.toString(),
          ay: a.ay.toString(),
          tokenId: a.tokenId.toString(),
          balance: a.balance.toString(),
          nonce: a.nonce.toString(),
        };
      }),
      priorityQueue: this.queue.map((e) => ({
        type: e.type,
        accountIndex: e.accountIndex,
        tokenId: e.tokenId.toString(),
        amount: e.amount.toString(),
        ax: e.ax.toString(),
        ay: e.ay.toString(),
      })),
      consumedPriority: this.consumed,
    };
  }

  static fromJSON(json: RollupStateJSON): RollupState {
    if (json.version !== 1) throw new InvalidOperation(`unsupported state version ${String(json.version)}`, { field: 'version' });
    const state = new RollupState(json.depth);
    json.accounts.forEach((a, i) => {
      const key = checkPublicKey({ ax: BigInt(a.ax), ay: BigInt(a.ay) }, `accounts[${i}]`);
      state.writeAccount(assertIndex(a.index, json.depth, 'accounts.index'), {
        ...key,
        tokenId: BigInt(a.tokenId),
        balance: BigInt(a.balance),
        nonce: BigInt(a.nonce),
      });
    });
    json.priorityQueue.forEach((e, i) => {
      state.enqueue(
        {
          type: e.type,
          accountIndex: e.accountIndex,
          tokenId: BigInt(e.tokenId),
          amount: BigInt(e.amount),
          ax: BigInt(e.ax),
          ay: BigInt(e.ay),
        },
        `priorityQueue[${i}]`,
      );
    });
    if (json.consumedPriority < 0 || json.consumedPriority > state.queue.length) {
      throw new InvalidOperation(`out of range: ${json.consumedPriority}`, { field: 'consumedPriority' });
    }
    state.consumed = json.consumedPriority;
    return state;
  }

  clone(): RollupState {
    return RollupState.fromJSON(this.toJSON());
  }

  // ---- used by BatchApplication only ----

  /** @internal */
  nextPriorityEntry(): { entry: PriorityEntry | undefined; position: number } {
    return { entry: this.queue[this.consumed], position: this.consumed };
  }

  /** @internal */
  consumePriority(): void {
    this.consumed++;
  }

  /** @internal Writes an account, recording its previous value in the journal. */
  writeAccount(index: number, account: Account | undefined, journal?: Journal): void {
    if (journal && !journal.has(index)) journal.set(index, this.accounts.get(index));
    if (account === undefined) {
      this.accounts.delete(index);
      this.tree.setLeaf(index, 0n);
    } else {
      this.accounts.set(index, account);
      this.tree.setLeaf(index, accountLeaf(account));
    }
  }

  private rollback(journal: Journal): void {
    for (const [index, previous] of journal) this.writeAccount(index, previous);
  }
}

/** One batch being applied: walks the slots, mutating the state through the journal. */
class BatchApplication {
  private readonly slots: SlotWitness[] = [];
  private readonly withdrawals: Withdrawal[] = [];
  private fees = 0n;
  private feeTokenId = 0n;

  constructor(
    private readonly state: RollupState,
    private readonly request: BatchRequest,
    private readonly options: ApplyOptions,
    private readonly journal: Journal,
  ) {}

  run(): BatchResult {
    const { state, request } = this;
    const operations = this.checkShape();
    const oldRoot = state.root;
    const chainBefore = state.priorityChain(state.consumedPriority);
    const consumedBefore = state.consumedPriority;
    this.feeTokenId = this.resolveFeeToken(operations);

    for (const [i, op] of operations.entries()) this.applySlot(op, i);

    const feeAccount = state.account(request.feeAccountIndex);
    if (feeAccount === undefined) {
      throw new FeeAccountMissing(`no account at ${request.feeAccountIndex} after the last slot`, { field: 'feeAccountIndex' });
    }
    const feeSiblings = state.proof(request.feeAccountIndex);
    const credited = feeAccount.balance + this.fees;
    if (credited >= BALANCE_LIMIT) {
      throw new BalanceOverflow(`fee account balance would reach ${credited}`, { field: 'feeAccountIndex' });
    }
    state.writeAccount(request.feeAccountIndex, { ...feeAccount, balance: credited }, this.journal);

    const chunks = operations.map(operationChunk);
    const chainAfter = state.priorityChain(state.consumedPriority);
    const newRoot = state.root;
    const signals = { oldRoot, newRoot, chainBefore, chainAfter, domain: request.domain, feeAccountIndex: BigInt(request.feeAccountIndex), chunks };
    return {
      oldRoot,
      newRoot,
      opBytes: encodeBatch(operations),
      chunks,
      publicSignals: orderPublicSignals(signals),
      circuitInput: buildCircuitInput({
        publicSignals: signals,
        slots: this.slots,
        fee: { account: feeAccount, siblings: feeSiblings },
      }),
      withdrawals: this.withdrawals,
      priorityConsumed: state.consumedPriority - consumedBefore,
      feesCollected: this.fees,
    };
  }

  private checkShape(): Operation[] {
    const { request, state } = this;
    if (!Number.isSafeInteger(request.batchSize) || request.batchSize < 1) {
      throw new InvalidOperation(`must be a positive integer, received ${request.batchSize}`, { field: 'batchSize' });
    }
    if (request.operations.length > request.batchSize) {
      throw new BatchTooLarge(`${request.operations.length} operations do not fit a batch of ${request.batchSize}`, { field: 'operations' });
    }
    assertIndex(request.feeAccountIndex, state.depth, 'feeAccountIndex');
    assertFieldElement(request.domain, 'domain');
    request.operations.forEach((op, i) => {
      encodeOperation(op, `operations[${i}]`); // validates every field's range
      for (const key of ['accountIndex', 'from', 'to'] as const) {
        if (key in op) assertIndex((op as unknown as Record<string, number>)[key]!, state.depth, `operations[${i}].${key}`);
      }
    });
    const padded = [...request.operations];
    while (padded.length < request.batchSize) padded.push({ type: 'noop' });
    return padded;
  }

  /** The fee token is the fee account's token; the account may be created by this batch's deposits. */
  private resolveFeeToken(operations: readonly Operation[]): bigint {
    const { state, request } = this;
    const existing = state.account(request.feeAccountIndex);
    if (existing) return existing.tokenId;
    const { position } = state.nextPriorityEntry();
    const pending = state.pendingPriority();
    const priorityOps = operations.filter((op) => op.type === 'deposit' || op.type === 'forcedExit').length;
    const creating = pending.slice(0, priorityOps).find((e) => isCreatingDeposit(e) && e.accountIndex === request.feeAccountIndex);
    if (!creating) {
      throw new FeeAccountMissing(`account ${request.feeAccountIndex} neither exists nor is created by this batch (queue position ${position})`, {
        field: 'feeAccountIndex',
      });
    }
    return creating.tokenId;
  }

  private applySlot(op: Operation, i: number): void {
    const field = `operations[${i}]`;
    const slot = emptySlotWitness(this.state.proof(0));
    switch (op.type) {
      case 'noop':
        slot.bSiblings = this.state.proof(0);
        break;
      case 'deposit':
        this.applyDeposit(op.accountIndex, slot, field);
        break;
      case 'forcedExit':
        this.applyForcedExit(op.accountIndex, op.amount, slot, field);
        break;
      case 'transfer':
      case 'withdraw':
        this.applySigned(op, slot, field);
        break;
    }
    this.slots.push(slot);
  }

  private takePriority(type: PriorityEntry['type'], accountIndex: number, field: string): PriorityEntry {
    const { entry, position } = this.state.nextPriorityEntry();
    if (entry === undefined) throw new PriorityQueueMismatch('the priority queue is empty', { field });
    if (entry.type !== type || entry.accountIndex !== accountIndex) {
      throw new PriorityQueueMismatch(`queue entry ${position} is a ${entry.type} of account ${entry.accountIndex}, not a ${type} of ${accountIndex}`, {
        field,
      });
    }
    this.state.consumePriority();
    return entry;
  }

  private applyDeposit(index: number, slot: SlotWitness, field: string): void {
    const entry = this.takePriority('deposit', index, field);
    const current = this.state.account(index);
    slot.aSiblings = this.state.proof(index);
    slot.bSiblings = this.state.proof(0);
    slot.priority = entry;
    if (isCreatingDeposit(entry)) {
      // Queued entries were checked; checked again where the key enters the tree.
      checkPublicKey(entry, field);
      if (current) throw new AccountExists(`account ${index} already exists`, { field: `${field}.accountIndex` });
      this.state.writeAccount(index, { ax: entry.ax, ay: entry.ay, tokenId: entry.tokenId, balance: entry.amount, nonce: 0n }, this.journal);
    } else {
      if (!current) throw new UnknownAccount(`no account at ${index}`, { field: `${field}.accountIndex` });
      if (current.tokenId !== entry.tokenId) {
        throw new TokenMismatch(`account holds token ${current.tokenId}, deposit is token ${entry.tokenId}`, { field: `${field}.accountIndex` });
      }
      const balance = current.balance + entry.amount;
      if (balance >= BALANCE_LIMIT) throw new BalanceOverflow(`balance would reach ${balance}`, { field: `${field}.accountIndex` });
      slot.a = current;
      this.state.writeAccount(index, { ...current, balance }, this.journal);
    }
    slot.bSiblings = this.state.proof(0);
  }

  private applyForcedExit(index: number, amount: bigint, slot: SlotWitness, field: string): void {
    const entry = this.takePriority('forcedExit', index, field);
    const current = this.state.account(index);
    if (!current) throw new UnknownAccount(`no account at ${index}`, { field: `${field}.accountIndex` });
    if (current.tokenId !== entry.tokenId) {
      throw new TokenMismatch(`account holds token ${current.tokenId}, exit names token ${entry.tokenId}`, { field: `${field}.accountIndex` });
    }
    if (amount !== current.balance) {
      throw new InvalidOperation(`a forced exit withdraws the whole balance ${current.balance}, received ${amount}`, { field: `${field}.amount` });
    }
    slot.priority = entry;
    slot.a = current;
    slot.aSiblings = this.state.proof(index);
    this.state.writeAccount(index, { ...current, balance: 0n }, this.journal);
    slot.bSiblings = this.state.proof(0);
    this.withdrawals.push({ accountIndex: index, tokenId: current.tokenId, amount, l1Address: undefined });
  }

  private applySigned(op: Extract<Operation, { type: 'transfer' | 'withdraw' }>, slot: SlotWitness, field: string): void {
    const { state } = this;
    const sender = state.checkParties(op, field);
    if (this.options.signatures !== 'skip') {
      checkOperationSignature(sender, { domain: this.request.domain, op, nonce: sender.nonce }, `${field}.signature`);
    }
    if (op.fee !== 0n && sender.tokenId !== this.feeTokenId) {
      throw new FeeTokenMismatch(`fee must be 0 for token ${sender.tokenId}: fees are paid in token ${this.feeTokenId}`, { field: `${field}.fee` });
    }
    state.checkFunds(sender, op, field);
    const remaining = sender.balance - op.amount - op.fee;

    slot.a = sender;
    slot.aSiblings = state.proof(op.from);
    if (op.signature) slot.signature = op.signature;
    state.writeAccount(op.from, { ...sender, balance: remaining, nonce: sender.nonce + 1n }, this.journal);

    if (op.type === 'transfer') {
      const receiver = state.account(op.to)!; // re-read: from = to sees the debited account
      const balance = receiver.balance + op.amount;
      if (balance >= BALANCE_LIMIT) throw new BalanceOverflow(`receiver balance would reach ${balance}`, { field: `${field}.to` });
      slot.b = receiver;
      slot.bSiblings = state.proof(op.to);
      state.writeAccount(op.to, { ...receiver, balance }, this.journal);
    } else {
      slot.bSiblings = state.proof(0);
      this.withdrawals.push({
        accountIndex: op.from,
        tokenId: sender.tokenId,
        amount: op.amount,
        l1Address: normalizeAddress(op.l1Address, `${field}.l1Address`),
      });
    }
    if (sender.tokenId === this.feeTokenId) this.fees += op.fee;
  }
}
