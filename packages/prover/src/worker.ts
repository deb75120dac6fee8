// A piscina worker: keeps each circuit's wasm (and, for snarkjs, zkey bytes; for the native
// backend, the zkey read once per process) in memory across jobs, computes the witness, then the
// Groth16 proof. Failures come back as data so the pool can type them.
// A linked circuit (@zkr/circuits) has a link plan where others have their wasm: its witness
// comes from its parts' wasm, run one after another by @zkr/circuits.
import { readFile } from 'node:fs/promises';
import workerThreads, { threadId } from 'node:worker_threads';
import type { NativeZkey } from '@zkr/prover-native';
import type { Groth16Proof, ProveJob, ProveOutcome } from './job.js';

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
const nativeZkeys = new Map<string, NativeZkey>();

function bytes(path: string): Promise<Uint8Array> {
  let entry = loaded.get(path);
  if (!entry) {
    entry = readFile(path).then((b) => new Uint8Array(b));
    loaded.set(path, entry);
  }
  return entry;
}

type Proved = { proof: Groth16Proof; publicSignals: string[] };

async function proveSnarkjs(job: ProveJob, wtns: { type: 'mem'; data?: Uint8Array }): Promise<Proved> {
  return snarkjs.groth16.prove(await bytes(job.zkey), wtns, undefined, { singleThread: job.threads === 1 }) as Promise<Proved>;
}

/** The native zkey of this job, read on first use (once per process; kept while this worker lives). */
async function nativeZkey(job: ProveJob): Promise<NativeZkey> {
  const { native } = await import('@zkr/prover-native');
  if (!native) throw new Error('[NATIVE_UNAVAILABLE] the native prover does not load in this worker');
  native.setThreads(job.threads);
  let zkey = nativeZkeys.get(job.zkey);
  if (!zkey) {
    zkey = new native.NativeZkey(job.zkey);
    nativeZkeys.set(job.zkey, zkey);
  }
  return zkey;
}

function failure(stage: 'witness' | 'prove', error: unknown): ProveOutcome {
  const message = (error as Error)?.message ?? String(error);
  const coded = /^\[([A-Z_]+)\] ([\s\S]*)$/.exec(message);
  return coded ? { ok: false, stage, code: coded[1]!, message: coded[2]! } : { ok: false, stage, message };
}

export default async function prove(job: ProveJob): Promise<ProveOutcome> {
  if (job.crashForTest) process.exit(70);
  let wasm: Uint8Array;
  let zkey: NativeZkey | undefined;
  try {
    // Artifacts are loaded before the clock starts: they stay resident for later jobs.
    [wasm, zkey] = await Promise.all([bytes(job.wasm), job.backend === 'native' ? nativeZkey(job) : bytes(job.zkey).then(() => undefined)]);
  } catch (error) {
    return failure('prove', error);
  }
  const started = performance.now();
  const wtns: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
  try {
    if (isLinkPlan(wasm)) wtns.data = await calculateLinkedWitness(job.wasm, job.input);
    else await snarkjs.wtns.calculate(job.input, wasm, wtns);
  } catch (error) {
    return failure('witness', error);
  }
  const witnessDone = performance.now();
  try {
    const { proof, publicSignals } = zkey ? (JSON.parse(zkey.prove(wtns.data!)) as Proved) : await proveSnarkjs(job, wtns);
    return { ok: true, proof, publicSignals, witnessMs: witnessDone - started, proveMs: performance.now() - witnessDone, threadId };
  } catch (error) {
    return failure('prove', error);
  }
}
