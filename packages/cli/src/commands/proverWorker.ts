// `zkr prover-worker`: a prover worker process on any machine, taking proving jobs from the
// PostgreSQL job queue (@zkr/queue) until SIGINT or SIGTERM; `--status` reads the queue instead.
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { QueueStatus } from '@zkr/queue';
import { UsageError } from '../errors.js';
import type { Run } from '../io.js';
import { loadCircuits, loadQueue } from '../lazy.js';
import { parsePositive } from '../parse.js';

interface ProverWorkerOptions {
  queue?: string;
  circuits?: string;
  concurrency?: string;
  name?: string;
  status?: boolean;
}

/** The job queue's database URL (`--queue`, else $ZKR_QUEUE_URL). */
export function parseQueueUrl(value: string | undefined): string {
  const url = value ?? process.env.ZKR_QUEUE_URL;
  if (url === undefined) throw new UsageError('--queue is required: a PostgreSQL URL such as postgres://user:password@host:5432/db (or set ZKR_QUEUE_URL)');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError(`--queue must be a postgres:// or postgresql:// URL, received ${JSON.stringify(url)}`);
  return url;
}

async function circuitNames(value: string | undefined): Promise<string[]> {
  const { loadRegistry } = await loadCircuits();
  if (value === undefined)
    return loadRegistry()
      .filter((i) => i.use === 'test')
      .map((i) => i.name);
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new UsageError('--circuits must name at least one registry instance');
  return names;
}

function formatStatus(status: QueueStatus): string {
  const lines = ['circuit        waiting  active    done  failed  cancelled'];
  for (const c of status.circuits)
    lines.push(
      `${c.circuit.padEnd(14)} ${String(c.waiting).padStart(7)} ${String(c.active).padStart(7)} ${String(c.done).padStart(7)} ${String(c.failed).padStart(7)} ${String(c.cancelled).padStart(10)}`,
    );
  lines.push('', 'worker                          proved  refused  failed  proofs/min  last seen');
  for (const w of status.workers) {
    const seen = w.stopped ? 'stopped' : `${w.silentSeconds.toFixed(0)} s ago`;
    lines.push(
      `${w.id.padEnd(31)} ${String(w.proved).padStart(6)} ${String(w.refused).padStart(8)} ${String(w.failed).padStart(7)} ${w.proofsPerMinute.toFixed(1).padStart(11)}  ${seen}`,
    );
  }
  return lines.join('\n');
}

export function registerProverWorkerCommand(program: Command, run: Run): void {
  program
    .command('prover-worker')
    .description('prove jobs from the PostgreSQL job queue on this machine until stopped (Ctrl-C), or print the queue status')
    .option('--queue <url>', 'the queue database: postgres://user:password@host:port/db (default: $ZKR_QUEUE_URL)')
    .option('--circuits <names>', 'comma-separated registry instances to prove, each set up in the local cache (default: the test instances)')
    .option('--concurrency <n>', 'proofs at once in this process, one single-threaded pool worker each (default: one per core)')
    .option('--name <id>', 'this worker in the status (default: host:pid)')
    .option('--status', "print jobs waiting / active / done / failed and each worker's throughput and last report, then exit")
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ zkr prover-worker --queue postgres://zkr:secret@10.0.0.5:5432/zkr --circuits batch_1_d8,batch_2_d8',
        '  $ zkr prover-worker --queue postgres://zkr:secret@10.0.0.5:5432/zkr --status --json',
        '',
        'A job carries the hash of the setup it must be proved with; a worker whose artifacts differ refuses it. See docs/protocol.md §11.',
      ].join('\n'),
    )
    .action((options: ProverWorkerOptions) =>
      run(async (output) => {
        const connectionString = parseQueueUrl(options.queue);
        const { queueStatus, runWorkerUntilSignalled } = await loadQueue();
        if (options.status) {
          const status = await queueStatus(connectionString);
          output.result(formatStatus(status), status);
          return;
        }
        const circuits = await circuitNames(options.circuits);
        const concurrency = options.concurrency === undefined ? availableParallelism() : parsePositive(options.concurrency, '--concurrency');
        output.info(`prover worker: ${circuits.join(', ')} with ${concurrency} proof(s) at once; stop with Ctrl-C`);
        const worker = await runWorkerUntilSignalled({
          connectionString,
          circuits,
          concurrency,
          ...(options.name === undefined ? {} : { name: options.name }),
          onError: (error) => output.info(`queue: ${error.message}`),
          onJob: ({ jobId, circuitId, outcome, ms }) => output.info(`${outcome} ${circuitId} job ${jobId} in ${(ms / 1000).toFixed(1)} s`),
        });
        const stats = worker.stats();
        output.result(`worker ${worker.id} stopped: ${stats.proved} proved, ${stats.refused} refused, ${stats.failed} failed`, { worker: worker.id, ...stats });
      }),
    );
}
