// `zkr submit`: the operator syncs the L2 state from L1, proves one or more consecutive batches of
// operations concurrently and submits them in one L1 transaction (one multi-pairing check).
import type { Command } from 'commander';
import type { LoadedArtifacts } from '@zkr/circuits';
import type { SubmittedBatch } from '@zkr/sdk';
import { planBatches } from '@zkr/sdk/codec';
import type { Prover } from '@zkr/prover';
import { UsageError } from '../errors.js';
import { readOperations, type Run } from '../io.js';
import { loadCircuits, loadCore, loadSdk } from '../lazy.js';
import { addDeploymentOptions, addSignerOption, l1KeyOf, targetOf, withRollup, type DeploymentOptions, type SignerOptions } from '../l1.js';
import { parseCount, parsePositive } from '../parse.js';
import { startProgress } from '../progress.js';
import { localProver, queueProver } from '../provers.js';

interface SubmitOptions extends DeploymentOptions, SignerOptions {
  ops: string[];
  feeAccount: string;
  batches?: string;
  queue?: string;
}

interface BatchSummary {
  readonly batchNumber: number;
  readonly batchSize: number;
  readonly operations: number;
  readonly newRoot: bigint;
}

/** The top-level batch fields are the last batch's (the rollup's after the transaction), so a
 * single-batch submission reads as it did before `--batches`. */
interface SubmitResult extends BatchSummary {
  readonly gasUsed: bigint;
  readonly proveMs: number;
  readonly txHash: string;
  readonly gasPerBatch: bigint;
  readonly batches: readonly BatchSummary[];
}

function resultOf(submitted: readonly SubmittedBatch[], batchNumbers: readonly bigint[], operationCounts: readonly number[]): SubmitResult {
  const { receipt } = submitted[0]!;
  const batches = submitted.map(({ batch }, i) => ({
    batchNumber: Number(batchNumbers[i]),
    batchSize: batch.chunks.length,
    operations: operationCounts[i]!,
    newRoot: batch.newRoot,
  }));
  const last = batches.at(-1)!;
  return {
    ...last,
    operations: operationCounts.reduce((a, b) => a + b, 0),
    gasUsed: receipt.gasUsed,
    // The batches were proved side by side: the slowest is the wall time.
    proveMs: Math.round(Math.max(...submitted.map((s) => s.proveMs))),
    txHash: receipt.hash,
    gasPerBatch: receipt.gasUsed / BigInt(batches.length),
    batches,
  };
}

function formatResult(r: SubmitResult): string {
  const numbers = r.batches.map((b) => b.batchNumber).join(', ');
  const operations = r.batches.map((b) => b.operations).join(' + ');
  const verified = r.batches.length === 1 ? `batch ${numbers} verified on L1` : `batches ${numbers} verified on L1 in one transaction`;
  const gas = r.batches.length === 1 ? `${r.gasUsed} gas` : `${r.gasUsed} gas (${r.gasPerBatch} per batch)`;
  return `${verified}: ${operations} operations, batch size ${r.batchSize}, proved in ${(r.proveMs / 1000).toFixed(1)} s, ${gas}; tx ${r.txHash}; root ${r.newRoot}`;
}

export function registerSubmitCommand(program: Command, run: Run): void {
  addSignerOption(addDeploymentOptions(program.command('submit')))
    .description('as the operator: sync the L2 state from L1, prove batches of operations and submit them in one L1 transaction')
    .requiredOption(
      '--ops <files...>',
      'JSON files, each one operation or an array: signed transfers/withdraws and {"type":"deposit","accountIndex":N} entries, in batch order',
    )
    .option(
      '--batches <k>',
      'split the operations into k consecutive batches, proved concurrently and verified in one transaction (default: the fewest that hold them)',
    )
    .option('--queue <url>', 'prove on the workers of this PostgreSQL job queue (`zkr prover-worker`) instead of this machine')
    .option('--fee-account <index>', "the operator's account that collects the fees", '0')
    .addHelpText(
      'after',
      [
        '',
        'Deposits and forced exits must be included in L1 queue order. The k batches are as even as possible',
        'and share one batch size: the smallest registered size that holds the longest. With --json the',
        'result lists every batch (batchNumber, batchSize, operations, newRoot) under "batches", with the',
        "transaction's txHash, gasUsed and gasPerBatch; its batchNumber and newRoot are the last batch's.",
        '',
        'Example:',
        '  $ echo \'[{"type":"deposit","accountIndex":0},{"type":"deposit","accountIndex":1}]\' > deposits.json',
        '  $ ZKR_PRIVATE_KEY=0xac09… zkr submit -d deployment.json --ops deposits.json transfer.json --batches 2',
      ].join('\n'),
    )
    .action((options: SubmitOptions) =>
      run(async (output) => {
        const key = l1KeyOf(options);
        const target = targetOf(options);
        const lists = planBatches(readOperations(options.ops), {
          batches: options.batches === undefined ? undefined : parsePositive(options.batches, '--batches'),
          sizes: Object.keys(target.deployment.circuits).map(Number),
          fields: { batches: '--batches', operations: '--ops' },
        });
        const feeAccountIndex = parseCount(options.feeAccount, '--fee-account');
        const [{ loadArtifacts }, { Operator, sync }, { enableWasmPoseidon }] = await Promise.all([loadCircuits(), loadSdk(), loadCore()]);
        // The operator replays every batch since deployment: WASM Poseidon pays for its build.
        await enableWasmPoseidon();
        // Artifacts first: a missing setup is reported (exit 3) before L1 is touched.
        const files: Record<string, LoadedArtifacts> = {};
        // The setup each verifier was deployed from (deployment version 2); else the preferred one.
        for (const [size, name] of Object.entries(target.deployment.circuits)) {
          const setup = target.deployment.verifiers?.[Number(size)]?.setup;
          files[name] = await loadArtifacts(name, setup === undefined ? {} : { setup });
        }
        const prover = options.queue === undefined ? await localProver(files, lists.length) : await queueProver(options.queue, files);
        try {
          await withRollup(target, key, async (rollup, signer) => {
            const operatorAddress = (await rollup.client.contract.getFunction('operator')()) as string;
            if (operatorAddress !== signer.address) throw new UsageError(`the L1 signer ${signer.address} is not the rollup's operator ${operatorAddress}`);
            const state = await sync(rollup.client, rollup.provider);
            output.info(
              `synced ${state.accountIndices().length} accounts from L1; proving ${lists.map((ops) => ops.length).join(' + ')} operations in ${lists.length} batch(es)`,
            );
            // A unit per batch proved, and the L1 transaction that verifies them all.
            const progress = startProgress(output, 'submit', { total: lists.length + 1 });
            const prove = async (id: string, input: Parameters<Prover['prove']>[1]) => {
              const proved = await prover.prove(id, input);
              progress.tick(`proved a batch with ${id}`);
              return proved;
            };
            const operator = new Operator({ client: rollup.client, prove, circuits: target.deployment.circuits, feeAccountIndex, state });
            let submitted: SubmittedBatch[];
            try {
              submitted = await operator.submitMany(lists);
              progress.tick('verified on L1');
            } finally {
              progress.stop();
            }
            const batchNumbers = rollup.client.events(submitted[0]!.receipt, 'BatchVerified').map((event) => event.batchNumber);
            const result = resultOf(
              submitted,
              batchNumbers,
              lists.map((ops) => ops.length),
            );
            output.result(formatResult(result), result);
          });
        } finally {
          await prover.close();
        }
      }),
    );
}
