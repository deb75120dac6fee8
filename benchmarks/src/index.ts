export { runBenchmarks, type BenchmarkOptions } from './harness.js';
export type { RunResults } from './report.js';
