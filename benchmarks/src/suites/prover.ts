// Proving throughput: the prover pool against plain snarkjs.groth16.fullProve on the same
// circuit and inputs, alternating rounds in one run; medians and ratios.
import { availableParallelism } from 'node:os';
import * as snarkjs from 'snarkjs';
import { setupCircuit, terminateSnarkjsCurve } from '@zkr/circuits';
import { createProver, type ProverOptions } from '@zkr/prover';
import { median } from '../stats.js';
import type { ProverResult } from '../report.js';
import { sampleBatchInput } from './inputs.js';
import { peakRssMiB } from './rss.js';

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export interface ProverSuiteOptions {
  readonly circuits: readonly { name: string; batchSize: number; depth: number }[];
  /** Pool shapes to measure (default: all of POOL_CONFIGS). */
  readonly configs?: readonly PoolConfig[];
  readonly jobsPerRound: number;
  readonly rounds: number;
  readonly log: (m: string) => void;
}

export interface PoolConfig {
  readonly label: string;
  readonly options: Pick<ProverOptions, 'workers' | 'threadsPerProof'>;
}

export const POOL_CONFIGS: readonly PoolConfig[] = [
  { label: '1 worker x all threads', options: { workers: 1, threadsPerProof: availableParallelism() } },
  { label: '2 workers x 1 thread', options: { workers: 2, threadsPerProof: 1 } },
  { label: '1 worker x 1 thread', options: { workers: 1, threadsPerProof: 1 } },
];

/** The pool as createProver builds it without options. */
export const DEFAULT_POOL: PoolConfig = { label: 'default: 1 worker per core x 1 thread', options: {} };

export async function measureProving(options: ProverSuiteOptions): Promise<ProverResult[]> {
  const results: ProverResult[] = [];
  for (const { name, batchSize, depth } of options.circuits) {
    const files = await setupCircuit({ name });
    const input = sampleBatchInput(batchSize, depth);
    for (const config of options.configs ?? POOL_CONFIGS) {
      const prover = createProver({ backend: 'snarkjs', circuits: { [name]: files }, maxQueue: 1000, ...config.options });
      await prover.prove(name, input); // warm the workers: wasm and zkey loaded once
      const pool: number[] = [];
      const baseline: number[] = [];
      const poolLatency: number[] = [];
      const witness: number[] = [];
      const prove: number[] = [];
      for (let round = 0; round < options.rounds; round++) {
        baseline.push(
          await timed(async () => {
            for (let j = 0; j < options.jobsPerRound; j++) await snarkjs.groth16.fullProve(input, files.wasm, files.zkey);
          }),
        );
        pool.push(
          await timed(async () => {
            const proofs = await Promise.all(Array.from({ length: options.jobsPerRound }, () => prover.prove(name, input)));
            for (const p of proofs) {
              poolLatency.push(p.timings.totalMs);
              witness.push(p.timings.witnessMs);
              prove.push(p.timings.proveMs);
            }
          }),
        );
        options.log(
          `prover ${name} [${config.label}] round ${round + 1}: baseline ${(baseline.at(-1)! / 1000).toFixed(1)} s, pool ${(pool.at(-1)! / 1000).toFixed(1)} s for ${options.jobsPerRound} proofs`,
        );
      }
      await prover.close();
      const poolRate = (options.jobsPerRound * 1000) / median(pool);
      const baseRate = (options.jobsPerRound * 1000) / median(baseline);
      results.push({
        circuit: name,
        config: config.label,
        batchSize,
        poolProofsPerSec: poolRate,
        baselineProofsPerSec: baseRate,
        ratio: poolRate / baseRate,
        medianLatencyMs: { pool: median(poolLatency), baseline: median(baseline) / options.jobsPerRound },
        witnessMs: median(witness),
        proveMs: median(prove),
        peakMemoryMiB: peakRssMiB(),
        rounds: options.rounds,
      });
    }
  }
  await terminateSnarkjsCurve();
  return results;
}
