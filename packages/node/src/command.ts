// `zkr node` and `zkr-node`: runs the node until SIGINT or SIGTERM. Prints one JSON line per event on stdout
// ({"event":"listening","url":...} once ready). The operator's L1 key comes from
// --operator-key-file or $ZKR_OPERATOR_KEY, never from the command line (it would show in `ps`).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getInstance, loadArtifacts } from '@zkr/circuits';
import { createProver } from '@zkr/prover';
import { artifactsHashOf, QueueProver } from '@zkr/queue';
import { startNode } from './node.js';

export const OPERATOR_KEY_ENV = 'ZKR_OPERATOR_KEY';

const USAGE = `usage: zkr node (or zkr-node) --rpc URL --rollup ADDR --circuit NAME [--operator-key-file FILE]
  [--db postgres://... | --data-dir DIR] [--host 127.0.0.1] [--port 8547] [--fee-account 0]
  [--batches-per-tx 1] [--max-wait-ms 2000] [--confirmations 1] [--queue postgres://...]
  [--backend auto|native|snarkjs] [--rate-limit 600]
the operator key: --operator-key-file FILE or $${OPERATOR_KEY_ENV}

Example:
  $ ZKR_OPERATOR_KEY=0x... zkr node --rpc http://127.0.0.1:8545 --rollup 0x... --circuit batch_4_d8`;

const emit = (event: string, fields: Record<string, unknown> = {}): void =>
  void process.stdout.write(`${JSON.stringify({ event, at: new Date().toISOString(), ...fields })}\n`);

function fail(message: string, code = 2): never {
  process.stderr.write(`zkr-node: ${message}\n${code === 2 ? `${USAGE}\n` : ''}`);
  process.exit(code);
}

function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer, received ${JSON.stringify(value)}`);
  return Number(value);
}

function operatorKey(file: string | undefined): string {
  const raw = file === undefined ? process.env[OPERATOR_KEY_ENV] : readFileSync(file, 'utf8');
  if (raw === undefined) fail(`no operator key: pass --operator-key-file FILE or set $${OPERATOR_KEY_ENV}`);
  const key = raw.trim();
  // The message names the source, never the value.
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) fail(`the operator key ${file === undefined ? `in $${OPERATOR_KEY_ENV}` : `in ${file}`} is not 32 bytes of hex`);
  return key.startsWith('0x') ? key : `0x${key}`;
}

/** Runs the node with command-line arguments until SIGINT or SIGTERM; bad arguments exit 2. */
export async function runNodeCommand(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      rpc: { type: 'string' },
      rollup: { type: 'string' },
      circuit: { type: 'string' },
      'operator-key-file': { type: 'string' },
      db: { type: 'string' },
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'fee-account': { type: 'string' },
      'batches-per-tx': { type: 'string' },
      'max-wait-ms': { type: 'string' },
      confirmations: { type: 'string' },
      queue: { type: 'string' },
      backend: { type: 'string' },
      'rate-limit': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  for (const name of ['rpc', 'rollup', 'circuit'] as const) if (values[name] === undefined) fail(`--${name} is required`);
  if (values.db !== undefined && values['data-dir'] !== undefined)
    fail('--db and --data-dir exclude each other: PostgreSQL by URL, or the embedded store in a directory');
  const key = operatorKey(values['operator-key-file']);
  const circuit = values.circuit!;
  const instance = getInstance(circuit);
  const artifacts = await loadArtifacts(circuit);
  const backend = values.backend ?? 'auto';
  if (!['auto', 'native', 'snarkjs'].includes(backend)) fail(`--backend must be auto, native or snarkjs, received ${JSON.stringify(backend)}`);
  const prover =
    values.queue === undefined
      ? createProver({ circuits: { [circuit]: artifacts }, selfCheck: true, backend: backend as 'auto' })
      : await QueueProver.connect({ connectionString: values.queue, circuits: { [circuit]: artifactsHashOf(artifacts.manifestData) } });
  const node = await startNode({
    rpcUrl: values.rpc!,
    rollupAddress: values.rollup!,
    operatorKey: key,
    prove: (id, input) => prover.prove(id, input as Record<string, unknown>),
    circuits: { [instance.batchSize]: circuit },
    batchSize: instance.batchSize,
    batchesPerTransaction: count(values['batches-per-tx'], 'batches-per-tx', 1),
    maxWaitMs: count(values['max-wait-ms'], 'max-wait-ms', 2000),
    feeAccountIndex: count(values['fee-account'], 'fee-account', 0),
    database: values.db === undefined ? { dataDir: values['data-dir'] ?? 'zkr-node-data' } : { url: values.db },
    host: values.host ?? '127.0.0.1',
    port: count(values.port, 'port', 8547),
    confirmations: count(values.confirmations, 'confirmations', 1),
    rateLimit: { max: count(values['rate-limit'], 'rate-limit', 600), windowMs: 60_000 },
    log: (message) => emit('log', { message }),
  });
  emit('listening', { url: node.url });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await node.close();
    await prover.close();
    emit('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

/** Runs the command; an unexpected error exits 1 with its stack. */
export function runNodeMain(args: readonly string[]): void {
  runNodeCommand(args).catch((error: unknown) => fail((error as Error).stack ?? String(error), 1));
}
