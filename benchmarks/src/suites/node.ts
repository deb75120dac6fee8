// The node (@zkr/node) end to end on an embedded anvil: signed transfers posted over HTTP by
// concurrent clients (signing done beforehand, not timed), measuring operations accepted per
// second at the API, and the latency from a transfer's 202 to the moment its status reads
// `verified` (batched, proved by the local pool, submitted, mined).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, Wallet } from 'ethers';
import { getInstance, setupCircuit } from '@zkr/circuits';
import { batchVerifierName, compileContracts } from '@zkr/contracts';
import { startAnvil } from '@zkr/contracts/testing';
import { deployRollup } from '@zkr/sdk';
import { publicKeyOf, signOperation, type TransferOp } from '@zkr/core';
import { startNode } from '@zkr/node';
import { createProver } from '@zkr/prover';
import { median, round } from '../stats.js';

export interface NodeResult {
  readonly circuit: string;
  readonly batchSize: number;
  readonly batchesPerTransaction: number;
  readonly backend: string;
  readonly store: string;
  readonly operations: number;
  readonly clients: number;
  readonly acceptedOpsPerSec: number;
  /** Median over the operations, seconds from the 202 to `verified`. */
  readonly acceptToVerifiedSeconds: number;
  readonly maxAcceptToVerifiedSeconds: number;
}

export interface NodeSuiteOptions {
  readonly circuit: string;
  readonly batchesPerTransaction: number;
  readonly operations: number;
  readonly clients: number;
  readonly log: (message: string) => void;
}

// anvil's first dev key: deployer and operator; its second account (unlocked) deposits.
const OPERATOR_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const l2Key = (index: number) => new Uint8Array(32).fill(index + 1);

export async function measureNode(options: NodeSuiteOptions): Promise<NodeResult> {
  const { circuit, clients, log } = options;
  const { batchSize, depth } = getInstance(circuit);
  const files = await setupCircuit({ name: circuit });
  const artifacts = await compileContracts({ circuits: [circuit], setup: 'dev' });
  const anvil = await startAnvil();
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50, cacheTimeout: -1 });
  const prover = createProver({ circuits: { [circuit]: files }, selfCheck: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'zkr-bench-node-'));
  try {
    const client = await deployRollup({ signer: new Wallet(OPERATOR_KEY, provider), artifacts, depth, verifiers: { [batchSize]: batchVerifierName(circuit) } });
    const depositor = client.connect(await provider.getSigner(1));
    for (let i = 0; i <= clients; i++) await depositor.deposit({ ...publicKeyOf(l2Key(i)), tokenId: 0n, amount: 10n ** 15n });
    const domain = await client.domain();
    const node = await startNode({
      rpcUrl: anvil.rpcUrl,
      rollupAddress: await client.address,
      operatorKey: OPERATOR_KEY,
      prove: (id, input) => prover.prove(id, input as Record<string, unknown>),
      circuits: { [batchSize]: circuit },
      batchSize,
      batchesPerTransaction: options.batchesPerTransaction,
      maxWaitMs: 1000,
      feeAccountIndex: 0,
      database: { dataDir },
      port: 0,
      rateLimit: { max: 1_000_000, windowMs: 60_000 },
    });
    try {
      // The deposits first, so the timed transfers wait behind nothing else.
      while (node.pipeline.confirmed.state.consumedPriority <= clients) await new Promise((resolve) => setTimeout(resolve, 200));
      const perClient = Math.ceil(options.operations / clients);
      log(`node: signing ${perClient * clients} transfers`);
      const bodies = Array.from({ length: clients }, (_, c) =>
        Array.from({ length: perClient }, (_, nonce) => {
          const op: TransferOp = { type: 'transfer', from: c + 1, to: ((c + 1) % clients) + 1, amount: 1000n, fee: 1n };
          const s = signOperation(l2Key(c + 1), { domain, nonce: BigInt(nonce), op }).signature!;
          return JSON.stringify({
            ...op,
            amount: '1000',
            fee: '1',
            nonce: String(nonce),
            signature: { r8x: s.r8x.toString(), r8y: s.r8y.toString(), s: s.s.toString() },
          });
        }),
      );
      const acceptedAt = new Map<number, number>();
      const started = performance.now();
      await Promise.all(
        bodies.map(async (list) => {
          for (const body of list) {
            const response = await fetch(`${node.url}/transfers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
            const json = (await response.json()) as { id?: number };
            if (response.status !== 202) throw new Error(`the node refused a benchmark transfer: ${JSON.stringify(json)}`);
            acceptedAt.set(json.id!, performance.now());
          }
        }),
      );
      const acceptSeconds = (performance.now() - started) / 1000;
      log(`node: ${acceptedAt.size} transfers accepted in ${acceptSeconds.toFixed(1)} s; waiting for L1`);
      const latencies = new Map<number, number>();
      while (latencies.size < acceptedAt.size) {
        for (const [id, at] of acceptedAt) {
          if (latencies.has(id)) continue;
          const status = (await (await fetch(`${node.url}/operations/${id}`)).json()) as { status: string };
          if (status.status === 'verified') latencies.set(id, (performance.now() - at) / 1000);
          if (status.status === 'rejected') throw new Error(`benchmark transfer ${id} rejected: ${JSON.stringify(status)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = [...latencies.values()];
      return {
        circuit,
        batchSize,
        batchesPerTransaction: options.batchesPerTransaction,
        backend: prover.backend,
        store: 'embedded (PGlite)',
        operations: acceptedAt.size,
        clients,
        acceptedOpsPerSec: round(acceptedAt.size / acceptSeconds, 1),
        acceptToVerifiedSeconds: round(median(seconds), 2),
        maxAcceptToVerifiedSeconds: round(Math.max(...seconds), 2),
      };
    } finally {
      await node.close();
    }
  } finally {
    await prover.close();
    provider.destroy();
    await anvil.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
