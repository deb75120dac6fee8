// A piscina worker: keeps each circuit's wasm and zkey bytes in memory across jobs, computes
// the witness, then the Groth16 proof. Failures come back as data so the pool can type them.
// A linked circuit (@zkr/circuits) has a link plan where others have their wasm: its witness
// comes from its parts' wasm, run one after another by @zkr/circuits.
import { readFile } from 'node:fs/promises';
import workerThreads, { threadId } from 'node:worker_threads';
import type { ProveJob, ProveOutcome } from './job.js';

// snarkjs' thread helper (the `web-worker` package) decides at import time that any non-main
// thread is one of its own workers and crashes without its workerData. This thread is a
// piscina worker that may start such workers itself, so it presents itself as a main thread
// until snarkjs has loaded.
const realIsMainThread = workerThreads.isMainThread;
(workerThreads as { isMainThread: boolean }).isMainThread = true;
const snarkjs = await import('snarkjs');
const { calculateLinkedWitness, isLinkPlan } = await import('@zkr/circuits/link-witness');
(workerThreads as { isMainThread: boolean }).isMainThread = realIsMainThread;

const loaded = new Map<string, Promise<Uint8Array>>();

function bytes(path: string): Promise<Uint8Array> {
  let entry = loaded.get(path);
  if (!entry) {
    entry = readFile(path).then((b) => new Uint8Array(b));
    loaded.set(path, entry);
  }
  return entry;
}

export default async function prove(job: ProveJob): Promise<ProveOutcome> {
  if (job.crashForTest) process.exit(70);
  const [wasm, zkey] = await Promise.all([bytes(job.wasm), bytes(job.zkey)]);
  const started = performance.now();
  const wtns: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
  try {
    if (isLinkPlan(wasm)) wtns.data = await calculateLinkedWitness(job.wasm, job.input);
    else await snarkjs.wtns.calculate(job.input, wasm, wtns);
  } catch (error) {
    return { ok: false, stage: 'witness', message: (error as Error).message ?? String(error) };
  }
  const witnessDone = performance.now();
  try {
    const { proof, publicSignals } = await snarkjs.groth16.prove(zkey, wtns, undefined, { singleThread: job.singleThread });
    return { ok: true, proof, publicSignals, witnessMs: witnessDone - started, proveMs: performance.now() - witnessDone, threadId };
  } catch (error) {
    return { ok: false, stage: 'prove', message: (error as Error).message ?? String(error) };
  }
}
