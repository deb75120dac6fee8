// The provers of the commands that prove batches (`zkr submit`, `zkr node`): the local pool shaped
// for k batches at once, or the proving queue's workers (`--queue`).
import { availableParallelism } from 'node:os';
import type { CircuitArtifacts, LoadedArtifacts } from '@zkr/circuits';
import type { Backend, Prover } from '@zkr/prover';
import type { QueueProver } from '@zkr/queue';
import { loadProver, loadQueue } from './lazy.js';
import { parseQueueUrl } from './commands/proverWorker.js';

/** One batch: a single worker using every core, the lowest latency. k batches: a worker per batch
 * up to one per core, the cores shared among them (the pool gives a proof 1 thread or them all). */
export async function localProver(circuits: Record<string, CircuitArtifacts>, batches: number, backend: Backend | 'auto' = 'auto'): Promise<Prover> {
  const { createProver } = await loadProver();
  const cores = availableParallelism();
  const workers = Math.min(batches, cores);
  return createProver({ circuits, selfCheck: true, workers, threadsPerProof: Math.max(1, Math.floor(cores / workers)), backend });
}

/** The queue's prover for `circuits`: each job carries the hash of the setup it must be proved with. */
export async function queueProver(url: string | undefined, circuits: Record<string, LoadedArtifacts>): Promise<QueueProver> {
  const { artifactsHashOf, QueueProver } = await loadQueue();
  const hashes = Object.fromEntries(Object.entries(circuits).map(([name, artifacts]) => [name, artifactsHashOf(artifacts.manifestData)]));
  return QueueProver.connect({ connectionString: parseQueueUrl(url), circuits: hashes });
}
