// The benchmark harness: runs the suites and writes benchmarks/RESULTS.md, results/*.json and
// the charts. Quick mode (CI): the small instances only, in seconds; full mode: real numbers.
import { describeMachine } from './machine.js';
import { writeReport, type RunResults } from './report.js';
import { measureConstraints } from './suites/constraints.js';
import { measureCore } from './suites/core.js';
import { measureGas, withMarginalGas } from './suites/gas.js';
import { DEFAULT_POOL, measureProving } from './suites/prover.js';
import { measureSetup } from './suites/setup.js';


export interface BenchmarkOptions {
  readonly quick: boolean;
  /** Where RESULTS.md, results/ and charts/ go. */
  readonly outDir: string;
  readonly log: (message: string) => void;
}

/** Runs every suite once and returns the files written. */
export async function runBenchmarks({ quick, outDir, log }: BenchmarkOptions): Promise<string[]> {
  const notes: string[] = [
    'Each pool row is measured against its own baseline rounds, alternating baseline and pool in one process.',
    'Depth-24 rows use the benchmark instances of circuits.json; their dev setups are cached after the first run (see the setup table for the cost at depth 8).',
  ];
  const small = [
    { name: 'batch_1_d8', batchSize: 1, depth: 8 },
    { name: 'batch_2_d8', batchSize: 2, depth: 8 },
  ];
  // The smallest depth-24 instance: its dev setup (2^17) takes minutes here, batch_8_d24's (2^18)
  // about twice that, and 16 and 32 far longer (setup table; circuits/README.md).
  const deep = [{ name: 'batch_4_d24', batchSize: 4, depth: 24 }];
  // L1 gas depends on the batch size only; batch 8 checks that the per-transfer slope holds.
  const gasDeep = [...deep, { name: 'batch_8_d24', batchSize: 8, depth: 24 }];
  // First, while nothing else runs: each setup starts from its own empty temporary cache.
  const setup = await measureSetup(
    quick
      ? { circuits: [], ptauPower: 8, rounds: 1, log }
      : { circuits: small.map((c) => c.name), ptauPower: 11, rounds: 3, verifyCircuit: 'batch_1_d8', log },
  );
  const core = measureCore({ accounts: quick ? 10_000 : 1_000_000, log });
  const constraints = await measureConstraints({ depths: quick ? [8] : [8, 16, 24], log });
  const prover = quick
    ? undefined
    : [
        ...(await measureProving({ circuits: small, jobsPerRound: 4, rounds: 3, log })),
        ...(await measureProving({ circuits: deep, configs: [DEFAULT_POOL], jobsPerRound: 2, rounds: 3, log })),
      ];
  const gas = quick
    ? undefined
    : withMarginalGas([...(await measureGas({ depth: 8, circuits: small, log })), ...(await measureGas({ depth: 24, circuits: gasDeep, log }))]);
  const results: RunResults = {
    machine: describeMachine(),
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    core,
    constraints,
    setup,
    ...(prover ? { prover } : {}),
    ...(gas ? { gas } : {}),
    notes,
  };
  try {
    return writeReport(results, outDir);
  } finally {
    // snarkjs keeps its curve's worker threads alive (iden3/snarkjs#152).
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  }
}
