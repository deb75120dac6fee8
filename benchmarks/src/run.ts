// `pnpm bench` / `node dist/run.js [--quick]`: the harness writing into this package's folder
// (or ZKR_BENCH_OUT).
import { fileURLToPath } from 'node:url';
import { runBenchmarks } from './harness.js';

const written = await runBenchmarks({
  quick: process.argv.includes('--quick'),
  outDir: process.env['ZKR_BENCH_OUT'] ?? fileURLToPath(new URL('..', import.meta.url)),
  log: (message) => void process.stderr.write(`[bench] ${message}\n`),
});
for (const file of written) process.stderr.write(`[bench] wrote ${file}\n`);
