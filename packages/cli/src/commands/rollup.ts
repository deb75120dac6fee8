// Rollup commands: the demo, sync from L1, prove and verify a circuit input.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Backend } from '@zkr/prover';
import { readCheckpoint, writeCheckpoint } from '../checkpoint.js';
import { OperationError, UsageError } from '../errors.js';
import { readJsonFile, type Output, type Run } from '../io.js';
import { loadCircuits, loadCore, loadProver, loadSdk } from '../lazy.js';
import { bareOrDeployedTarget, withRollup } from '../l1.js';
import { parsePositive } from '../parse.js';
import { startProgress } from '../progress.js';

async function proverFor(name: string, setup: string | undefined, output: Output, backend: Backend | 'auto' = 'auto') {
  const [{ describeSetup, getInstance, loadArtifacts }, { createProver }] = await Promise.all([loadCircuits(), loadProver()]);
  const artifacts = await loadArtifacts(getInstance(name).name, setup === undefined ? {} : { setup });
  output.info(`using ${describeSetup(artifacts)}`);
  return createProver({ backend, circuits: { [name]: artifacts } });
}

const SETUP_OPTION = ['--setup <id>', "which setup: 'dev' or a ptau's sha256 prefix (default: a ceremony setup over the dev one)"] as const;

export function registerRollupCommands(program: Command, run: Run): void {
  program
    .command('demo')
    .description('run a rollup end to end on an embedded anvil: deposits, proven batches, L1 withdrawal, sync')
    .option('--node', 'through the node: a `zkr node` process takes the transfers over HTTP, batches, proves and submits them; statuses printed')
    .addHelpText('after', '\nExamples:\n  $ zkr demo\n  $ zkr demo --node')
    .action((options: { node?: boolean }) =>
      run(async (output) => {
        if (options.node) {
          const { formatNodeSummary, runNodeDemo } = await import('../demoNode.js');
          const summary = await runNodeDemo(output);
          if (summary.root !== summary.syncedRoot || summary.root !== summary.nodeRoot)
            throw new OperationError(`L1 holds ${summary.root}, the node ${summary.nodeRoot}, sync rebuilt ${summary.syncedRoot}`);
          output.result(formatNodeSummary(summary), summary);
          return;
        }
        const { formatSummary, runDemo } = await import('../demo.js');
        const summary = await runDemo(output);
        if (summary.root !== summary.syncedRoot) throw new OperationError(`sync rebuilt ${summary.syncedRoot}, L1 holds ${summary.root}`);
        output.result(formatSummary(summary), summary);
      }),
    );

  program
    .command('sync')
    .description('rebuild the L2 state from L1 events and calldata alone and check it against the on-chain root')
    .option('-d, --deployment <file>', 'deployment JSON written by `zkr deploy` (or give --rpc and --rollup)')
    .option('--rpc <url>', "L1 JSON-RPC URL (default: the deployment's)")
    .option('--rollup <address>', 'rollup contract address, without --deployment')
    .option('-o, --out <file>', 'write the rebuilt state JSON here')
    .option('--page-size <blocks>', 'blocks per eth_getLogs call, smaller for RPC providers that cap the range')
    .option('--checkpoint <file>', 'go on from the state and block this file holds (if it exists), reading only later blocks; then update it')
    .addHelpText(
      'after',
      '\nExamples:\n  $ zkr sync -d deployment.json --json\n  $ zkr sync -d deployment.json --checkpoint sync.json --page-size 500\n  $ zkr sync --rpc http://127.0.0.1:8545 --rollup 0x5FbDB2315678afecb367f032d93F642f64180aa3',
    )
    .action((options: { deployment?: string; rpc?: string; rollup?: string; out?: string; pageSize?: string; checkpoint?: string }) =>
      run(async (output) => {
        const target = bareOrDeployedTarget(options, 'sync');
        const pageSize = options.pageSize === undefined ? undefined : parsePositive(options.pageSize, '--page-size');
        const [{ syncFrom }, { enableWasmPoseidon }] = await Promise.all([loadSdk(), loadCore()]);
        // A sync replays every batch since deployment (or the checkpoint): WASM Poseidon pays for its build.
        await enableWasmPoseidon();
        const synced = await withRollup(target, undefined, async ({ client, provider, chainId }) => {
          const rollup = { chainId, address: await client.address };
          const from = options.checkpoint === undefined ? undefined : await readCheckpoint(options.checkpoint, rollup);
          if (from) output.info(`going on from block ${from.block} (${options.checkpoint})`);
          const checkpoint = await syncFrom(client, provider, { ...(from ? { from } : {}), ...(pageSize === undefined ? {} : { pageSize }) });
          if (options.checkpoint !== undefined) writeCheckpoint(options.checkpoint, rollup, checkpoint);
          return { checkpoint, fromBlock: from ? from.block + 1 : await client.deployedAtBlock() };
        });
        const { state, block, batches } = synced.checkpoint;
        if (options.out !== undefined) writeFileSync(options.out, JSON.stringify(state.toJSON(), null, 2));
        output.result(
          `synced ${state.accountIndices().length} accounts, ${batches} batches (blocks ${synced.fromBlock}..${block}); root ${state.root} matches L1`,
          {
            root: state.root.toString(),
            accounts: state.accountIndices().length,
            batches,
            fromBlock: synced.fromBlock,
            toBlock: block,
          },
        );
      }),
    );

  program
    .command('prove')
    .description('prove a circuit input JSON (as @zkr/core emits it) with the prover pool')
    .argument('<name>', 'registry instance')
    .requiredOption('-i, --input <file>', 'circuit input JSON')
    .option('-o, --out <file>', 'write { proof, publicSignals } here (default: stdout)')
    .option(...SETUP_OPTION)
    .option('--backend <native|snarkjs>', 'Groth16 prover (default: native when its addon is built, else snarkjs)')
    .addHelpText('after', '\nExample:\n  $ zkr prove batch_2_d8 -i input.json -o proof.json')
    .action((name: string, options: { input: string; out?: string; setup?: string; backend?: string }) =>
      run(async (output) => {
        if (options.backend !== undefined && options.backend !== 'native' && options.backend !== 'snarkjs')
          throw new UsageError(`--backend: expected native or snarkjs, got ${JSON.stringify(options.backend)}`);
        const { resolveBackend } = await loadProver();
        const backend = resolveBackend(options.backend as Backend | undefined);
        const input = readJsonFile<Record<string, unknown>>(options.input, 'circuit input');
        const prover = await proverFor(name, options.setup, output, backend);
        try {
          // The pool reports queued, started (a worker took it), done: two stages to fill.
          const progress = startProgress(output, `prove ${name}`, { total: 2 });
          const result = await prover.prove(name, input, {
            onProgress: (stage) => (stage === 'queued' ? progress.note('waiting for a worker') : progress.tick(stage === 'started' ? 'proving' : 'proved')),
          });
          progress.stop();
          const proofJson = { circuit: name, backend: result.backend, proof: result.proof, publicSignals: result.publicSignals, timings: result.timings };
          if (options.out !== undefined) writeFileSync(options.out, JSON.stringify(proofJson, null, 2));
          output.result(
            options.out === undefined
              ? JSON.stringify(proofJson, null, 2)
              : `wrote ${options.out} (${Math.round(result.timings.totalMs)} ms, ${result.backend} backend)`,
            proofJson,
          );
        } finally {
          await prover.close();
        }
      }),
    );

  program
    .command('verify')
    .description('verify a proof JSON written by `zkr prove` off-chain')
    .argument('<name>', 'registry instance')
    .requiredOption('-p, --proof <file>', 'proof JSON')
    .option(...SETUP_OPTION)
    .addHelpText('after', '\nExample:\n  $ zkr verify batch_2_d8 -p proof.json')
    .action((name: string, options: { proof: string; setup?: string }) =>
      run(async (output) => {
        const file = readJsonFile<{ proof?: never; publicSignals?: string[] }>(options.proof, 'proof');
        if (!file.proof || !Array.isArray(file.publicSignals)) throw new UsageError(`${options.proof} has no "proof" and "publicSignals"`);
        const prover = await proverFor(name, options.setup, output);
        try {
          const valid = await prover.verify(name, file.proof, file.publicSignals);
          if (!valid) throw new OperationError(`the proof in ${options.proof} does not verify for ${name}`);
          output.result(`valid proof for ${name}`, { valid });
        } finally {
          await prover.close();
        }
      }),
    );
}
