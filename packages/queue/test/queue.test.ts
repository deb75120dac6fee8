// Proving across processes on a real PostgreSQL the test starts itself: three worker processes,
// one killed with SIGKILL mid-proof, the database restarted mid-run; every job completes exactly
// once and every proof verifies. Then the refusals: stale artifacts, malformed payloads.
import { setupCircuit } from '@zkr/circuits';
import { AbortError, createProver, InputError, QueueFullError, TimeoutError, WitnessError, type Prover } from '@zkr/prover';
import { PgBoss } from 'pg-boss';
import {
  ArtifactMismatchError,
  MalformedJobError,
  localArtifactHashes,
  queueNameOf,
  QueueProver,
  readQueueStatus,
  startEmbeddedPostgres,
  type EmbeddedPostgresServer,
  spawnWorkerProcess,
  stopWorkerProcess,
  type QueueProofResult,
  type WorkerProcess,
} from '../dist/index.js';
import { depositBatches, until } from './cluster.js';

const CIRCUIT = 'batch_1_d8';
// 200 by default (the figure); ZKR_QUEUE_JOBS lowers it on a slow machine.
const JOBS = Number(process.env.ZKR_QUEUE_JOBS ?? 200);

let server: EmbeddedPostgresServer;
let workers: WorkerProcess[] = [];
let client: QueueProver;
let verifier: Prover;
let boss: PgBoss;
let hashes: Record<string, string>;

beforeAll(async () => {
  const artifacts = await setupCircuit({ name: CIRCUIT });
  verifier = createProver({ circuits: { [CIRCUIT]: artifacts }, workers: 1 });
  server = await startEmbeddedPostgres();
  hashes = await localArtifactHashes([CIRCUIT]);
  workers = await Promise.all(
    [0, 1, 2].map((i) => spawnWorkerProcess({ connectionString: server.connectionString, circuits: [CIRCUIT], name: `worker-${i}`, superviseSeconds: 2 })),
  );
  client = await QueueProver.connect({ connectionString: server.connectionString, circuits: hashes, superviseSeconds: 2, maxQueue: 1000 });
  boss = new PgBoss({ connectionString: server.connectionString, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  await boss.start();
});

afterAll(async () => {
  for (const worker of workers) await stopWorkerProcess(worker, 'SIGKILL');
  await client?.close();
  await boss?.stop({ graceful: false, close: true });
  await verifier?.close();
  await server?.destroy();
});

async function jobRows(): Promise<{ id: string; state: string; retry_count: number; output: { worker?: string; ok?: boolean } }[]> {
  const { rows } = await boss
    .getDb()
    .executeSql(`SELECT id::text AS id, state::text AS state, retry_count, output FROM pgboss.job WHERE name = $1`, [queueNameOf(CIRCUIT)]);
  return rows as never;
}

interface SettledJob {
  readonly state: string;
  readonly output: { ok: boolean; error: { code: string; details: { field?: string } } };
}

async function settledJob(id: string): Promise<SettledJob> {
  const read = async (): Promise<SettledJob | undefined> =>
    (await boss.getDb().executeSql(`SELECT state::text AS state, output FROM pgboss.job WHERE id = $1::uuid`, [id])).rows[0] as SettledJob | undefined;
  await until(async () => ['completed', 'failed'].includes((await read())?.state ?? ''), `job ${id}`);
  return (await read())!;
}

describe('malformed jobs', () => {
  it.each([
    ['payload', 'not an object'],
    ['v', { v: 9, circuitId: CIRCUIT, artifactsHash: 'ab'.repeat(32), input: { a: '1' } }],
    ['artifactsHash', { v: 1, circuitId: CIRCUIT, artifactsHash: 'nope', input: { a: '1' } }],
    ['input.a', { v: 1, circuitId: CIRCUIT, artifactsHash: 'ab'.repeat(32), input: { a: 'one' } }],
  ])('a payload with a bad %s put on the queue directly comes back as a MalformedJobError naming it, without retries', async (field, data) => {
    const id = await boss.send(queueNameOf(CIRCUIT), data as object, { retryLimit: 3 });
    const job = await settledJob(id!);
    expect(job.state).toBe('completed');
    expect(job.output.ok).toBe(false);
    expect(job.output.error.code).toBe(MalformedJobError.code);
    expect(job.output.error.details.field).toBe(field);
  });

  it('an input the circuit rejects is a typed error from the worker, not a retry', async () => {
    const input = { ...depositBatches(1)[0]!.circuitInput, newRoot: '12345' };
    await expect(client.prove(CIRCUIT, input)).rejects.toBeInstanceOf(WitnessError);
    await expect(client.prove(CIRCUIT, { nonsense: '1' })).rejects.toBeInstanceOf(InputError);
  });

  it('an input that is not integers never reaches the queue', async () => {
    await expect(client.prove(CIRCUIT, { oldRoot: 1.5 })).rejects.toBeInstanceOf(InputError);
  });
});

describe('stale artifacts', () => {
  it("a worker whose setup differs from the job's refuses it with ArtifactMismatchError", async () => {
    const stale = await QueueProver.connect({
      connectionString: server.connectionString,
      circuits: { [CIRCUIT]: 'ee'.repeat(32) },
      retryLimit: 1,
      retryDelaySeconds: 1,
    });
    try {
      const error = await stale.prove(CIRCUIT, depositBatches(1)[0]!.circuitInput).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArtifactMismatchError);
      expect((error as ArtifactMismatchError).details).toMatchObject({ circuitId: CIRCUIT, expected: 'ee'.repeat(32), actual: hashes[CIRCUIT] });
    } finally {
      await stale.close();
    }
    await until(async () => (await readQueueStatus(boss)).workers.reduce((n, w) => n + w.refused, 0) >= 2, 'the refusals in status', 10_000);
  });
});

describe('backpressure, cancellation, timeout', () => {
  it('refuses a job past maxQueue, cancels a job on abort and on timeout', async () => {
    const idle = await QueueProver.connect({ connectionString: server.connectionString, circuits: { nobody_proves_this: 'cd'.repeat(32) }, maxQueue: 1 });
    const queue = queueNameOf('nobody_proves_this');
    try {
      const controller = new AbortController();
      const waiting = idle.prove('nobody_proves_this', { a: '1' }, { signal: controller.signal }).catch((e: unknown) => e);
      await until(async () => (await idle.depth(queue)) === 1, 'the job queued', 10_000);
      await expect(idle.prove('nobody_proves_this', { a: '2' })).rejects.toBeInstanceOf(QueueFullError);
      controller.abort();
      expect(await waiting).toBeInstanceOf(AbortError);
      await until(async () => (await idle.depth(queue)) === 0, 'the cancellation', 10_000);
      await expect(idle.prove('nobody_proves_this', { a: '3' }, { timeoutMs: 300 })).rejects.toBeInstanceOf(TimeoutError);
      await until(async () => (await idle.depth(queue)) === 0, 'the cancellation after the timeout', 10_000);
    } finally {
      await idle.close();
    }
  });
});

describe(`${JOBS} jobs on 3 worker processes`, () => {
  it('complete exactly once with verifying proofs through a SIGKILLed worker and a database restart', async () => {
    const batches = depositBatches(JOBS);
    const started = performance.now();
    const results: (QueueProofResult | Error)[] = [];
    let settled = 0;
    const all = Promise.all(
      batches.map((b, i) =>
        client.prove(CIRCUIT, b.circuitInput).then(
          (r) => {
            results[i] = r;
            settled++;
          },
          (e: Error) => {
            results[i] = e;
            settled++;
          },
        ),
      ),
    );

    const progress = setInterval(
      () => process.stderr.write(`[queue test] ${settled}/${JOBS} settled after ${((performance.now() - started) / 1000).toFixed(0)} s\n`),
      15_000,
    );
    // Generous: 3 workers share 2 cores with everything else the machine runs.
    const patience = 60_000 + JOBS * 15_000;

    let orphan = '';
    try {
      // SIGKILL a worker while it holds a job.
      await until(() => settled >= Math.min(10, JOBS / 4) && workers[0]!.current !== undefined, 'worker-0 mid-proof', patience);
      orphan = workers[0]!.current!;
      await stopWorkerProcess(workers[0]!, 'SIGKILL');

      // Restart the database once about half the jobs are done.
      await until(() => settled >= JOBS / 2, 'half the jobs', patience);
      await server.stop();
      await new Promise((r) => setTimeout(r, 2000));
      await server.resume();

      await all;
    } finally {
      clearInterval(progress);
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${JOBS} jobs in ${seconds.toFixed(1)} s (${((seconds * 1000) / JOBS).toFixed(0)} ms per job, 3 workers then 2)\n`);

    const failures = results.filter((r): r is Error => r instanceof Error);
    expect(failures.map((e) => e.message)).toEqual([]);
    const proofs = results as QueueProofResult[];
    expect(new Set(proofs.map((r) => r.jobId)).size).toBe(JOBS);
    for (const [i, result] of proofs.entries()) {
      expect(result.publicSignals).toEqual(batches[i]!.publicSignals.map(String));
      expect(await verifier.verify(CIRCUIT, result.proof, result.publicSignals)).toBe(true);
    }

    // Exactly once: each job completed once, with a proof; the orphan by another worker, on a retry.
    const rows = (await jobRows()).filter((r) => proofs.some((p) => p.jobId === r.id));
    expect(rows).toHaveLength(JOBS);
    expect(rows.every((r) => r.state === 'completed' && r.output.ok === true)).toBe(true);
    const orphanRow = rows.find((r) => r.id === orphan)!;
    expect(orphanRow.retry_count).toBeGreaterThanOrEqual(1);
    expect(orphanRow.output.worker).not.toBe('worker-0');
    // A late result of the killed attempt (retry 0) is ignored: completion is fenced to the attempt.
    const late = (await boss.complete(queueNameOf(CIRCUIT), { id: orphan, retryCount: 0 }, { ok: true, worker: 'worker-0' })) as { affected: number };
    expect(late.affected).toBe(0);
    expect((await jobRows()).find((r) => r.id === orphan)!.output.worker).toBe(orphanRow.output.worker);
    const provedBy = new Map<string, number>();
    for (const p of proofs) provedBy.set(p.worker, (provedBy.get(p.worker) ?? 0) + 1);
    expect([...provedBy.keys()].sort()).toEqual(expect.arrayContaining(['worker-1', 'worker-2']));

    const status = await readQueueStatus(boss);
    const circuit = status.circuits.find((c) => c.circuit === CIRCUIT)!;
    expect(circuit).toMatchObject({ waiting: 0, active: 0 });
    expect(circuit.done).toBeGreaterThanOrEqual(JOBS);
    const live = status.workers.filter((w) => w.id !== 'worker-0');
    expect(live.every((w) => w.proofsPerMinute > 0 && w.silentSeconds < 30)).toBe(true);
  });
});
