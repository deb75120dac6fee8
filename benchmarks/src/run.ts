// `pnpm bench`: runs the suites and writes benchmarks/RESULTS.md, results/*.json and charts.
// --quick (CI): the small instances only, in seconds. Default: the full run.
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.js';
import { writeReport, type RunResults } from './report.js';
import { measureConstraints } from './suites/constraints.js';

const quick = process.argv.includes('--quick');
const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
const outDir = process.env['ZKR_BENCH_OUT'] ?? fileURLToPath(new URL('..', import.meta.url));

const notes: string[] = [];
const constraints = await measureConstraints({ depths: quick ? [8] : [8, 16, 24], log });
const results: RunResults = {
  machine: describeMachine(),
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  constraints,
  notes,
};
for (const file of writeReport(results, outDir)) log(`wrote ${file}`);
await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
