// `zkr node` as a child process: started with --json, so its events are JSON lines on stdout, and
// stopped by its pid (SIGTERM, a clean close; SIGKILL if it has not exited after a grace period).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { OperationError } from './errors.js';

export interface NodeProcess {
  readonly url: string;
  readonly pid: number;
  /** SIGTERM and wait for the exit; SIGKILL after `graceMs`. Resolves to how it ended. */
  stop(graceMs?: number): Promise<'stopped' | 'killed'>;
}

export interface NodeProcessOptions {
  /** `zkr node`'s options, without --json (added here). */
  readonly args: readonly string[];
  /** The operator's L1 key, handed over in the environment (never on the command line). */
  readonly operatorKey: string;
  /** Each `log` event of the node. */
  readonly onLog?: (message: string) => void;
  readonly startTimeoutMs?: number;
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

interface NodeEvent {
  readonly event: string;
  readonly url?: string;
  readonly message?: string;
}

/** A line that is no event (something a library printed) is passed on as a log line. */
function parseEvent(line: string): NodeEvent {
  try {
    return JSON.parse(line) as NodeEvent;
  } catch {
    return { event: 'log', message: line };
  }
}

export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
  const child = spawn(process.execPath, [bin, '--json', 'node', ...options.args], {
    env: { ...process.env, ZKR_OPERATOR_KEY: options.operatorKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const stop = async (graceMs = 30_000): Promise<'stopped' | 'killed'> => {
    if (child.exitCode !== null || child.signalCode !== null) return 'stopped';
    child.kill('SIGTERM');
    const timer = new Promise<'killed'>((resolve) => setTimeout(() => resolve('killed'), graceMs).unref());
    const how = await Promise.race([exited(child).then(() => 'stopped' as const), timer]);
    if (how === 'killed') {
      child.kill('SIGKILL');
      await exited(child);
    }
    return how;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timeout = setTimeout(
        () => reject(new OperationError(`zkr node did not listen within ${options.startTimeoutMs ?? 120_000} ms`)),
        options.startTimeoutMs ?? 120_000,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const event = parseEvent(line);
        if (event.event === 'log') options.onLog?.(event.message ?? '');
        if (event.event === 'listening') {
          clearTimeout(timeout);
          resolve(event.url!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timeout);
        reject(new OperationError(`zkr node exited (${code}) before listening: ${stderr.join('').trim()}`));
      });
    });
    return { url, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
