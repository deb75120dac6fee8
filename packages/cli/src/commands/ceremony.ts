// zkr ceremony: a multi-party phase 2 for a registry circuit (@zkr/circuits' ceremony.ts). The
// coordinator starts it from a ceremony ptau; each party contributes to the last zkey and hands
// the result on; anyone verifies the chain; the coordinator finalizes it with a public beacon,
// which installs it as the circuit's setup that prove, export-verifier and deploy then use.
import type { Command } from 'commander';
import type { Phase2Contribution } from '@zkr/circuits';
import { OperationError, UsageError } from '../errors.js';
import type { Run } from '../io.js';
import { loadCircuits } from '../lazy.js';
import { startProgress } from '../progress.js';

const listed = (contributions: readonly Phase2Contribution[]): string =>
  contributions
    .map((c, i) => `  #${i + 1} ${c.name || '(unnamed)'}: ${c.hash}${c.beacon ? ` (beacon ${c.beacon.hash}, 2^${c.beacon.iterationsExp} iterations)` : ''}`)
    .join('\n');

export function registerCeremonyCommands(program: Command, run: Run): void {
  const ceremony = program
    .command('ceremony')
    .description('multi-party phase-2 trusted setup of a circuit: start, contribute, verify, finalize')
    .addHelpText(
      'after',
      [
        '',
        'The setup is safe if one contributor destroyed their randomness (each contribution draws it fresh and keeps nothing).',
        '',
        'Example:',
        '  $ zkr ceremony start batch_2_d8 --ptau pot16_final.ptau -o batch_2_d8_0000.zkey',
        '  $ zkr ceremony contribute batch_2_d8_0000.zkey batch_2_d8_0001.zkey --name alice      # party 1',
        '  $ zkr ceremony contribute batch_2_d8_0001.zkey batch_2_d8_0002.zkey --name bob        # party 2',
        '  $ zkr ceremony verify batch_2_d8 --ptau pot16_final.ptau batch_2_d8_0002.zkey',
        '  $ zkr ceremony finalize batch_2_d8 --ptau pot16_final.ptau batch_2_d8_0002.zkey --beacon <hex of a future block hash>',
      ].join('\n'),
    );

  ceremony
    .command('start')
    .description('write the initial zkey (no contribution) of a registry circuit from a ceremony ptau')
    .argument('<name>', 'registry instance')
    .requiredOption('--ptau <file>', 'a ceremony powers-of-tau file, prepared for phase 2')
    .requiredOption('-o, --out <file>', 'the initial zkey to write')
    .addHelpText('after', '\nExample:\n  $ zkr ceremony start batch_2_d8 --ptau pot16_final.ptau -o batch_2_d8_0000.zkey')
    .action((name: string, options: { ptau: string; out: string }) =>
      run(async (output) => {
        const { getInstance, startCeremony } = await loadCircuits();
        getInstance(name);
        const progress = startProgress(output, `ceremony start ${name}`);
        await startCeremony(name, { ptau: options.ptau, out: options.out });
        progress.stop();
        output.result(`wrote ${options.out}: hand it to the first contributor`, { name, zkey: options.out });
      }),
    );

  ceremony
    .command('contribute')
    .description("add your contribution to the last party's zkey; fresh randomness, kept nowhere")
    .argument('<in>', "the previous party's zkey")
    .argument('<out>', 'the zkey to write and hand on')
    .option('--name <text>', 'your name in the zkey', '')
    .option('--entropy <text>', 'extra entropy (default: 32 random bytes)')
    .addHelpText('after', '\nExample:\n  $ zkr ceremony contribute batch_2_d8_0000.zkey batch_2_d8_0001.zkey --name alice')
    .action((input: string, out: string, options: { name: string; entropy?: string }) =>
      run(async (output) => {
        const { contribute } = await loadCircuits();
        const hash = await contribute({ input, output: out, name: options.name, ...(options.entropy === undefined ? {} : { entropy: options.entropy }) });
        output.result(`wrote ${out}; your contribution hash (publish it, so others can find it in the chain):\n  ${hash}`, { zkey: out, hash });
      }),
    );

  ceremony
    .command('verify')
    .description('check a zkey against the circuit and the ptau from scratch, and list its contributions')
    .argument('<name>', 'registry instance')
    .argument('<zkey>', 'the zkey to check')
    .requiredOption('--ptau <file>', 'the ceremony powers-of-tau file')
    .addHelpText('after', '\nExample:\n  $ zkr ceremony verify batch_2_d8 --ptau pot16_final.ptau batch_2_d8_0002.zkey')
    .action((name: string, zkey: string, options: { ptau: string }) =>
      run(async (output) => {
        const { getInstance, verifyCeremony } = await loadCircuits();
        getInstance(name);
        const progress = startProgress(output, `ceremony verify ${name}`);
        const check = await verifyCeremony(name, { ptau: options.ptau, zkey });
        progress.stop();
        if (!check.valid) throw new OperationError(`${zkey} does not verify against ${name} and ${options.ptau}`);
        output.result(`${zkey} verifies; contributions:\n${listed(check.contributions)}`, check);
      }),
    );

  ceremony
    .command('finalize')
    .description("apply a public beacon, verify, and install the zkey as the circuit's setup from this ptau")
    .argument('<name>', 'registry instance')
    .argument('<zkey>', 'the last contribution')
    .requiredOption('--ptau <file>', 'the ceremony powers-of-tau file')
    .requiredOption('--beacon <hex>', 'a public random value fixed after the last contribution, e.g. a future block hash')
    .option('--iterations <exp>', 'hash the beacon 2^exp times (10 to 63)', '10')
    .addHelpText('after', '\nExample:\n  $ zkr ceremony finalize batch_2_d8 --ptau pot16_final.ptau batch_2_d8_0002.zkey --beacon <hex of a future block hash>')
    .action((name: string, zkey: string, options: { ptau: string; beacon: string; iterations: string }) =>
      run(async (output) => {
        const { describeSetup, finalizeCeremony, getInstance } = await loadCircuits();
        getInstance(name);
        const iterationsExp = Number(options.iterations);
        if (!Number.isInteger(iterationsExp) || iterationsExp < 10 || iterationsExp > 63)
          throw new UsageError(`--iterations must be an integer from 10 to 63, received ${options.iterations}`);
        if (!/^([0-9a-fA-F]{2}){1,255}$/.test(options.beacon)) throw new UsageError('--beacon must be 1 to 255 bytes of hex');
        const progress = startProgress(output, `ceremony finalize ${name}`);
        const final = await finalizeCeremony(name, { ptau: options.ptau, zkey, beacon: options.beacon, iterationsExp });
        progress.stop();
        output.result(`installed ${final.zkey}\n${describeSetup(final)}\ncontributions:\n${listed(final.contributions)}`, {
          name,
          zkey: final.zkey,
          setup: final.setup,
          contributions: final.contributions,
        });
      }),
    );
}
