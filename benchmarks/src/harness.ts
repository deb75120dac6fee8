// The benchmark harness: runs the suites and writes benchmarks/RESULTS.md, results/*.json and
// the charts. Quick mode (CI): the small instances only, in seconds; full mode: real numbers.
import { join } from 'node:path';
import { defaultCacheDir, terminateSnarkjsCurve } from '@zkr/circuits';
import { benchInstances } from './instances.js';
import { describeMachine } from './machine.js';
import { DEFAULT_SUITES, mergeIntoRecord, SUITES, type Suite } from './records.js';
import { writeReport, type GasResult, type RunResults } from './report.js';
import { measureConstraints } from './suites/constraints.js';
import { measureCore } from './suites/core.js';
import { measureGas, mergeGasRows, withMarginalGas } from './suites/gas.js';
import { measureLargeInstance } from './suites/large.js';
import { measureLink } from './suites/link.js';
import { measureNativeVsSnarkjs } from './suites/native.js';
import { DEFAULT_POOL, measureProving } from './suites/prover.js';
import { measureNode } from './suites/node.js';
import { measureQueue } from './suites/queue.js';
import { measureSetup } from './suites/setup.js';

export { SUITES, type Suite };

export interface BenchmarkOptions {
  readonly quick: boolean;
  /** Run only these suites (default: all) and merge them into the record of this machine and
   * day, if there is one: the other suites keep their numbers. */
  readonly suites?: readonly Suite[];
  /** Where RESULTS.md, results/ and charts/ go. */
  readonly outDir: string;
  readonly log: (message: string) => void;
  /** The gas suite measures only these batch sizes; its rows of other sizes are kept from the
   * newest record (the full 1-256 sweep takes hours on 2 cores). */
  readonly gasSizes?: readonly number[];
}

/** The gas suite's instances by tree depth: the small test circuits, then each benchmark batch
 * size of the registry at its smallest registered depth (L1 gas does not depend on the depth). */
export function gasInstances(sizes?: readonly number[]): { depth: number; circuits: { name: string; batchSize: number }[] }[] {
  const { small, shallowestBench } = benchInstances();
  const all = [...small, ...shallowestBench];
  const chosen = all.filter((i) => sizes === undefined || sizes.includes(i.batchSize));
  const depths = [...new Set(chosen.map((i) => i.depth))];
  return depths.map((depth) => ({ depth, circuits: chosen.filter((i) => i.depth === depth).map(({ name, batchSize }) => ({ name, batchSize })) }));
}

/** Runs every suite once and returns the files written. */
export async function runBenchmarks({ quick, outDir, log, suites = DEFAULT_SUITES, gasSizes }: BenchmarkOptions): Promise<string[]> {
  const runs = (suite: Suite): boolean => suites.includes(suite);
  const notes: string[] = [
    'Each pool row is measured against its own baseline rounds, alternating baseline and pool in one process.',
    'Depth-24 rows use the benchmark instances of circuits.json; their dev setups are cached after the first run (see the setup table for the cost at depth 8).',
  ];
  const instances = benchInstances();
  const { small } = instances;
  const smallest = small[0]!.name;
  // Proving rounds on the smallest depth-24 instance (one proof ~26 s per core here).
  const deep = [instances.deep];
  // First, while nothing else runs: each setup starts from its own empty temporary cache.
  const setup = !runs('setup')
    ? undefined
    : await measureSetup(
        quick ? { circuits: [], ptauPower: 8, rounds: 1, log } : { circuits: small.map((c) => c.name), ptauPower: 11, rounds: 3, verifyCircuit: smallest, log },
      );
  const core = runs('core') ? await measureCore({ accounts: quick ? 10_000 : 1_000_000, log }) : undefined;
  const constraints = runs('constraints') ? await measureConstraints({ depths: quick ? [8] : [8, 16, 24], log }) : undefined;
  const prover =
    quick || !runs('prover')
      ? undefined
      : [
          ...(await measureProving({ circuits: small, jobsPerRound: 4, rounds: 3, log })),
          ...(await measureProving({ circuits: deep, configs: [DEFAULT_POOL], jobsPerRound: 2, rounds: 3, log })),
        ];
  // Gas of every benchmark batch size, up to the largest. The first dev setups are long (2^21:
  // minutes natively), then cached; so are the proofs (proofCache.ts), by zkey and input.
  const gasRows = [];
  if (!quick && runs('gas')) {
    for (const { depth, circuits } of gasInstances(gasSizes))
      gasRows.push(...(await measureGas({ depth, circuits, proofCache: join(defaultCacheDir(), 'proofs'), log })));
  }
  const gas = gasRows.length === 0 ? undefined : withMarginalGas(gasRows);
  // The native backend against snarkjs per proof (each in a process of its own, for its peak RSS)
  // at 2^15 (the larger small instance) and 2^17 (the deep one), and the default pool of each backend.
  const native =
    quick || !runs('native')
      ? undefined
      : await measureNativeVsSnarkjs({
          circuits: [
            { ...small[1]!, poolJobs: 4 },
            { ...instances.deep, poolJobs: 2 },
          ],
          rounds: 3,
          log,
        });
  // The queue against the local pool on the same proofs; worker processes on this machine.
  const queue = quick || !runs('queue') ? undefined : await measureQueue({ circuit: smallest, jobsPerRound: 12, rounds: 3, log });
  // The node end to end: HTTP intake to verified on L1, the largest test instance (batch_4_d8), two batches per transaction.
  const node =
    quick || !runs('node') ? undefined : await measureNode({ circuit: instances.largestTest.name, batchesPerTransaction: 2, operations: 64, clients: 4, log });
  // The largest linked batch of the registry (256 slots at depth 24: a 4 GB r1cs), linked afresh.
  const { largestLinked, largest } = instances;
  const link = quick || !runs('link') || !largestLinked ? undefined : await measureLink({ circuits: [largestLinked.name], log });
  // The largest registered instance set up and proved once (natively).
  const large = quick || !runs('large') || !largest ? undefined : await measureLargeInstance({ circuit: largest.name, log });
  const measured: RunResults = {
    machine: describeMachine(),
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    ...(core ? { core } : {}),
    ...(constraints ? { constraints } : {}),
    ...(setup ? { setup } : {}),
    ...(prover ? { prover } : {}),
    ...(gas ? { gas } : {}),
    ...(native ? { native } : {}),
    ...(queue ? { queue } : {}),
    ...(node ? { node } : {}),
    ...(link ? { link } : {}),
    ...(large ? { large } : {}),
    notes,
  };
  try {
    // A run of some gas sizes keeps the other sizes' rows; the slopes are taken over all of them.
    const mergeGas =
      gasSizes === undefined ? undefined : (previous: readonly GasResult[], now: readonly GasResult[]) => withMarginalGas(mergeGasRows(previous, now));
    const partial = DEFAULT_SUITES.some((suite) => !suites.includes(suite)) || mergeGas !== undefined;
    return writeReport(partial ? mergeIntoRecord(measured, suites, outDir, mergeGas) : measured, outDir);
  } finally {
    // snarkjs keeps its curve's worker threads alive (iden3/snarkjs#152).
    await terminateSnarkjsCurve();
  }
}
