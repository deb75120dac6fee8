// Compile time and peak memory of linked batches (circuits/src/link/): the parts (one slot, the
// tail) are compiled once per depth by circom2 and cached; the batch is then linked from them in
// a process of its own, into an empty cache that holds only the parts, so nothing of an earlier
// link is reused.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { batchParts, compileCircuit, defaultCacheDir, getInstance } from '@zkr/circuits';

const CHILD = fileURLToPath(new URL('./linkChild.js', import.meta.url));

export interface LinkResult {
  readonly circuit: string;
  readonly batchSize: number;
  readonly depth: number;
  readonly constraints: number;
  /** circom2 on the slot and tail parts, once per depth; 0 when they were cached already. */
  readonly partsSeconds: number;
  /** The batch from the compiled parts: r1cs, sym and link plan written. */
  readonly linkSeconds: number;
  /** Peak RSS of the linking process. */
  readonly linkPeakMiB: number;
}

export async function measureLink(options: { circuits: readonly string[]; log: (m: string) => void }): Promise<LinkResult[]> {
  const results: LinkResult[] = [];
  for (const name of options.circuits) {
    const instance = getInstance(name);
    if (instance.build !== 'linked') throw new RangeError(`${name} is not a linked instance`);
    const parts = batchParts(instance.levels);
    const partsStarted = performance.now();
    for (const part of [parts.slot, parts.tail]) await compileCircuit(part, { onProgress: (m) => options.log(`link ${name}: ${m}`) });
    const partsSeconds = (performance.now() - partsStarted) / 1000;
    const cache = mkdtempSync(join(tmpdir(), 'zkr-link-bench-'));
    try {
      const compiled = join(defaultCacheDir(), 'circuits');
      mkdirSync(join(cache, 'circuits'));
      for (const dir of readdirSync(compiled).filter((d) => d.startsWith(`${parts.slot.name}-`) || d.startsWith(`${parts.tail.name}-`)))
        symlinkSync(join(compiled, dir), join(cache, 'circuits', dir));
      const run = spawnSync(process.execPath, [CHILD, name, cache], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (run.status !== 0) throw new Error(`linking ${name} failed (exit ${run.status ?? run.signal}): ${run.stderr}`);
      const { seconds, peakMiB, constraints } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { seconds: number; peakMiB: number; constraints: number };
      results.push({
        circuit: name,
        batchSize: instance.batchSize,
        depth: instance.depth,
        constraints,
        partsSeconds,
        linkSeconds: seconds,
        linkPeakMiB: peakMiB,
      });
      options.log(
        `link ${name}: ${constraints} constraints linked in ${seconds.toFixed(1)} s at ${peakMiB.toFixed(0)} MiB peak (parts ${partsSeconds.toFixed(1)} s)`,
      );
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }
  return results;
}
