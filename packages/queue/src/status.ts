// What the queue holds and who works it: jobs waiting / active / done / failed per circuit, and
// each worker's throughput and last heartbeat. Read by `zkr prover-worker --status` and the node.
import type { PgBoss } from 'pg-boss';
import { QUEUE_PREFIX } from './artifacts.js';
import { openBoss } from './boss.js';
import { ensureRegistry } from './registry.js';

export interface CircuitQueueStatus {
  readonly circuit: string;
  /** Created or waiting for a retry. */
  readonly waiting: number;
  readonly active: number;
  /** Completed with a proof. */
  readonly done: number;
  /** Given up by the queue, or completed with a typed error (bad input, malformed payload). */
  readonly failed: number;
  readonly cancelled: number;
}

export interface WorkerStatus {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly circuits: readonly string[];
  readonly startedOn: string;
  readonly lastSeen: string;
  /** Seconds since its last report; a worker past a few report intervals is likely gone. */
  readonly silentSeconds: number;
  readonly stopped: boolean;
  readonly proved: number;
  readonly refused: number;
  readonly failed: number;
  /** Proofs per minute since it started. */
  readonly proofsPerMinute: number;
}

export interface QueueStatus {
  readonly circuits: readonly CircuitQueueStatus[];
  readonly workers: readonly WorkerStatus[];
}

interface CountRow {
  name: string;
  state: string;
  n: string;
  errors: string;
}
interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  circuits: string[];
  started_on: Date;
  last_seen: Date;
  stopped: boolean;
  proved: number;
  refused: number;
  failed: number;
  silent: string;
  uptime: string;
}

export async function readQueueStatus(boss: PgBoss): Promise<QueueStatus> {
  const db = boss.getDb();
  await ensureRegistry(db);
  const counts = (
    await db.executeSql(
      `SELECT name, state::text AS state, count(*) AS n, count(*) FILTER (WHERE output->>'ok' = 'false') AS errors
     FROM pgboss.job WHERE name LIKE $1 GROUP BY name, state`,
      [`${QUEUE_PREFIX}%`],
    )
  ).rows as CountRow[];
  const circuits = new Map<string, { waiting: number; active: number; done: number; failed: number; cancelled: number }>();
  for (const row of counts) {
    const circuit = row.name.slice(QUEUE_PREFIX.length);
    const entry = circuits.get(circuit) ?? { waiting: 0, active: 0, done: 0, failed: 0, cancelled: 0 };
    const n = Number(row.n);
    if (row.state === 'created' || row.state === 'retry') entry.waiting += n;
    else if (row.state === 'active') entry.active += n;
    else if (row.state === 'completed') {
      entry.failed += Number(row.errors);
      entry.done += n - Number(row.errors);
    } else if (row.state === 'failed') entry.failed += n;
    else if (row.state === 'cancelled') entry.cancelled += n;
    circuits.set(circuit, entry);
  }
  const workers = (
    await db.executeSql(
      `SELECT *, extract(epoch FROM now() - last_seen) AS silent, extract(epoch FROM last_seen - started_on) AS uptime FROM zkr_queue.worker ORDER BY id`,
    )
  ).rows as WorkerRow[];
  return {
    circuits: [...circuits].map(([circuit, c]) => ({ circuit, ...c })).sort((a, b) => a.circuit.localeCompare(b.circuit)),
    workers: workers.map((w) => ({
      id: w.id,
      host: w.host,
      pid: w.pid,
      circuits: w.circuits,
      startedOn: w.started_on.toISOString(),
      lastSeen: w.last_seen.toISOString(),
      silentSeconds: Number(w.silent),
      stopped: w.stopped,
      proved: w.proved,
      refused: w.refused,
      failed: w.failed,
      proofsPerMinute: Number(w.uptime) > 0 ? (w.proved * 60) / Number(w.uptime) : 0,
    })),
  };
}

/** Opens the queue, reads its status, closes it. */
export async function queueStatus(connectionString: string): Promise<QueueStatus> {
  const boss = await openBoss({ connectionString, supervise: false });
  try {
    return await readQueueStatus(boss);
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}
