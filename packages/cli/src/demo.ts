// The end-to-end demo: a rollup on an embedded anvil, driven only through the packages.
import { availableParallelism } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { JsonRpcProvider } from 'ethers';
import { setupCircuit, type CircuitArtifacts } from '@zkr/circuits';
import { publicKeyOf, type PrivateKey } from '@zkr/core';
import { createProver } from '@zkr/prover';
import { batchVerifierName, compileContracts } from '@zkr/contracts';
import { startAnvil } from '@zkr/contracts/testing';
import { deployRollup, Operator, type SubmittedBatch } from '@zkr/sdk';
import type { Output } from './io.js';

const CIRCUITS = { 1: 'batch_1_d8', 2: 'batch_2_d8' } as const;
const DEPTH = 8;
const UNIT = 10n ** 15n; // 0.001 ETH
const key = (n: number): PrivateKey => new Uint8Array(32).fill(n);

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
  output.info('1/6 circuits: compile + INSECURE dev trusted setup of batch_1_d8 and batch_2_d8 (cached after the first run)');
  const files: Record<string, CircuitArtifacts> = {};
  for (const name of Object.values(CIRCUITS)) files[name] = await setupCircuit({ name }, { onProgress: (m) => output.info(`    ${name}: ${m}`) });
  output.info('2/6 contracts: solc compile, embedded anvil on 127.0.0.1, deploy');
  // The verifiers of the setups the prover uses: the dev ones, even where a ceremony setup exists.
  const artifacts = await compileContracts({ circuits: Object.values(CIRCUITS), setup: 'dev' });
  const anvil = await startAnvil();
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50 });
  // Batches are proved one after another: one worker using every core gives the lowest latency.
  const prover = createProver({ circuits: files, selfCheck: true, workers: 1, threadsPerProof: availableParallelism() });
  try {
    const [operatorSigner, alice, bob, carol] = await Promise.all([0, 1, 2, 3].map((i) => provider.getSigner(i)));
    const client = await deployRollup({
      signer: operatorSigner!,
      artifacts,
      depth: DEPTH,
      verifiers: Object.fromEntries(Object.entries(CIRCUITS).map(([size, name]) => [Number(size), batchVerifierName(name)])),
    });
    const operator = new Operator({ client, prove: (id, input) => prover.prove(id, input), circuits: CIRCUITS, feeAccountIndex: 0 });
    const rollup = await client.address;
    output.info(`    rollup at ${rollup}`);

    output.info('3/6 L1 deposits: operator fee account 0, Alice 1 (5 units), Bob 2 (2 units), Carol 3 (1 unit)');
    await client.deposit({ ...publicKeyOf(key(1)), tokenId: 0n, amount: 1n }); // the minimum deposit: no zero deposits
    await client.connect(alice!).deposit({ ...publicKeyOf(key(2)), tokenId: 0n, amount: 5n * UNIT });
    await client.connect(bob!).deposit({ ...publicKeyOf(key(3)), tokenId: 0n, amount: 2n * UNIT });
    await client.connect(carol!).deposit({ ...publicKeyOf(key(4)), tokenId: 0n, amount: 1n * UNIT });

    output.info('4/6 batches: proving with the prover pool and submitting to L1');
    const fee = 10n ** 12n;
    const submitted: SubmittedBatch[] = [];
    const step = async (label: string, batch: () => Promise<SubmittedBatch>): Promise<void> => {
      const result = await batch();
      submitted.push(result);
      output.info(`    batch ${submitted.length}: ${label} — proved in ${(result.proveMs / 1000).toFixed(1)} s, ${result.receipt.gasUsed} gas`);
    };
    await step('deposits 0, 1', () => operator.submit([{ type: 'deposit', accountIndex: 0 }, { type: 'deposit', accountIndex: 1 }]));
    await step('deposits 2, 3', () => operator.submit([{ type: 'deposit', accountIndex: 2 }, { type: 'deposit', accountIndex: 3 }]));
    await step('Alice -> Bob 2 units, Bob -> Carol 1 unit', async () =>
      operator.submit([
        await operator.transfer(key(2), { from: 1, to: 2, amount: 2n * UNIT, fee }),
        await operator.transfer(key(3), { from: 2, to: 3, amount: 1n * UNIT, fee }),
      ]),
    );
    const carolAddress = await carol!.getAddress();
    await step('Carol withdraws 1 unit to L1, Alice -> Carol 1 unit', async () =>
      operator.submit([
        await operator.withdraw(key(4), { from: 3, amount: 1n * UNIT, fee, l1Address: carolAddress }),
        await operator.transfer(key(2), { from: 1, to: 3, amount: 1n * UNIT, fee }),
      ]),
    );

    output.info('5/6 L1 withdrawal: Carol pulls her credited ETH');
    const withdrawn = (await client.contract.getFunction('pendingWithdrawals')(carolAddress, 0)) as bigint;
    await client.connect(carol!).withdraw(0n);

    output.info('6/6 sync: a fresh process rebuilds the L2 state from L1 data alone');
    const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
    const synced = spawnSync(process.execPath, [bin, '--json', 'sync', '--rpc', anvil.rpcUrl, '--rollup', rollup], { encoding: 'utf8' });
    if (synced.status !== 0) throw new Error(`sync in a fresh process failed: ${synced.stderr || synced.stdout}`);
    const syncedRoot = (JSON.parse(synced.stdout) as { root: string }).root;

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
    provider.destroy();
    await anvil.stop();
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
