// The caller's side of proving over the queue: the same prove(circuitId, input, options) as the
// local pool, each proof a pg-boss job that any ProverWorker on any machine may take.
import type { PgBoss } from 'pg-boss';
import { AbortError, ProverClosedError, ProverError, QueueFullError, TimeoutError, type ProofResult, type ProveOptions } from '@zkr/prover';
import { queueNameOf } from './artifacts.js';
import { ensureQueue, openBoss } from './boss.js';
import { errorOfFailedJob, rebuildError, QueueUnavailableError } from './errors.js';
import { checkInput, parseOutput, PAYLOAD_VERSION, type JobPayload } from './payload.js';

export interface QueueProverOptions {
  readonly connectionString: string;
  /** Circuit id => artifactsHashOf its setup manifest: jobs must be proved with exactly that. */
  readonly circuits: Readonly<Record<string, string>>;
  /** Jobs waiting or active in a circuit's queue at most; beyond it prove() throws QueueFullError. */
  readonly maxQueue?: number;
  /** Retries after a failed attempt (lost lease, crashed worker, refused artifacts). Default 3. */
  readonly retryLimit?: number;
  /** First retry delay in seconds, doubled each retry (pg-boss backoff, with jitter). Default 1. */
  readonly retryDelaySeconds?: number;
  /** The lease: an attempt still active after this long is failed and retried. Default 600. */
  readonly jobTimeoutSeconds?: number;
  /** A worker that misses heartbeats this long loses its lease (pg-boss minimum 10). Default 10. */
  readonly heartbeatSeconds?: number;
  /** How often results are read back. Default 100 ms. */
  readonly pollMs?: number;
  readonly superviseSeconds?: number;
  readonly onError?: (error: Error) => void;
}

export interface QueueProofResult extends ProofResult {
  readonly jobId: string;
  /** The worker process that made the proof (host:pid unless named). */
  readonly worker: string;
}

interface Pending {
  readonly queue: string;
  readonly started: number;
  readonly resolve: (result: QueueProofResult) => void;
  readonly reject: (error: unknown) => void;
}

interface JobRow {
  readonly id: string;
  readonly state: string;
  readonly output: unknown;
}

export class QueueProver implements AsyncDisposable {
  private readonly pending = new Map<string, Pending>();
  private readonly timer: NodeJS.Timeout;
  private polling = false;
  private closed = false;

  private constructor(
    private readonly boss: PgBoss,
    private readonly options: QueueProverOptions,
  ) {
    this.timer = setInterval(() => void this.poll(), options.pollMs ?? 100);
  }

  static async connect(options: QueueProverOptions): Promise<QueueProver> {
    const boss = await openBoss(options);
    for (const circuitId of Object.keys(options.circuits)) await ensureQueue(boss, queueNameOf(circuitId));
    return new QueueProver(boss, options);
  }

  async prove(circuitId: string, input: Record<string, unknown>, options: ProveOptions = {}): Promise<QueueProofResult> {
    if (this.closed) throw new ProverClosedError();
    const artifactsHash = this.options.circuits[circuitId];
    if (artifactsHash === undefined)
      throw new ProverError('prover.unknown_circuit', `unknown circuit "${circuitId}"; this prover has ${Object.keys(this.options.circuits).join(', ')}`);
    const payload: JobPayload = { v: PAYLOAD_VERSION, circuitId, artifactsHash, input: checkInput(input) };
    options.signal?.throwIfAborted?.();
    const queue = queueNameOf(circuitId);
    const limit = this.options.maxQueue ?? 256;
    if ((await this.depth(queue)) >= limit) throw new QueueFullError(limit);
    const started = performance.now();
    const jobId = await this.send(queue, payload);
    options.onProgress?.('queued');
    const result = new Promise<QueueProofResult>((resolve, reject) => this.pending.set(jobId, { queue, started, resolve, reject }));
    const onAbort = (): void => this.cancel(jobId, new AbortError(options.signal?.reason));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    const timeout = options.timeoutMs === undefined ? undefined : setTimeout(() => this.cancel(jobId, new TimeoutError(options.timeoutMs!)), options.timeoutMs);
    try {
      const proved = await result;
      options.onProgress?.('done');
      return proved;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      clearTimeout(timeout);
    }
  }

  /** Jobs waiting (created or retry) or active in a circuit's queue. */
  async depth(queue: string): Promise<number> {
    try {
      const { rows } = await this.sql<{ n: string }>(`SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [
        queue,
      ]);
      return Number(rows[0]?.n ?? 0);
    } catch (cause) {
      throw new QueueUnavailableError(`could not read the depth of ${queue}: ${(cause as Error).message}`, cause);
    }
  }

  stats(): { pending: number } {
    return { pending: this.pending.size };
  }

  /** Stops waiting for results (callers get ProverClosedError); queued jobs stay for the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const [jobId, job] of this.pending) {
      this.pending.delete(jobId);
      job.reject(new ProverClosedError());
    }
    await this.boss.stop({ graceful: false, close: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async send(queue: string, payload: JobPayload): Promise<string> {
    const o = this.options;
    try {
      const id = await this.boss.send(queue, payload, {
        retryLimit: o.retryLimit ?? 3,
        retryDelay: o.retryDelaySeconds ?? 1,
        retryBackoff: true,
        retryDelayMax: 60,
        expireInSeconds: o.jobTimeoutSeconds ?? 600,
        heartbeatSeconds: o.heartbeatSeconds ?? 10,
      });
      if (id === null) throw new Error('pg-boss did not create the job');
      return id;
    } catch (cause) {
      throw new QueueUnavailableError(`could not queue the job: ${(cause as Error).message}`, cause);
    }
  }

  /** The caller stopped waiting: the job is cancelled so no worker starts (or keeps) it. */
  private cancel(jobId: string, error: ProverError): void {
    const job = this.pending.get(jobId);
    if (!job) return;
    this.pending.delete(jobId);
    job.reject(error);
    this.boss.cancel(job.queue, jobId).catch((e: Error) => this.options.onError?.(e));
  }

  /** Reads the finished jobs among the pending ones; a database outage only delays this. */
  private async poll(): Promise<void> {
    if (this.polling || this.pending.size === 0) return;
    this.polling = true;
    try {
      const byQueue = new Map<string, string[]>();
      for (const [id, job] of this.pending) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), id]);
      for (const [queue, ids] of byQueue) {
        const { rows } = await this.sql<JobRow>(
          `SELECT id::text AS id, state::text AS state, output FROM pgboss.job WHERE name = $1 AND id = ANY($2::uuid[]) AND state IN ('completed', 'failed', 'cancelled')`,
          [queue, ids],
        );
        for (const row of rows) this.settle(row);
      }
    } catch (error) {
      this.options.onError?.(error as Error);
    } finally {
      this.polling = false;
    }
  }

  /** Each job settles its caller once; a result read again later finds no one waiting. */
  private settle(row: JobRow): void {
    const job = this.pending.get(row.id);
    if (!job) return;
    this.pending.delete(row.id);
    if (row.state === 'cancelled') {
      job.reject(new AbortError());
      return;
    }
    if (row.state === 'failed') {
      job.reject(errorOfFailedJob(row.output, row.id));
      return;
    }
    try {
      const output = parseOutput(row.output, row.id);
      if (!output.ok) {
        job.reject(rebuildError(output.error));
        return;
      }
      job.resolve({
        proof: output.proof,
        publicSignals: output.publicSignals,
        timings: { witnessMs: output.witnessMs, proveMs: output.proveMs, totalMs: performance.now() - job.started },
        workerThreadId: 0,
        backend: output.backend ?? 'snarkjs',
        jobId: row.id,
        worker: output.worker,
      });
    } catch (error) {
      job.reject(error);
    }
  }

  private async sql<T>(text: string, values: unknown[]): Promise<{ rows: T[] }> {
    return (await this.boss.getDb().executeSql(text, values)) as { rows: T[] };
  }
}
