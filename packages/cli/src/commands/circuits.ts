// Circuit commands: list the registry, compile, trusted setup, verifier export.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { Run } from '../io.js';
import { loadCircuits, loadContracts } from '../lazy.js';
import { stageTracker, startProgress } from '../progress.js';

/** What setupCircuit always does, in its progress messages' words; anything else grows the bar. */
const SETUP_STAGES = ['groth16 setup', 'phase-2 contribution', 'verifying the zkey'] as const;

export function registerCircuitCommands(program: Command, run: Run): void {
  program
    .command('circuits')
    .description('list the circuit instances of the registry (circuits/circuits.json)')
    .addHelpText('after', '\nExample:\n  $ zkr circuits --json')
    .action(() =>
      run(async (output) => {
        const { loadRegistry } = await loadCircuits();
        const instances = loadRegistry();
        output.result(
          instances.map((i) => `${i.name.padEnd(14)} batch ${String(i.batchSize).padStart(2)}  depth ${i.depth}  (${i.use})`).join('\n'),
          instances,
        );
      }),
    );

  program
    .command('compile')
    .description('compile registry instances with circom (cached by source hash)')
    .argument('[names...]', 'instances to compile (default: the test instances)')
    .addHelpText('after', '\nExample:\n  $ zkr compile batch_2_d8')
    .action((names: string[]) =>
      run(async (output) => {
        const { compileCircuit, getInstance, loadRegistry } = await loadCircuits();
        const targets =
          names.length > 0
            ? names.map((n) => getInstance(n).name)
            : loadRegistry()
                .filter((i) => i.use === 'test')
                .map((i) => i.name);
        const results = [];
        const progress = startProgress(output, 'compile', { total: targets.length });
        for (const name of targets) {
          progress.note(name);
          const compiled = await compileCircuit({ name }, { onProgress: (m) => progress.note(m) });
          progress.tick(`${name}: ${compiled.constraints} constraints`);
          results.push({ name, constraints: compiled.constraints, r1cs: compiled.r1cs, wasm: compiled.wasm });
        }
        progress.stop();
        output.result(results.map((r) => `${r.name}: ${r.constraints} constraints`).join('\n'), results);
      }),
    );

  program
    .command('setup')
    .description('Groth16 trusted setup of an instance: --dev (INSECURE local powers of tau) or --ptau FILE')
    .argument('<name>', 'registry instance')
    .option('--dev', 'generate an insecure development powers of tau locally (cached)')
    .option('--ptau <file>', 'a real ceremony powers-of-tau file, prepared for phase 2')
    .addHelpText('after', '\nExamples:\n  $ zkr setup batch_2_d8 --dev\n  $ zkr setup batch_4_d24 --ptau powersOfTau28_hez_final_18.ptau')
    .action((name: string, options: { dev?: boolean; ptau?: string }) =>
      run(async (output) => {
        if (options.dev && options.ptau !== undefined) throw new UsageError('--dev and --ptau exclude each other');
        if (!options.dev && options.ptau === undefined) throw new UsageError('choose --dev or --ptau FILE');
        const { describeSetup, getInstance, setupCircuit } = await loadCircuits();
        getInstance(name);
        const progress = startProgress(output, `setup ${name}`, { total: SETUP_STAGES.length });
        const stages = stageTracker(progress, SETUP_STAGES);
        const started = Date.now();
        const artifacts = await setupCircuit({ name }, { ...(options.ptau !== undefined ? { ptau: options.ptau } : {}), onProgress: stages.onMessage });
        stages.finish();
        progress.stop();
        const seconds = (Date.now() - started) / 1000;
        output.result(`${name}: zkey ${artifacts.zkey}\nmanifest ${artifacts.manifest}\n${describeSetup(artifacts)}`, {
          ...artifacts,
          seconds,
          insecureDev: artifacts.setup.insecure,
        });
      }),
    );

  program
    .command('export-verifier')
    .description('write the Solidity verifier (k proofs per call) of a set-up instance')
    .argument('<name>', 'registry instance')
    .option('-o, --out <file>', 'output .sol file (default: stdout)')
    .option('--setup <id>', "which setup: 'dev' or a ptau's sha256 prefix (default: a ceremony setup over the dev one)")
    .addHelpText('after', '\nExample:\n  $ zkr export-verifier batch_2_d8 -o BatchVerifier2.sol')
    .action((name: string, options: { out?: string; setup?: string }) =>
      run(async (output) => {
        const [{ describeSetup, getInstance }, { batchVerifierOf }] = await Promise.all([loadCircuits(), loadContracts()]);
        const { source, vkHash, setup } = await batchVerifierOf(getInstance(name).name, options.setup === undefined ? {} : { setup: options.setup });
        output.info(`using ${describeSetup({ name, setup })}; VK_HASH ${vkHash}`);
        const record = { name, vkHash, setup };
        if (options.out === undefined) {
          output.result(source, { ...record, source });
          return;
        }
        writeFileSync(options.out, source);
        output.result(`wrote ${options.out}`, { ...record, file: options.out });
      }),
    );
}
