// `pnpm bench` / `node dist/run.js [--quick] [--suite gas,prover] [--report]`: the harness writing
// into this package's folder (or ZKR_BENCH_OUT). --suite runs only the named suites and merges
// them into the day's record; --report measures nothing and rewrites RESULTS.md, summary.json and
// the charts from the records.
import { fileURLToPath } from 'node:url';
import { runBenchmarks, SUITES, type Suite } from './harness.js';
import { renderReport } from './report.js';

function selectedSuites(argv: readonly string[]): Suite[] | undefined {
  const at = argv.indexOf('--suite');
  if (at < 0) return undefined;
  const names = (argv[at + 1] ?? '').split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) throw new RangeError(`--suite: expected a comma-separated list of ${SUITES.join(', ')}, got ${JSON.stringify(argv[at + 1] ?? '')}`);
  return names as Suite[];
}

const suites = selectedSuites(process.argv);
const outDir = process.env['ZKR_BENCH_OUT'] ?? fileURLToPath(new URL('..', import.meta.url));
const written = process.argv.includes('--report')
  ? renderReport(outDir)
  : await runBenchmarks({
      quick: process.argv.includes('--quick'),
      ...(suites ? { suites } : {}),
      outDir,
      log: (message) => void process.stderr.write(`[bench] ${message}\n`),
    });
for (const file of written) process.stderr.write(`[bench] wrote ${file}\n`);
