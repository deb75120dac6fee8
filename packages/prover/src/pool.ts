// The prover pool: piscina workers proving registered circuits, with a bounded queue, typed
// errors, timeouts and aborts, crash containment, and an explicit lifecycle.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import * as snarkjs from 'snarkjs';
import { terminateSnarkjsCurve } from '@zkr/circuits';
import { resolveBackend, type Backend } from './backend.js';
import {
  AbortError,
  ArtifactError,
  classifyNativeFailure,
  classifyWitnessFailure,
  InputError,
  ProverClosedError,
  ProverError,
  QueueFullError,
  TimeoutError,
  WorkerCrashedError,
} from './errors.js';
import type { Groth16Proof, ProveJob, ProveOutcome } from './job.js';

/**
 * snarkjs caches the curve it builds for `verify` (with worker threads of its own) on globalThis,
 * but only once the build is done: two first verifications at once build two curves, `close()`
 * can stop only the cached one, and the other's threads keep the process alive for ever (two
 * self-checked proofs finishing together did this). So one build at a time, process-wide.
 */
let curveBuild: Promise<unknown> | undefined;
function curveBuiltOnce(name: string): Promise<unknown> {
  curveBuild ??= snarkjs.curves.getCurveFromName(name).finally(() => (curveBuild = undefined));
  return curveBuild;
}

/**
 * That curve is shared by every prover of the process, so it is the provers' together: each open
 * prover holds it, and the last to close terminates it (after any build in flight, which would
 * otherwise cache a curve nobody ends). One prover's close() leaves the others' verify working.
 */
let curveHolders = 0;
async function releaseCurve(): Promise<void> {
  if (--curveHolders > 0) return;
  await curveBuild?.catch(() => undefined);
  if (curveHolders === 0) await terminateSnarkjsCurve();
}

/**
 * Threads one proof may use. 'single': each worker proves on one thread, so workers prove side
 * by side. 'all': one proof spreads over every core. A count: native only, the size of the
 * process-wide prover thread pool all workers share.
 */
export type ProofThreads = 'single' | 'all' | number;

/** The job's thread count (1 = single) from the options; snarkjs knows only one thread or all. */
function threadsOf(backend: Backend, options: ProverOptions, cores: number): number {
  const asked = options.threads ?? legacyThreads(backend, options.threadsPerProof);
  if (asked === undefined) return backend === 'native' ? cores : 1;
  if (asked === 'single') return 1;
  if (asked === 'all') return cores;
  if (!Number.isInteger(asked) || asked < 1) throw new InputError(`threads must be 'single', 'all' or a positive integer, received ${String(asked)}`);
  if (backend === 'snarkjs' && asked !== 1 && asked !== cores) {
    throw new InputError(`threads: snarkjs proves on one thread or on all ${cores} cores, not on ${asked}; pass 'single' or 'all'`);
  }
  return asked;
}

/** threadsPerProof as it always behaved: 1 is one thread, more is all cores under snarkjs. */
function legacyThreads(backend: Backend, threadsPerProof: number | undefined): ProofThreads | undefined {
  if (threadsPerProof === undefined) return undefined;
  if (!Number.isInteger(threadsPerProof) || threadsPerProof < 1)
    throw new InputError(`threadsPerProof must be a positive integer, received ${threadsPerProof}`);
  if (threadsPerProof === 1) return 'single';
  return backend === 'snarkjs' ? 'all' : threadsPerProof;
}

export interface CircuitFiles {
  readonly wasm: string;
  readonly zkey: string;
  /** Verification key JSON; needed by `verify` and `selfCheck`. */
  readonly vkey?: string;
  /** Setup manifest (@zkr/circuits): the files' sha256 are checked before first use. */
  readonly manifest?: string;
}

export interface ProverOptions {
  readonly circuits: Readonly<Record<string, CircuitFiles>>;
  /**
   * 'native' (Rust, @zkr/prover-native), 'snarkjs', or 'auto' (default): native when its addon
   * loads for this platform, snarkjs otherwise. Asking for native where it does not load throws.
   */
  readonly backend?: Backend | 'auto';
  /** Worker threads (default: snarkjs one per core; native two, so a witness overlaps a proof). */
  readonly workers?: number;
  /**
   * Threads one proof may use (ProofThreads). snarkjs proves on one thread or on all cores,
   * nothing between, so it takes 'single' (the default: one single-threaded worker per core
   * measured fastest here, benchmarks/RESULTS.md) or 'all'; a count other than 1 or the number
   * of cores is refused. native: 'single', 'all' (the default) or a count, the size of the one
   * prover thread pool of the process, shared by all workers, so workers × threads never
   * exceeds it. `prover.threads` says what was chosen.
   */
  readonly threads?: ProofThreads;
  /**
   * @deprecated Use `threads`. 1 is 'single'; any larger count is 'all' under snarkjs (which
   * cannot do less) and that pool size under native.
   */
  readonly threadsPerProof?: number;
  /** Jobs waiting or running at most; beyond it `prove` fails with QueueFullError (default 64). */
  readonly maxQueue?: number;
  /** Verify every proof before returning it. */
  readonly selfCheck?: boolean;
}

export interface ProveOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly onProgress?: (stage: 'queued' | 'started' | 'done') => void;
}

/**
 * The tests' crash hook, kept out of the public types: prove options holding this symbol set to
 * true make the worker die mid-job, to show a crash is contained.
 */
const CRASH_FOR_TEST = Symbol.for('@zkr/prover.crashForTest');

export interface ProofResult {
  readonly proof: Groth16Proof;
  readonly publicSignals: string[];
  readonly timings: { readonly witnessMs: number; readonly proveMs: number; readonly totalMs: number };
  readonly workerThreadId: number;
  /** The backend that made this proof. */
  readonly backend: Backend;
}

export interface ProverStats {
  readonly backend: Backend;
  readonly pending: number;
  readonly completed: number;
  readonly failed: number;
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface ManifestShape {
  readonly files: Record<string, { readonly path: string; readonly sha256: string }>;
}

export class Prover implements AsyncDisposable {
  private readonly pool: Piscina;
  private readonly circuits: ReadonlyMap<string, CircuitFiles>;
  /** The threads one proof uses, as resolved from the options: 'single', 'all', or native's pool size. */
  readonly threads: ProofThreads;
  private readonly jobThreads: number;
  readonly backend: Backend;
  private readonly maxQueue: number;
  private readonly selfCheck: boolean;
  private readonly checked = new Map<string, Promise<void>>();
  private readonly vkeys = new Map<string, unknown>();
  private pending = 0;
  private completed = 0;
  private failed = 0;
  private closed = false;

  constructor(options: ProverOptions) {
    this.backend = resolveBackend(options.backend);
    const cores = availableParallelism();
    const workers = options.workers ?? (this.backend === 'native' ? Math.min(2, cores) : cores);
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, received ${workers}`);
    this.circuits = new Map(Object.entries(options.circuits));
    this.jobThreads = threadsOf(this.backend, options, cores);
    this.threads = this.jobThreads === 1 ? 'single' : this.backend === 'snarkjs' || this.jobThreads === cores ? 'all' : this.jobThreads;
    this.maxQueue = options.maxQueue ?? 64;
    this.selfCheck = options.selfCheck ?? false;
    this.pool = new Piscina({ filename: WORKER, minThreads: workers, maxThreads: workers, idleTimeout: Number.POSITIVE_INFINITY });
    curveHolders++;
  }

  async prove(circuitId: string, input: Record<string, unknown>, options: ProveOptions = {}): Promise<ProofResult> {
    if (this.closed) throw new ProverClosedError();
    const files = this.files(circuitId);
    if (this.pending >= this.maxQueue) throw new QueueFullError(this.maxQueue);
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new InputError('the circuit input must be an object of signal names to values');
    }
    options.signal?.throwIfAborted?.();
    this.pending++;
    options.onProgress?.('queued');
    const started = performance.now();
    const timeout = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
    const signals = [options.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length === 0 ? undefined : AbortSignal.any(signals);
    try {
      await this.checkArtifacts(circuitId, files);
      const job: ProveJob = {
        circuitId,
        wasm: files.wasm,
        zkey: files.zkey,
        input,
        backend: this.backend,
        threads: this.jobThreads,
        ...((options as { [CRASH_FOR_TEST]?: unknown })[CRASH_FOR_TEST] === true ? { crashForTest: true } : {}),
      };
      options.onProgress?.('started');
      let outcome: ProveOutcome;
      try {
        outcome = (await this.pool.run(job, signal ? { signal } : {})) as ProveOutcome;
      } catch (error) {
        if (timeout?.aborted) throw new TimeoutError(options.timeoutMs!);
        if (options.signal?.aborted) throw new AbortError(error);
        throw new WorkerCrashedError(error);
      }
      if (!outcome.ok) {
        if (outcome.stage === 'witness') throw classifyWitnessFailure(new Error(outcome.message));
        throw outcome.code
          ? classifyNativeFailure(outcome.code, outcome.message, files.zkey)
          : new ProverError('prover.prove', `proving failed: ${outcome.message}`);
      }
      if (this.selfCheck && !(await this.verify(circuitId, outcome.proof, outcome.publicSignals))) {
        throw new ProverError('prover.self_check', `the proof of ${circuitId} does not verify against its verification key`);
      }
      this.completed++;
      options.onProgress?.('done');
      return {
        proof: outcome.proof,
        publicSignals: outcome.publicSignals,
        timings: { witnessMs: outcome.witnessMs, proveMs: outcome.proveMs, totalMs: performance.now() - started },
        workerThreadId: outcome.threadId,
        backend: this.backend,
      };
    } catch (error) {
      this.failed++;
      throw error;
    } finally {
      this.pending--;
    }
  }

  /** False for a well-formed proof that does not verify; a typed error for malformed input. */
  async verify(circuitId: string, proof: Groth16Proof, publicSignals: readonly string[]): Promise<boolean> {
    const vkey = this.vkey(circuitId);
    if (!proof || !Array.isArray(proof.pi_a) || !Array.isArray(proof.pi_b) || !Array.isArray(proof.pi_c)) {
      throw new ProverError('prover.malformed_proof', 'a Groth16 proof needs pi_a, pi_b and pi_c');
    }
    const expected = (vkey as { nPublic: number }).nPublic;
    if (!Array.isArray(publicSignals) || publicSignals.length !== expected) {
      throw new ProverError(
        'prover.malformed_proof',
        `${circuitId} has ${expected} public signals, received ${Array.isArray(publicSignals) ? publicSignals.length : typeof publicSignals}`,
      );
    }
    await curveBuiltOnce((vkey as { curve: string }).curve);
    return snarkjs.groth16.verify(vkey, publicSignals, proof);
  }

  stats(): ProverStats {
    return { backend: this.backend, pending: this.pending, completed: this.completed, failed: this.failed };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
    await releaseCurve();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private files(circuitId: string): CircuitFiles {
    const files = this.circuits.get(circuitId);
    if (!files) throw new ProverError('prover.unknown_circuit', `unknown circuit "${circuitId}"; this prover has ${[...this.circuits.keys()].join(', ')}`);
    return files;
  }

  private vkey(circuitId: string): unknown {
    let vkey = this.vkeys.get(circuitId);
    if (vkey === undefined) {
      const path = this.files(circuitId).vkey;
      if (path === undefined) throw new ProverError('prover.no_vkey', `no verification key was given for ${circuitId}`);
      if (!existsSync(path)) throw new ArtifactError(path, 'verification key missing');
      vkey = JSON.parse(readFileSync(path, 'utf8'));
      this.vkeys.set(circuitId, vkey);
    }
    return vkey;
  }

  /** Once per circuit: the files exist and, with a manifest, match its hashes. */
  private checkArtifacts(circuitId: string, files: CircuitFiles): Promise<void> {
    let check = this.checked.get(circuitId);
    if (!check) {
      check = (async () => {
        for (const path of [files.wasm, files.zkey]) if (!existsSync(path)) throw new ArtifactError(path, `missing (${circuitId})`);
        if (files.manifest === undefined) return;
        const manifest = JSON.parse(readFileSync(files.manifest, 'utf8')) as ManifestShape;
        for (const [kind, path] of [
          ['wasm', files.wasm],
          ['zkey', files.zkey],
        ] as const) {
          const recorded = manifest.files[kind]?.sha256;
          const actual = await sha256File(path);
          if (recorded !== actual)
            throw new ArtifactError(path, `${kind} of ${circuitId} does not match the setup manifest (corrupt, truncated or from another build)`);
        }
      })();
      // A failed check is retried next time (the file may be fixed).
      check.catch(() => this.checked.delete(circuitId));
      this.checked.set(circuitId, check);
    }
    return check;
  }
}

export function createProver(options: ProverOptions): Prover {
  return new Prover(options);
}
