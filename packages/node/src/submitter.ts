// Sending a submission to L1 so that a crash can never send it twice (docs/protocol.md §13.5):
// the transaction is signed here, recorded (hash, nonce, raw bytes) and only then broadcast.
// After a crash the recorded transaction is awaited or broadcast again, byte for byte: the same
// nonce can be mined once at most. It counts as verified only after `confirmations` blocks, and
// if a reorg drops it before, the same bytes are broadcast again.
import { keccak256, type JsonRpcProvider, type TransactionReceipt, type Wallet } from 'ethers';
import type { StoredTransaction } from './store/store.js';

export type Settlement =
  | { readonly kind: 'confirmed'; readonly receipt: TransactionReceipt }
  | { readonly kind: 'reverted'; readonly receipt: TransactionReceipt }
  /** Not on L1 and its nonce is taken by another transaction: it will never land. */
  | { readonly kind: 'dropped' };

export interface SubmitterOptions {
  readonly provider: JsonRpcProvider;
  readonly wallet: Wallet;
  readonly rollupAddress: string;
  readonly confirmations: number;
  readonly pollMs: number;
}

export class Submitter {
  constructor(private readonly options: SubmitterOptions) {}

  /** Signs a call of the rollup with `data` at the operator's next nonce; nothing is sent. */
  async sign(data: string): Promise<{ hash: string; nonce: number; raw: string }> {
    const { provider, wallet, rollupAddress } = this.options;
    const from = wallet.address;
    const nonce = await provider.getTransactionCount(from, 'pending');
    const gas = await provider.estimateGas({ from, to: rollupAddress, data });
    const request = await wallet.populateTransaction({ to: rollupAddress, data, nonce, gasLimit: (gas * 12n) / 10n });
    const raw = await wallet.signTransaction(request);
    return { hash: keccak256(raw), nonce, raw };
  }

  /** Broadcasts the recorded bytes; "already known" and a nonce already used are not errors here:
   * `settle` finds out what became of the transaction. */
  async broadcast(raw: string): Promise<void> {
    try {
      await this.options.provider.broadcastTransaction(raw);
    } catch {
      // settle() decides: mined, pending, or dropped.
    }
  }

  /** Waits until `tx` is confirmed, reverted or dropped, broadcasting it again whenever L1 does
   * not know it (never sent before a crash, or dropped by a reorg). */
  async settle(tx: Pick<StoredTransaction, 'hash' | 'nonce' | 'raw'>, signal?: AbortSignal): Promise<Settlement> {
    const { provider, wallet, confirmations, pollMs } = this.options;
    for (;;) {
      signal?.throwIfAborted();
      const receipt = await provider.getTransactionReceipt(tx.hash);
      if (receipt) {
        if (receipt.status === 0) return { kind: 'reverted', receipt };
        const latest = await provider.getBlockNumber();
        if (latest - receipt.blockNumber + 1 >= confirmations) {
          // Still in the canonical chain at that height (a reorg may have replaced the block).
          const block = await provider.getBlock(receipt.blockNumber);
          if (block?.hash === receipt.blockHash) return { kind: 'confirmed', receipt };
        }
      } else if ((await provider.getTransaction(tx.hash)) === null) {
        if ((await provider.getTransactionCount(wallet.address, 'latest')) > tx.nonce) {
          // Its nonce is used and it has no receipt: another transaction took the nonce.
          if ((await provider.getTransactionReceipt(tx.hash)) === null) return { kind: 'dropped' };
        } else {
          await this.broadcast(tx.raw);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
