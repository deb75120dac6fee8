// Worker bookkeeping in the queue's own database (schema zkr_queue): each worker process writes
// its counters and last-seen time, so status shows per-worker throughput from any machine.
import type { PgBoss } from 'pg-boss';

type Db = ReturnType<PgBoss['getDb']>;

// One simple-protocol statement list runs as one transaction; the advisory lock keeps workers
// that start together from racing on CREATE ... IF NOT EXISTS.
const SCHEMA = `
BEGIN;
SELECT pg_advisory_xact_lock(7263514);
CREATE SCHEMA IF NOT EXISTS zkr_queue;
CREATE TABLE IF NOT EXISTS zkr_queue.worker (
  id text PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  circuits text[] NOT NULL,
  started_on timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now(),
  stopped boolean NOT NULL DEFAULT false,
  proved integer NOT NULL DEFAULT 0,
  refused integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  busy_ms double precision NOT NULL DEFAULT 0
);
COMMIT;`;

export async function ensureRegistry(db: Db): Promise<void> {
  await db.executeSql(SCHEMA);
}

export interface WorkerCounters {
  readonly proved: number;
  readonly refused: number;
  readonly failed: number;
  readonly busyMs: number;
}

export interface WorkerIdentity {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly circuits: readonly string[];
}

export async function registerWorker(db: Db, worker: WorkerIdentity): Promise<void> {
  await db.executeSql(
    `INSERT INTO zkr_queue.worker (id, host, pid, circuits) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET host = $2, pid = $3, circuits = $4, started_on = now(), last_seen = now(), stopped = false, proved = 0, refused = 0, failed = 0, busy_ms = 0`,
    [worker.id, worker.host, worker.pid, worker.circuits],
  );
}

export async function reportWorker(db: Db, id: string, counters: WorkerCounters, stopped = false): Promise<void> {
  await db.executeSql(`UPDATE zkr_queue.worker SET last_seen = now(), proved = $2, refused = $3, failed = $4, busy_ms = $5, stopped = $6 WHERE id = $1`, [
    id,
    counters.proved,
    counters.refused,
    counters.failed,
    counters.busyMs,
    stopped,
  ]);
}
