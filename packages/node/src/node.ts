// startNode: the node as a library (docs/protocol.md §12): store, L1 connection, recovery,
// pipeline and HTTP API, stopped by close().
import { enableWasmPoseidon } from '@zkr/core';
import { RollupClient, type ProveFunction } from '@zkr/sdk';
import { JsonRpcProvider, Wallet } from 'ethers';
import { buildApi } from './api.js';
import { NodeMetrics } from './metrics.js';
import { Pipeline } from './pipeline.js';
import { openDatabase } from './store/database.js';
import { NodeStore } from './store/store.js';
import { Submitter } from './submitter.js';

export interface NodeOptions {
  readonly rpcUrl: string;
  readonly rollupAddress: string;
  /** The operator's L1 private key (hex). Kept in memory only, never logged. */
  readonly operatorKey: string;
  readonly prove: ProveFunction;
  /** Batch size => registry circuit; the node proves batches of `batchSize`. */
  readonly circuits: Readonly<Record<number, string>>;
  readonly batchSize: number;
  /** Batches in one L1 transaction at most (default 1). */
  readonly batchesPerTransaction?: number;
  /** A batch is cut when full or when its oldest operation has waited this long (default 2000). */
  readonly maxWaitMs?: number;
  readonly feeAccountIndex: number;
  /** `{ url }`: PostgreSQL; `{ dataDir }`: the embedded store (PGlite) in that directory. */
  readonly database: { readonly url: string } | { readonly dataDir: string };
  /** Default 127.0.0.1: reachable from this machine only. */
  readonly host?: string;
  /** Default 8547; 0 picks a free port. */
  readonly port?: number;
  /** Blocks a submission must be deep before it counts as verified (default 1: mined). */
  readonly confirmations?: number;
  readonly pollMs?: number;
  /** Default 16 KiB: a signed operation is under 1 KiB. */
  readonly bodyLimit?: number;
  /** Requests per client address per window (default 600 per minute). */
  readonly rateLimit?: { readonly max: number; readonly windowMs: number };
  readonly log?: (message: string) => void;
}

export interface ZkrNode {
  /** The API's base URL, e.g. http://127.0.0.1:8547 */
  readonly url: string;
  readonly pipeline: Pipeline;
  readonly store: NodeStore;
  close(): Promise<void>;
}

export async function startNode(options: NodeOptions): Promise<ZkrNode> {
  const log = options.log ?? (() => undefined);
  // Poseidon over WASM for the node's own hashing (the pending state's tree, signatures, copies
  // and syncs): it halves the CPU of intake (§13.7). Built while the store opens and L1 is read.
  const poseidon = enableWasmPoseidon();
  const pollMs = options.pollMs ?? 250;
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { polling: true, pollingInterval: pollMs, cacheTimeout: -1 });
  const store = await NodeStore.open(await openDatabase(options.database));
  try {
    const wallet = new Wallet(options.operatorKey, provider);
    const client = await RollupClient.at(options.rollupAddress, wallet);
    const metrics = new NodeMetrics();
    const confirmations = options.confirmations ?? 1;
    const submitter = new Submitter({ provider, wallet, rollupAddress: options.rollupAddress, confirmations, pollMs });
    const pipeline = new Pipeline({
      store,
      client,
      provider,
      submitter,
      prove: options.prove,
      circuits: options.circuits,
      batchSize: options.batchSize,
      batchesPerTransaction: options.batchesPerTransaction ?? 1,
      maxWaitMs: options.maxWaitMs ?? 2000,
      feeAccountIndex: options.feeAccountIndex,
      confirmations,
      pollMs,
      metrics,
      log,
    });
    await poseidon;
    await pipeline.recover();
    const api = await buildApi({
      store,
      pipeline,
      client,
      metrics,
      bodyLimit: options.bodyLimit ?? 16 * 1024,
      rateLimit: options.rateLimit ?? { max: 600, windowMs: 60_000 },
    });
    const url = await api.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8547 });
    pipeline.start();
    return {
      url,
      pipeline,
      store,
      async close() {
        await api.close();
        await pipeline.stop();
        await store.close();
        provider.destroy();
      },
    };
  } catch (error) {
    await store.close().catch(() => undefined);
    provider.destroy();
    throw error;
  }
}
