// The end-to-end demo: a rollup on an embedded anvil, driven only through the packages.
import { availableParallelism } from 'node:os';
import { createProver } from '@zkr/prover';
import { Operator, type SubmittedBatch } from '@zkr/sdk';
import { demoKey, depositDemoAccounts, FEE, startDemoChain, syncedRootInFreshProcess, UNIT } from './demoChain.js';
import type { Output } from './io.js';

const CIRCUITS = { 1: 'batch_1_d8', 2: 'batch_2_d8' } as const;

export interface DemoSummary {
  readonly rpcUrl: string;
  readonly rollup: string;
  readonly batches: number;
  readonly operations: number;
  readonly transfers: number;
  readonly proveMsPerBatch: number[];
  readonly gasPerBatch: number[];
  readonly gasPerTransfer: number;
  readonly withdrawnWei: string;
  readonly syncedRoot: string;
  readonly root: string;
}

export async function runDemo(output: Output): Promise<DemoSummary> {
  const chain = await startDemoChain(output, CIRCUITS, 6);
  const { client, signers, anvil, rollup } = chain;
  // Batches are proved one after another: one worker using every core gives the lowest latency.
  const prover = createProver({ circuits: chain.files, selfCheck: true, workers: 1, threadsPerProof: availableParallelism() });
  try {
    const operator = new Operator({ client, prove: (id, input) => prover.prove(id, input), circuits: CIRCUITS, feeAccountIndex: 0 });
    await depositDemoAccounts(chain, output, '3/6');

    output.info('4/6 batches: proving with the prover pool and submitting to L1');
    const submitted: SubmittedBatch[] = [];
    const step = async (label: string, batch: () => Promise<SubmittedBatch>): Promise<void> => {
      const result = await batch();
      submitted.push(result);
      output.info(`    batch ${submitted.length}: ${label} — proved in ${(result.proveMs / 1000).toFixed(1)} s, ${result.receipt.gasUsed} gas`);
    };
    await step('deposits 0, 1', () =>
      operator.submit([
        { type: 'deposit', accountIndex: 0 },
        { type: 'deposit', accountIndex: 1 },
      ]),
    );
    await step('deposits 2, 3', () =>
      operator.submit([
        { type: 'deposit', accountIndex: 2 },
        { type: 'deposit', accountIndex: 3 },
      ]),
    );
    await step('Alice -> Bob 2 units, Bob -> Carol 1 unit', async () =>
      operator.submit([
        await operator.transfer(demoKey(1), { from: 1, to: 2, amount: 2n * UNIT, fee: FEE }),
        await operator.transfer(demoKey(2), { from: 2, to: 3, amount: 1n * UNIT, fee: FEE }),
      ]),
    );
    const carolAddress = await signers[3].getAddress();
    await step('Carol withdraws 1 unit to L1, Alice -> Carol 1 unit', async () =>
      operator.submit([
        await operator.withdraw(demoKey(3), { from: 3, amount: 1n * UNIT, fee: FEE, l1Address: carolAddress }),
        await operator.transfer(demoKey(1), { from: 1, to: 3, amount: 1n * UNIT, fee: FEE }),
      ]),
    );

    output.info('5/6 L1 withdrawal: Carol pulls her credited ETH');
    const withdrawn = await client.pendingWithdrawal(carolAddress, 0n);
    await client.connect(signers[3]).withdraw(0n);

    output.info('6/6 sync: a fresh process rebuilds the L2 state from L1 data alone');
    const syncedRoot = syncedRootInFreshProcess(chain);

    const transfers = 3;
    const operations = submitted.reduce((n, s) => n + s.batch.chunks.filter((c) => c !== 0n).length, 0);
    return {
      rpcUrl: anvil.rpcUrl,
      rollup,
      batches: submitted.length,
      operations,
      transfers,
      proveMsPerBatch: submitted.map((s) => Math.round(s.proveMs)),
      gasPerBatch: submitted.map((s) => Number(s.receipt.gasUsed)),
      // Batch 3 holds two transfers and nothing else.
      gasPerTransfer: Math.round(Number(submitted[2]!.receipt.gasUsed) / 2),
      withdrawnWei: withdrawn.toString(),
      syncedRoot,
      root: operator.state.root.toString(),
    };
  } finally {
    await prover.close();
    await chain.close();
  }
}

export function formatSummary(s: DemoSummary): string {
  const seconds = s.proveMsPerBatch.map((ms) => (ms / 1000).toFixed(1)).join(', ');
  return [
    '',
    'zkr demo summary',
    `  batches verified on L1:   ${s.batches} (${s.operations} operations)`,
    `  proving time per batch:   ${seconds} s`,
    `  gas per batch:            ${s.gasPerBatch.join(', ')}`,
    `  gas per transfer:         ${s.gasPerTransfer} (batch 3: 2 transfers; verification dominates small batches)`,
    `  withdrawn on L1:          ${s.withdrawnWei} wei`,
    `  root on L1 = root rebuilt by sync in a fresh process: ${s.root === s.syncedRoot ? 'yes' : 'NO'}`,
  ].join('\n');
}
