// `pnpm bench`: runs the suites and writes benchmarks/RESULTS.md, results/*.json and charts.
// --quick (CI): the small instances only, in seconds. Default: the full run.
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.js';
import { writeReport, type RunResults } from './report.js';
import { measureConstraints } from './suites/constraints.js';
import { measureCore } from './suites/core.js';
import { measureGas } from './suites/gas.js';
import { measureProving } from './suites/prover.js';

const quick = process.argv.includes('--quick');
const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
const outDir = process.env['ZKR_BENCH_OUT'] ?? fileURLToPath(new URL('..', import.meta.url));

const notes: string[] = [
  'Proving and gas use the test instances (depth 8): a dev setup of the depth-24 instances takes tens of minutes here (see circuits/README.md).',
  'Each pool row is measured against its own baseline rounds, alternating baseline and pool in one process.',
];
const circuits = [
  { name: 'batch_1_d8', batchSize: 1 },
  { name: 'batch_2_d8', batchSize: 2 },
];
const core = measureCore({ accounts: quick ? 10_000 : 1_000_000, log });
const constraints = await measureConstraints({ depths: quick ? [8] : [8, 16, 24], log });
const prover = quick ? undefined : await measureProving({ circuits, jobsPerRound: 4, rounds: 3, log });
const gas = quick ? undefined : await measureGas({ circuits, log });
const results: RunResults = {
  machine: describeMachine(),
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  core,
  constraints,
  ...(prover ? { prover } : {}),
  ...(gas ? { gas } : {}),
  notes,
};
for (const file of writeReport(results, outDir)) log(`wrote ${file}`);
await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
