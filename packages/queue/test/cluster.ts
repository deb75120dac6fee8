// Test harness: a real PostgreSQL server, worker processes started with `node WORKER_MAIN`, and
// circuit inputs made by @zkr/core. Every process started here is stopped here, by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { computeDomain, publicKeyOf, RollupState, type BatchResult } from '@zkr/core';
import { WORKER_MAIN } from '../dist/index.js';

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly id: string;
  /** The job it holds now (between its "start" and its outcome line). */
  current: string | undefined;
  readonly finished: string[];
}

export async function spawnWorker(connectionString: string, circuits: readonly string[], name: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [WORKER_MAIN, JSON.stringify({ connectionString, circuits, name, superviseSeconds: 2 })], { stdio: ['ignore', 'pipe', 'pipe'] });
  const worker: WorkerProcess = { child, id: name, current: undefined, finished: [] };
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker ${name} exited (${code}) before it was ready: ${stderr}`)));
    lines.on('line', (line) => {
      const [event, jobId] = line.split(' ');
      if (event === 'ready') resolve();
      else if (event === 'start') worker.current = jobId;
      else {
        worker.current = undefined;
        worker.finished.push(`${event} ${jobId}`);
      }
    });
  });
  return worker;
}

export async function killWorker(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.child.once('exit', resolve));
  worker.child.kill(signal);
  await exited;
}

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `count` distinct batch_1_d8 batches: one deposit each, of a different amount. */
export function depositBatches(count: number): BatchResult[] {
  const domain = computeDomain(31337n, `0x${'5f'.repeat(20)}`);
  const owner = publicKeyOf(new Uint8Array(32).fill(7));
  return Array.from({ length: count }, (_, i) => {
    const state = RollupState.empty({ depth: 8 });
    state.enqueuePriority({ type: 'deposit', accountIndex: 0, tokenId: 0n, amount: BigInt(i + 1) * 10n ** 9n, ...owner });
    return state.applyBatch({ operations: [{ type: 'deposit', accountIndex: 0 }], batchSize: 1, feeAccountIndex: 0, domain });
  });
}
