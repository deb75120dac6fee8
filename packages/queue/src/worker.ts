// A prover worker process: takes jobs of the circuits it has keys for, proves them with its
// local pool, and lets pg-boss hold the lease (heartbeats while the proof runs; a worker that
// dies stops heartbeating and its job goes back to the queue for another worker).
import { hostname } from 'node:os';
import type { PgBoss } from 'pg-boss';
import { createProver, InputError, WitnessError, type CircuitFiles, type Prover } from '@zkr/prover';
import { queueNameOf } from './artifacts.js';
import { ensureQueue, openBoss } from './boss.js';
import { ArtifactMismatchError, MalformedJobError, serializeError } from './errors.js';
import { parsePayload, type JobOutput } from './payload.js';
import { ensureRegistry, registerWorker, reportWorker, type WorkerCounters } from './registry.js';

export interface WorkerCircuit {
  readonly files: CircuitFiles;
  /** artifactsHashOf this worker's setup manifest of the circuit. */
  readonly artifactsHash: string;
}

export interface ProverWorkerOptions {
  readonly connectionString: string;
  readonly circuits: Readonly<Record<string, WorkerCircuit>>;
  /** Proofs at once in this process, one pool thread each (default 1). */
  readonly concurrency?: number;
  /** Shown in status (default host:pid). */
  readonly name?: string;
  /** How often an idle worker looks for jobs, in seconds (default 0.5). */
  readonly pollingSeconds?: number;
  /** How often the worker reports itself to the status table (default 2000 ms). */
  readonly reportMs?: number;
  readonly superviseSeconds?: number;
  readonly onError?: (error: Error) => void;
  readonly onJobStart?: (event: { jobId: string; circuitId: string; attempt: number }) => void;
  readonly onJob?: (event: { jobId: string; circuitId: string; outcome: 'proved' | 'refused' | 'rejected' | 'failed'; ms: number }) => void;
}

/** Deterministic failures: proving again anywhere gives the same answer, so they are results. */
function isFinal(error: unknown): boolean {
  return error instanceof InputError || error instanceof WitnessError || error instanceof MalformedJobError;
}

type Job = { id: string; data: unknown; signal: AbortSignal; name: string; retryCount: number };

export class ProverWorker implements AsyncDisposable {
  readonly id: string;
  private readonly counters = { proved: 0, refused: 0, failed: 0, busyMs: 0 };
  private readonly reporter: NodeJS.Timeout;
  private stopped = false;

  private constructor(
    private readonly boss: PgBoss,
    private readonly prover: Prover,
    private readonly options: ProverWorkerOptions,
    id: string,
  ) {
    this.id = id;
    this.reporter = setInterval(() => void this.report(), options.reportMs ?? 2000);
  }

  static async start(options: ProverWorkerOptions): Promise<ProverWorker> {
    const concurrency = options.concurrency ?? 1;
    const files = Object.fromEntries(Object.entries(options.circuits).map(([id, c]) => [id, c.files]));
    const prover = createProver({ circuits: files, workers: concurrency, maxQueue: concurrency * 4 });
    let boss: PgBoss | undefined;
    try {
      boss = await openBoss(options);
      const id = options.name ?? `${hostname()}:${process.pid}`;
      await ensureRegistry(boss.getDb());
      await registerWorker(boss.getDb(), { id, host: hostname(), pid: process.pid, circuits: Object.keys(options.circuits) });
      const worker = new ProverWorker(boss, prover, options, id);
      for (const circuitId of Object.keys(options.circuits)) {
        const queue = queueNameOf(circuitId);
        await ensureQueue(boss, queue);
        await boss.work<unknown, JobOutput>(
          queue,
          { localConcurrency: concurrency, batchSize: 1, pollingIntervalSeconds: options.pollingSeconds ?? 0.5 },
          ([job]) => worker.handle(circuitId, job as Job),
        );
      }
      return worker;
    } catch (error) {
      await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
      await prover.close();
      throw error;
    }
  }

  stats(): WorkerCounters {
    return { ...this.counters };
  }

  /** Stops taking jobs, lets the running proofs finish (up to `timeoutMs`), then closes. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.reporter);
    await this.boss.stop({ graceful: true, close: false, timeout: timeoutMs }).catch((e: Error) => this.options.onError?.(e));
    await reportWorker(this.boss.getDb(), this.id, this.counters, true).catch(() => undefined);
    await this.boss.stop({ graceful: false, close: true }).catch(() => undefined);
    await this.prover.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /**
   * Returns the job's output (pg-boss completes the job, fenced to this attempt: if the lease was
   * lost meanwhile the late result is ignored) or throws (pg-boss fails the attempt and retries
   * it with backoff, possibly on another worker).
   */
  private async handle(circuitId: string, job: Job): Promise<JobOutput> {
    const started = performance.now();
    this.options.onJobStart?.({ jobId: job.id, circuitId, attempt: job.retryCount });
    const done = (outcome: 'proved' | 'refused' | 'rejected' | 'failed'): void => {
      const ms = performance.now() - started;
      this.counters.busyMs += ms;
      this.options.onJob?.({ jobId: job.id, circuitId, outcome, ms });
    };
    try {
      const payload = parsePayload(job.data);
      if (payload.circuitId !== circuitId) throw new MalformedJobError(`the job names ${payload.circuitId} but sits in the queue of ${circuitId}`, 'circuitId');
      const mine = this.options.circuits[circuitId]!.artifactsHash;
      if (payload.artifactsHash !== mine) {
        this.counters.refused++;
        done('refused');
        throw new ArtifactMismatchError(circuitId, payload.artifactsHash, mine);
      }
      const result = await this.prover.prove(circuitId, payload.input as Record<string, unknown>, { signal: job.signal });
      this.counters.proved++;
      done('proved');
      return {
        ok: true,
        proof: result.proof,
        publicSignals: result.publicSignals,
        witnessMs: result.timings.witnessMs,
        proveMs: result.timings.proveMs,
        worker: this.id,
        backend: result.backend,
      };
    } catch (error) {
      if (error instanceof ArtifactMismatchError) throw error;
      this.counters.failed++;
      if (isFinal(error)) {
        done('rejected');
        return { ok: false, error: serializeError(error), worker: this.id };
      }
      done('failed');
      throw Object.assign(new Error(serializeError(error).message), serializeError(error));
    }
  }

  private async report(): Promise<void> {
    await reportWorker(this.boss.getDb(), this.id, this.counters).catch((e: Error) => this.options.onError?.(e));
  }
}
