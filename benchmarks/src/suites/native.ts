// The native prover backend against snarkjs on the same witness, alternating in one run: time
// per proof and peak RSS, each proof in a fresh process of its own (so each backend's peak is
// its own), then pool throughput with each backend's default shape.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as snarkjs from 'snarkjs';
import { setupCircuit, terminateSnarkjsCurve } from '@zkr/circuits';
import { createProver, type Backend } from '@zkr/prover';
import { median } from '../stats.js';
import { sampleBatchInput } from './inputs.js';

const CHILD = fileURLToPath(new URL('./nativeProof.js', import.meta.url));

export interface NativeComparison {
  readonly circuit: string;
  /** log2 of the zkey's domain size. */
  readonly power: number;
  readonly constraints: number;
  /** Median time per proof (zkey resident, witness given), all cores for both backends. */
  readonly nativeMs: number;
  readonly snarkjsMs: number;
  /** snarkjsMs / nativeMs. */
  readonly ratio: number;
  /** Largest peak RSS of a process that loaded the zkey and proved. */
  readonly nativePeakMiB: number;
  readonly snarkjsPeakMiB: number;
  readonly rounds: number;
  /** Each backend's default pool (witness included), jobs proved at once per round. */
  readonly pool?: { readonly jobs: number; readonly nativeProofsPerSec: number; readonly snarkjsProofsPerSec: number; readonly ratio: number };
}

export interface NativeSuiteOptions {
  readonly circuits: readonly { name: string; batchSize: number; depth: number; poolJobs: number }[];
  readonly rounds: number;
  readonly log: (m: string) => void;
}

function proveInChild(backend: Backend, zkey: string, wtns: string, proofs: number): { ms: number; peakMiB: number } {
  const run = spawnSync(process.execPath, [CHILD, backend, zkey, wtns, String(proofs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`${backend} proof process failed (exit ${run.status ?? run.signal}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { ms: number; peakMiB: number };
}

async function poolRate(
  backend: Backend,
  name: string,
  files: Awaited<ReturnType<typeof setupCircuit>>,
  input: Record<string, unknown>,
  jobs: number,
): Promise<number> {
  await using prover = createProver({ backend, circuits: { [name]: files }, maxQueue: 1000 });
  await prover.prove(name, input); // warm: wasm and zkey loaded
  const start = performance.now();
  await Promise.all(Array.from({ length: jobs }, () => prover.prove(name, input)));
  return (jobs * 1000) / (performance.now() - start);
}

export async function measureNativeVsSnarkjs(options: NativeSuiteOptions): Promise<NativeComparison[]> {
  const results: NativeComparison[] = [];
  for (const { name, batchSize, depth, poolJobs } of options.circuits) {
    const files = await setupCircuit({ name }, { onProgress: (m) => options.log(`native ${name}: ${m}`) });
    const input = sampleBatchInput(batchSize, depth) as unknown as Record<string, unknown>;
    const dir = mkdtempSync(join(tmpdir(), 'zkr-native-bench-'));
    try {
      const wtns: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
      await snarkjs.wtns.calculate(input, files.wasm, wtns);
      const wtnsFile = join(dir, 'witness.wtns');
      writeFileSync(wtnsFile, wtns.data!);
      const { native } = await import('@zkr/prover-native');
      if (!native) throw new Error('the native prover does not load: build it with node packages/prover-native/build.mjs');
      const power = Math.log2(new native.NativeZkey(files.zkey).domainSize);
      // Small circuits: a first proof warms snarkjs' curve and threads; the second is timed.
      const proofs = power <= 16 ? 2 : 1;
      const runs: Record<Backend, { ms: number; peakMiB: number }[]> = { native: [], snarkjs: [] };
      for (let round = 0; round < options.rounds; round++) {
        for (const backend of ['native', 'snarkjs'] as const) runs[backend].push(proveInChild(backend, files.zkey, wtnsFile, proofs));
        options.log(
          `native ${name} (2^${power}) round ${round + 1}: native ${(runs.native.at(-1)!.ms / 1000).toFixed(2)} s, snarkjs ${(runs.snarkjs.at(-1)!.ms / 1000).toFixed(2)} s`,
        );
      }
      const [nativeMs, snarkjsMs] = [median(runs.native.map((r) => r.ms)), median(runs.snarkjs.map((r) => r.ms))];
      let pool: NativeComparison['pool'];
      if (poolJobs > 0) {
        const rates: Record<Backend, number[]> = { native: [], snarkjs: [] };
        for (let round = 0; round < options.rounds; round++) {
          for (const backend of ['native', 'snarkjs'] as const) rates[backend].push(await poolRate(backend, name, files, input, poolJobs));
          options.log(`native ${name} pool round ${round + 1}: native ${rates.native.at(-1)!.toFixed(3)}/s, snarkjs ${rates.snarkjs.at(-1)!.toFixed(3)}/s`);
        }
        const [n, s] = [median(rates.native), median(rates.snarkjs)];
        pool = { jobs: poolJobs, nativeProofsPerSec: n, snarkjsProofsPerSec: s, ratio: n / s };
      }
      results.push({
        circuit: name,
        power,
        constraints: files.constraints,
        nativeMs,
        snarkjsMs,
        ratio: snarkjsMs / nativeMs,
        nativePeakMiB: Math.max(...runs.native.map((r) => r.peakMiB)),
        snarkjsPeakMiB: Math.max(...runs.snarkjs.map((r) => r.peakMiB)),
        rounds: options.rounds,
        ...(pool ? { pool } : {}),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await terminateSnarkjsCurve();
  return results;
}
