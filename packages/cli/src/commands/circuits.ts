// Circuit commands: list the registry, compile, trusted setup, verifier export.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compileCircuit, describeSetup, getInstance, loadRegistry, setupCircuit } from '@zkr/circuits';
import { batchVerifierOf } from '@zkr/contracts';
import { UsageError } from '../errors.js';
import type { Run } from '../io.js';
import { startProgress } from '../progress.js';

export function registerCircuitCommands(program: Command, run: Run): void {
  program
    .command('circuits')
    .description('list the circuit instances of the registry (circuits/circuits.json)')
    .action(() =>
      run(async (output) => {
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
        const targets = names.length > 0 ? names.map((n) => getInstance(n).name) : loadRegistry().filter((i) => i.use === 'test').map((i) => i.name);
        const results = [];
        for (const name of targets) {
          const progress = startProgress(output, `compile ${name}`);
          const compiled = await compileCircuit({ name }, { onProgress: (m) => progress.step(m) });
          progress.stop();
          results.push({ name, constraints: compiled.constraints, r1cs: compiled.r1cs, wasm: compiled.wasm });
        }
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
        getInstance(name);
        const progress = startProgress(output, `setup ${name}`);
        const started = Date.now();
        const artifacts = await setupCircuit({ name }, { ...(options.ptau !== undefined ? { ptau: options.ptau } : {}), onProgress: (m) => progress.step(m) });
        progress.stop();
        const seconds = (Date.now() - started) / 1000;
        output.result(
          `${name}: zkey ${artifacts.zkey}\nmanifest ${artifacts.manifest}\n${describeSetup(artifacts)}`,
          { ...artifacts, seconds, insecureDev: artifacts.setup.insecure },
        );
      }),
    );

  program
    .command('export-verifier')
    .description('write the Solidity verifier (k proofs per call) of a set-up instance')
    .argument('<name>', 'registry instance')
    .option('-o, --out <file>', 'output .sol file (default: stdout)')
    .option('--setup <id>', "which setup: 'dev' or a ptau's sha256 prefix (default: a ceremony setup over the dev one)")
    .action((name: string, options: { out?: string; setup?: string }) =>
      run(async (output) => {
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
