// `pnpm bench` / `node dist/run.js [--quick] [--suite gas,prover] [--gas-sizes 128,256] [--report]`:
// the harness writing into this package's folder (or ZKR_BENCH_OUT). --suite runs only the named
// suites and merges them into the day's record; --gas-sizes (with --suite gas) measures only those
// batch sizes and keeps the record's rows of the others; --report measures nothing and rewrites
// RESULTS.md, summary.json and the charts from the records.
import { fileURLToPath } from 'node:url';
import { runBenchmarks, SUITES, type Suite } from './harness.js';
import { renderReport } from './report.js';

function selectedSuites(argv: readonly string[]): Suite[] | undefined {
  const at = argv.indexOf('--suite');
  if (at < 0) return undefined;
  const names = (argv[at + 1] ?? '').split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0)
    throw new RangeError(`--suite: expected a comma-separated list of ${SUITES.join(', ')}, got ${JSON.stringify(argv[at + 1] ?? '')}`);
  return names as Suite[];
}

/** --gas-sizes 128,256: positive integers, and only beside --suite (a full run measures every size). */
function gasSizes(argv: readonly string[], suites: readonly Suite[] | undefined): number[] | undefined {
  const at = argv.indexOf('--gas-sizes');
  if (at < 0) return undefined;
  const sizes = (argv[at + 1] ?? '').split(',').map(Number);
  if (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n > 0))
    throw new RangeError(`--gas-sizes: expected a comma-separated list of batch sizes, got ${JSON.stringify(argv[at + 1] ?? '')}`);
  if (!suites?.includes('gas')) throw new RangeError('--gas-sizes needs --suite gas');
  return sizes;
}

const suites = selectedSuites(process.argv);
const sizes = gasSizes(process.argv, suites);
const outDir = process.env['ZKR_BENCH_OUT'] ?? fileURLToPath(new URL('..', import.meta.url));
const written = process.argv.includes('--report')
  ? renderReport(outDir)
  : await runBenchmarks({
      quick: process.argv.includes('--quick'),
      ...(suites ? { suites } : {}),
      ...(sizes ? { gasSizes: sizes } : {}),
      outDir,
      log: (message) => void process.stderr.write(`[bench] ${message}\n`),
    });
for (const file of written) process.stderr.write(`[bench] wrote ${file}\n`);
