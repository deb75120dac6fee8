// `zkr prover-worker` against a real PostgreSQL the test starts: the worker takes a job and
// refuses it for stale artifacts (typed, through the queue), reports itself in `--status`, and
// stops on SIGTERM with its counters; `zkr submit --queue` has its batch proved by such a worker
// and verified on L1 (anvil).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupCircuit } from '@zkr/circuits';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { ArtifactMismatchError, QueueProver, queueStatus, startEmbeddedPostgres, type EmbeddedPostgresServer } from '@zkr/queue';
import { FEE_L2_KEY, OPERATOR_KEY, tempDir, writeIn, zkr, zkrJson } from './zkr.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
let server: EmbeddedPostgresServer;

beforeAll(async () => {
  await setupCircuit({ name: 'batch_1_d8' });
  server = await startEmbeddedPostgres();
}, 600_000);

afterAll(async () => {
  await server?.destroy();
});

/** `zkr --json prover-worker` in the background, registered in the queue before this returns. */
async function startCliWorker(name: string): Promise<{ stop: () => Promise<{ code: number | null; result: unknown }> }> {
  const child = spawn(process.execPath, [
    BIN,
    '--json',
    'prover-worker',
    '--queue',
    server.connectionString,
    '--circuits',
    'batch_1_d8',
    '--concurrency',
    '1',
    '--name',
    name,
  ]);
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (let i = 0; i < 1200 && !(await queueStatus(server.connectionString)).workers.some((w) => w.id === name && !w.stopped); i++) {
    if (child.exitCode !== null) throw new Error(`zkr prover-worker exited ${child.exitCode}: ${stdout}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      return { code, result: stdout.trim() === '' ? undefined : JSON.parse(stdout) };
    },
  };
}

describe('zkr prover-worker', () => {
  it('needs a postgres:// queue URL (bad input)', async () => {
    expect((await zkr(['prover-worker'])).code).toBe(2);
    expect((await zkr(['prover-worker', '--queue', 'redis://127.0.0.1:6379'])).code).toBe(2);
  });

  it('takes jobs, refuses one whose artifacts differ from its own, shows in --status and stops on SIGTERM', async () => {
    const worker = await startCliWorker('cli-worker');
    try {
      const client = await QueueProver.connect({ connectionString: server.connectionString, circuits: { batch_1_d8: 'aa'.repeat(32) }, retryLimit: 0 });
      try {
        await expect(client.prove('batch_1_d8', { oldRoot: '1' })).rejects.toBeInstanceOf(ArtifactMismatchError);
      } finally {
        await client.close();
      }
      // The worker reports its counters every 2 s; zkr starts faster than that, so ask until the
      // report after the refusal is in (the job's own state is final already).
      type Status = { circuits: { circuit: string; failed: number }[]; workers: { id: string; refused: number }[] };
      const askStatus = () => zkrJson<Status>(['prover-worker', '--queue', server.connectionString, '--status']);
      let status = await askStatus();
      for (let i = 0; i < 20 && status.workers.find((w) => w.id === 'cli-worker')?.refused === 0; i++) {
        await new Promise((r) => setTimeout(r, 500));
        status = await askStatus();
      }
      expect(status.circuits).toEqual([expect.objectContaining({ circuit: 'batch_1_d8', failed: 1 })]);
      expect(status.workers).toEqual([expect.objectContaining({ id: 'cli-worker', refused: 1 })]);
    } finally {
      const stopped = await worker.stop();
      expect(stopped.code).toBe(0);
      expect(stopped.result).toMatchObject({ worker: 'cli-worker', proved: 0, refused: 1 });
    }
  });
});

describe('zkr submit --queue', () => {
  let anvil: Anvil;
  beforeAll(async () => {
    anvil = await startAnvil();
  });
  afterAll(async () => {
    await anvil?.stop();
  });

  it('has the batch proved by a prover worker and verified on L1', async () => {
    const dir = tempDir('zkr-queue-');
    const deployment = join(dir, 'deployment.json');
    const operatorEnv = { ZKR_PRIVATE_KEY: OPERATOR_KEY };
    await zkrJson(['deploy', '--rpc', anvil.rpcUrl, '--circuits', 'batch_1_d8', '--out', deployment], operatorEnv);
    await zkrJson(['deposit', '-d', deployment, '--l2-key', FEE_L2_KEY, '--amount', '1'], operatorEnv);
    const worker = await startCliWorker('submit-worker');
    try {
      const ops = writeIn(dir, 'deposit.json', [{ type: 'deposit', accountIndex: 0 }]);
      const batch = await zkrJson<{ batchNumber: number; batchSize: number }>(
        ['submit', '-d', deployment, '--ops', ops, '--queue', server.connectionString],
        operatorEnv,
      );
      expect(batch).toMatchObject({ batchNumber: 1, batchSize: 1 });
    } finally {
      const stopped = await worker.stop();
      expect(stopped.result).toMatchObject({ worker: 'submit-worker', proved: 1 });
    }
  });
});
