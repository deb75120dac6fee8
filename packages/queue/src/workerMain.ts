// A worker process for tests and benchmarks, which cannot depend on the CLI: one JSON argument
// ({connectionString, circuits, concurrency?, name?, cacheDir?}); prints "ready" once it takes jobs.
// Operators use `zkr prover-worker`, which runs the same worker.
import { startWorkerFor, type WorkerLaunch } from './run.js';

const launch = JSON.parse(process.argv[2] ?? '{}') as WorkerLaunch;
// One line per job event on stdout, so a test can kill this process while it holds a job.
const worker = await startWorkerFor({
  ...launch,
  onError: (e) => process.stderr.write(`worker ${process.pid}: ${e.message}\n`),
  onJobStart: ({ jobId }) => process.stdout.write(`start ${jobId}\n`),
  onJob: ({ jobId, outcome }) => process.stdout.write(`${outcome} ${jobId}\n`),
});
process.stdout.write(`ready ${worker.id}\n`);
const stop = (): void => void worker.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
