// `zkr node`: the long-running operator of @zkr/node (HTTP API, durable store, batcher, proving,
// crash-safe L1 submission; docs/protocol.md §13) until SIGINT or SIGTERM. A command like the
// others: its options are checked by the CLI's parsers (exit 2 naming the option) and map onto
// startNode's options; `zkr-node`, the node package's own binary, stays as it is.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Backend } from '@zkr/prover';
import type { NodeOptions } from '@zkr/node';
import { UsageError } from '../errors.js';
import type { Output, Run } from '../io.js';
import { bareOrDeployedTarget, parseL1Key, withRollup } from '../l1.js';
import { loadCircuits, loadNode } from '../lazy.js';
import { parseCount, parsePositive } from '../parse.js';
import { localProver, queueProver } from '../provers.js';

/** The variable zkr-node reads too (@zkr/node's OPERATOR_KEY_ENV, not imported: --help loads no node). */
export const OPERATOR_KEY_ENV = 'ZKR_OPERATOR_KEY';

interface NodeCommandOptions {
  deployment?: string;
  rpc?: string;
  rollup?: string;
  circuit?: string;
  setup?: string;
  operatorKeyFile?: string;
  db?: string;
  dataDir: string;
  host: string;
  port: string;
  feeAccount: string;
  batchesPerTx: string;
  maxWaitMs: string;
  confirmations: string;
  pollMs: string;
  rateLimit: string;
  queue?: string;
  backend: string;
}

/** The operator's L1 key from a file or the environment, never the command line (`ps` shows it). */
function operatorKeyOf(file: string | undefined): string {
  if (file !== undefined) {
    if (!existsSync(file)) throw new UsageError(`operator key file not found: ${file}`, { field: '--operator-key-file' });
    return parseL1Key(readFileSync(file, 'utf8').trim(), '--operator-key-file');
  }
  const value = process.env[OPERATOR_KEY_ENV];
  if (value === undefined || value === '')
    throw new UsageError(`no operator key: pass --operator-key-file FILE or set $${OPERATOR_KEY_ENV}`, { field: '--operator-key-file' });
  return parseL1Key(value.trim(), OPERATOR_KEY_ENV);
}

function parseBackend(value: string): Backend | 'auto' {
  if (value === 'auto' || value === 'native' || value === 'snarkjs') return value;
  throw new UsageError(`--backend must be auto, native or snarkjs, received ${JSON.stringify(value)}`, { field: '--backend' });
}

function parseDatabase(options: NodeCommandOptions): NodeOptions['database'] {
  if (options.db === undefined) return { dataDir: options.dataDir };
  if (!/^postgres(ql)?:\/\//.test(options.db))
    throw new UsageError(`--db must be a postgres:// or postgresql:// URL, received ${JSON.stringify(options.db)}`, { field: '--db' });
  return { url: options.db };
}

function parsePort(value: string): number {
  const port = parseCount(value, '--port');
  if (port > 65535) throw new UsageError(`--port must be at most 65535, received ${value}`, { field: '--port' });
  return port;
}

/** The circuit the node proves with: --circuit, else the deployment's largest batch size. */
function circuitOf(options: NodeCommandOptions, deployed: Readonly<Record<number, string>> | undefined): string {
  if (options.circuit === undefined) {
    const largest = Object.keys(deployed ?? {})
      .map(Number)
      .sort((a, b) => b - a)[0];
    if (largest === undefined) throw new UsageError('--circuit is required without --deployment', { field: '--circuit' });
    return deployed![largest]!;
  }
  if (deployed !== undefined && !Object.values(deployed).includes(options.circuit)) {
    throw new UsageError(`--circuit ${options.circuit} is not one of the deployment's circuits (${Object.values(deployed).join(', ')})`, {
      field: '--circuit',
    });
  }
  return options.circuit;
}

/**
 * Under --json one JSON line per event on stdout, as zkr-node prints them ({"event":"listening",
 * "url":...} once ready); otherwise lines for people on stderr.
 */
function eventWriter(output: Output): (event: string, fields?: Record<string, unknown>) => void {
  return (event, fields = {}) => {
    if (output.json) process.stdout.write(`${JSON.stringify({ event, at: new Date().toISOString(), ...fields })}\n`);
    else
      output.info(
        event === 'log'
          ? `  ${String(fields.message)}`
          : `${event}${
              Object.keys(fields).length === 0
                ? ''
                : ` ${Object.entries(fields)
                    .map(([k, v]) => `${k}=${String(v)}`)
                    .join(' ')}`
            }`,
      );
  };
}

const untilSignalled = (): Promise<NodeJS.Signals> =>
  new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

/** A clean close that still leaves a handle open must not keep the stopped node's process alive. */
const EXIT_GRACE_MS = 2000;

async function runNode(options: NodeCommandOptions, output: Output): Promise<void> {
  // Every option is checked before anything is loaded or touched.
  const target = bareOrDeployedTarget(options, 'zkr node');
  const circuit = circuitOf(options, target.deployment?.circuits);
  const operatorKey = operatorKeyOf(options.operatorKeyFile);
  const backend = parseBackend(options.backend);
  const database = parseDatabase(options);
  const batchesPerTransaction = parsePositive(options.batchesPerTx, '--batches-per-tx');
  const settings = {
    feeAccountIndex: parseCount(options.feeAccount, '--fee-account'),
    maxWaitMs: parseCount(options.maxWaitMs, '--max-wait-ms'),
    confirmations: parsePositive(options.confirmations, '--confirmations'),
    pollMs: parsePositive(options.pollMs, '--poll-ms'),
    rateLimit: { max: parsePositive(options.rateLimit, '--rate-limit'), windowMs: 60_000 },
    host: options.host,
    port: parsePort(options.port),
  };

  // An unreachable RPC (exit 1), another chain than the deployment's or no rollup at --rollup
  // (exit 2) are reported here, before the store is opened and the node starts polling.
  await withRollup(target, undefined, async () => undefined);
  const { getInstance, loadArtifacts } = await loadCircuits();
  const { batchSize } = getInstance(circuit);
  // The setup the deployment's verifier was made from, unless --setup says otherwise.
  const setup = options.setup ?? target.deployment?.verifiers?.[batchSize]?.setup;
  const artifacts = await loadArtifacts(circuit, setup === undefined ? {} : { setup });
  const prover =
    options.queue === undefined
      ? await localProver({ [circuit]: artifacts }, batchesPerTransaction, backend)
      : await queueProver(options.queue, { [circuit]: artifacts });
  const emit = eventWriter(output);
  try {
    const { startNode } = await loadNode();
    const node = await startNode({
      rpcUrl: target.rpc,
      rollupAddress: target.rollup,
      operatorKey,
      prove: (id, input) => prover.prove(id, input as Record<string, unknown>),
      circuits: { [batchSize]: circuit },
      batchSize,
      batchesPerTransaction,
      database,
      ...settings,
      log: (message) => emit('log', { message }),
    });
    emit('listening', { url: node.url, pid: process.pid, circuit, batchesPerTransaction });
    output.info('stop with Ctrl-C (SIGINT) or SIGTERM');
    const signal = await untilSignalled();
    emit('stopping', { signal });
    await node.close();
  } finally {
    await prover.close();
  }
  emit('stopped');
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}

export function registerNodeCommand(program: Command, run: Run): void {
  program
    .command('node')
    .description('run the node until stopped: accept signed operations over HTTP, batch, prove and submit them to L1, surviving crashes')
    .option('-d, --deployment <file>', 'deployment JSON written by `zkr deploy` (or give --rpc and --rollup)')
    .option('--rpc <url>', "L1 JSON-RPC URL (default: the deployment's)")
    .option('--rollup <address>', 'rollup contract address, without --deployment')
    .option('--circuit <name>', "registry instance proving every batch (default: the deployment's largest batch size)")
    .option('--setup <id>', "which setup: 'dev' or a ptau's sha256 prefix (default: the deployment's verifier's, else a ceremony setup over the dev one)")
    .option('--operator-key-file <file>', `file holding the operator's L1 private key (default: $${OPERATOR_KEY_ENV}); never on the command line`)
    .option('--db <url>', 'PostgreSQL store: postgres://user:password@host:port/db (default: the embedded store in --data-dir)')
    .option('--data-dir <dir>', 'directory of the embedded store (PGlite)', 'zkr-node-data')
    .option('--host <address>', 'address the API listens on', '127.0.0.1')
    .option('--port <n>', 'API port (0: any free port)', '8547')
    .option('--fee-account <n>', 'L2 account receiving the fees', '0')
    .option('--batches-per-tx <k>', 'batches in one L1 transaction at most', '1')
    .option('--max-wait-ms <ms>', 'cut a batch once its oldest operation waited this long', '2000')
    .option('--confirmations <n>', 'blocks deep a submission must be to count as verified', '1')
    .option('--poll-ms <ms>', 'how often L1 is polled', '250')
    .option('--rate-limit <n>', 'requests per client address per minute', '600')
    .option('--queue <url>', 'prove on the workers of this PostgreSQL job queue (`zkr prover-worker`) instead of this machine')
    .option('--backend <auto|native|snarkjs>', 'Groth16 prover of the local pool', 'auto')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ ZKR_OPERATOR_KEY=0x... zkr node --rpc http://127.0.0.1:8545 --rollup 0x... --circuit batch_4_d8 --batches-per-tx 2',
        '  $ zkr node -d deployment.json --operator-key-file operator.key --data-dir /var/lib/zkr --json',
        '',
        'API (docs/protocol.md §13.3): POST /transfers, POST /withdrawals, GET /operations/:id, GET /accounts/:index,',
        'GET /batches, GET /health, GET /metrics. Under --json, one JSON line per event on stdout ({"event":"listening","url":...}).',
      ].join('\n'),
    )
    .action((options: NodeCommandOptions) => run((output) => runNode(options, output)));
}
