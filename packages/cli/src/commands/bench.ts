// zkr bench: the benchmark harness of @zkr/benchmarks (loaded only if installed), writing its
// report where the user runs it.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Run } from '../io.js';
import { loadBenchmarks } from '../lazy.js';
import { startProgress } from '../progress.js';

export function registerBenchCommand(program: Command, run: Run): void {
  program
    .command('bench')
    .description('run the benchmarks and write RESULTS.md, results/*.json and charts/*.svg')
    .option('--quick', 'small instances only (the CI run)')
    // Not the repository's benchmarks/ folder: a run must not overwrite the committed results.
    .option('--out <dir>', 'output folder', 'zkr-bench')
    .addHelpText(
      'after',
      [
        '',
        'Quick: a dev ptau at 2^8, core hashing and a 10k-account tree, constraints at depth 8.',
        '  About 20 s once the depth-8 circuits are compiled; nothing is proved or deployed.',
        'Full: depth-8 setups from an empty cache, a 1M-account tree, constraints at depths 8/16/24,',
        '  proving rounds (prover pool vs plain snarkjs) and L1 gas on an embedded anvil, including',
        '  depth-24 circuits whose first dev setup alone takes minutes: expect a long run.',
        '',
        'Examples:',
        '  $ zkr bench --quick',
        '  $ zkr bench --out ~/zkr-results',
      ].join('\n'),
    )
    .action((options: { quick?: boolean; out: string }) =>
      run(async (output) => {
        const quick = options.quick === true;
        const outDir = resolve(options.out);
        const { runBenchmarks } = await loadBenchmarks();
        const progress = startProgress(output, `bench (${quick ? 'quick' : 'full'}) -> ${outDir}`);
        const files = await runBenchmarks({ quick, outDir, log: (message) => progress.note(message) });
        progress.stop();
        output.result(`wrote ${files.length} files:\n${files.map((f) => `  ${f}`).join('\n')}\nreport: ${join(outDir, 'RESULTS.md')}`, { files });
      }),
    );
}
