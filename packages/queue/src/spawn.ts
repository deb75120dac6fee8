// Worker processes started from this machine (tests, benchmarks): `node WORKER_MAIN '<json>'`,
// each followed through its stdout lines, so a caller knows which job a process holds.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { WORKER_MAIN } from './paths.js';

/** What a worker process is launched with (JSON: no callbacks). */
export interface WorkerProcessLaunch {
  readonly connectionString: string;
  readonly circuits: readonly string[];
  readonly name: string;
  readonly concurrency?: number;
  readonly superviseSeconds?: number;
  readonly cacheDir?: string;
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** The job it holds now (between its "start" line and its outcome line). */
  current: string | undefined;
  /** "<outcome> <jobId>" per finished job. */
  readonly finished: string[];
}

export async function spawnWorkerProcess(launch: WorkerProcessLaunch): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [WORKER_MAIN, JSON.stringify(launch)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const worker: WorkerProcess = { child, name: launch.name, current: undefined, finished: [] };
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout! });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`worker ${launch.name} exited (${code}) before it was ready: ${stderr}`)));
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
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return worker;
}

/** Ends a worker process by its pid (SIGTERM lets it finish its jobs; SIGKILL does not). */
export async function stopWorkerProcess(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.child.once('exit', resolve));
  worker.child.kill(signal);
  await exited;
}
