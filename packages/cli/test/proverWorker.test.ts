// `zkr prover-worker` against a real PostgreSQL the test starts: the worker takes a job and
// refuses it for stale artifacts (typed, through the queue), reports itself in `--status`, and
// stops on SIGTERM with its counters.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setupCircuit } from '@zkr/circuits';
import { ArtifactMismatchError, QueueProver, queueStatus, startEmbeddedPostgres, type EmbeddedPostgresServer } from '@zkr/queue';
import { zkr, zkrJson } from './zkr.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
let server: EmbeddedPostgresServer;

beforeAll(async () => {
  await setupCircuit({ name: 'batch_1_d8' });
  server = await startEmbeddedPostgres();
});

afterAll(async () => {
  await server?.destroy();
});

describe('zkr prover-worker', () => {
  it('needs a postgres:// queue URL (bad input)', async () => {
    expect((await zkr(['prover-worker'])).code).toBe(2);
    expect((await zkr(['prover-worker', '--queue', 'redis://127.0.0.1:6379'])).code).toBe(2);
  });

  it('takes jobs, refuses one whose artifacts differ from its own, shows in --status and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '--json', 'prover-worker', '--queue', server.connectionString, '--circuits', 'batch_1_d8', '--concurrency', '1', '--name', 'cli-worker']);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      for (let i = 0; i < 600 && !(await queueStatus(server.connectionString)).workers.some((w) => w.id === 'cli-worker'); i++) await new Promise((r) => setTimeout(r, 100));
      const client = await QueueProver.connect({ connectionString: server.connectionString, circuits: { batch_1_d8: 'aa'.repeat(32) }, retryLimit: 0 });
      try {
        await expect(client.prove('batch_1_d8', { oldRoot: '1' })).rejects.toBeInstanceOf(ArtifactMismatchError);
      } finally {
        await client.close();
      }
      const status = await zkrJson<{ circuits: { circuit: string; failed: number }[]; workers: { id: string; refused: number }[] }>(['prover-worker', '--queue', server.connectionString, '--status']);
      expect(status.circuits).toEqual([expect.objectContaining({ circuit: 'batch_1_d8', failed: 1 })]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ worker: 'cli-worker', proved: 0, refused: 1 });
  });
});
