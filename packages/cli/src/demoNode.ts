// `zkr demo --node`: the demo through the node (issue 19). Deposits are made on L1 as before; the
// transfers and the withdrawal are signed here and posted to a `zkr node` child process over HTTP
// (docs/protocol.md §13.3), which batches, proves and submits them; each operation's status is
// printed as it moves (accepted -> batched -> proved -> submitted -> verified).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signOperation, type TransferOp, type WithdrawOp } from '@zkr/core';
import { demoKey, depositDemoAccounts, FEE, startDemoChain, syncedRootInFreshProcess, UNIT, type DemoChain } from './demoChain.js';
import { OperationError } from './errors.js';
import type { Output } from './io.js';
import { startNodeProcess, type NodeProcess } from './nodeProcess.js';

const CIRCUIT = 'batch_2_d8';
const BATCH_SIZE = 2;
const BATCHES_PER_TX = 2;
/** anvil's dev account 0: the deployer is the rollup's operator, so the node sends from it. */
const ANVIL_OPERATOR_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const STEPS = 7;
const POLL_MS = 100;
const VERIFY_TIMEOUT_MS = 10 * 60_000;

export interface StatusSeen {
  readonly status: string;
  /** Seconds since the operation was accepted. */
  readonly seconds: number;
}

export interface NodeDemoOperation {
  readonly id: number;
  readonly label: string;
  readonly statuses: StatusSeen[];
  batch: number | null;
  txHash: string | null;
}

export interface NodeDemoSummary {
  readonly rpcUrl: string;
  readonly rollup: string;
  readonly node: { readonly url: string; readonly pid: number; readonly circuit: string; readonly batchesPerTransaction: number; readonly dataDir: string };
  readonly anvilPid: number;
  readonly operations: NodeDemoOperation[];
  readonly batches: number;
  readonly transactions: number;
  readonly withdrawnWei: string;
  /** The root the rollup contract holds, the node's verified root, and the one a fresh sync rebuilt. */
  readonly root: string;
  readonly nodeRoot: string;
  readonly syncedRoot: string;
  /** How the node and anvil ended: both stopped by their pids. */
  readonly nodeStopped: 'stopped' | 'killed';
}

interface ApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function call(url: string, body?: unknown): Promise<ApiAnswer> {
  const response = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A refusal names its typed reason: `{ error: { code, field, message } }`. */
function refused(what: string, answer: ApiAnswer): OperationError {
  const error = (answer.body.error ?? {}) as { code?: string; field?: string; message?: string };
  return new OperationError(
    `the node refused ${what} (HTTP ${answer.status} ${error.code ?? ''}${error.field ? ` at ${error.field}` : ''}): ${error.message ?? JSON.stringify(answer.body)}`,
  );
}

const asJson = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));

/** Signs `op` with its sender's key and nonce (read from the node's pending state) and posts it. */
async function post(api: string, domain: bigint, op: TransferOp | WithdrawOp, label: string, output: Output): Promise<NodeDemoOperation> {
  const account = await call(`${api}/accounts/${op.from}`);
  if (account.status !== 200) throw refused(`the account read of ${op.from}`, account);
  const nonce = BigInt(account.body.nonce as string);
  const { signature } = signOperation(demoKey(op.from), { domain, nonce, op });
  const body = { ...asJson({ ...op }), nonce: nonce.toString(), domain: domain.toString(), signature: asJson({ ...signature! }) };
  const answer = await call(`${api}/${op.type === 'transfer' ? 'transfers' : 'withdrawals'}`, body);
  if (answer.status !== 202) throw refused(label, answer);
  const id = answer.body.id as number;
  output.info(`    op ${id} ${label}: ${String(answer.body.status)}`);
  return { id, label, statuses: [{ status: String(answer.body.status), seconds: 0 }], batch: null, txHash: null };
}

/** Polls every operation until all are verified, printing each new status as it is first seen. */
async function followUntilVerified(api: string, operations: NodeDemoOperation[], output: Output): Promise<void> {
  const started = Date.now();
  for (;;) {
    for (const op of operations) {
      const last = op.statuses.at(-1)!.status;
      if (last === 'verified') continue;
      const answer = await call(`${api}/operations/${op.id}`);
      if (answer.status !== 200) throw refused(`the status read of operation ${op.id}`, answer);
      const status = String(answer.body.status);
      if (status === last) continue;
      op.batch = answer.body.batch as number | null;
      op.txHash = answer.body.txHash as string | null;
      // Timed from the node's own acceptance time (same machine, same clock).
      op.statuses.push({ status, seconds: (Date.now() - Date.parse(String(answer.body.acceptedAt))) / 1000 });
      const where =
        status === 'batched' || status === 'proved'
          ? ` (batch ${op.batch})`
          : status === 'submitted' || status === 'verified'
            ? ` (batch ${op.batch}, ${op.txHash})`
            : '';
      output.info(`    op ${op.id} ${op.label}: ${status}${where}`);
      if (status === 'rejected') throw new OperationError(`the node rejected operation ${op.id} (${op.label}): ${JSON.stringify(answer.body.reason)}`);
    }
    if (operations.every((op) => op.statuses.at(-1)!.status === 'verified')) return;
    if (Date.now() - started > VERIFY_TIMEOUT_MS) throw new OperationError(`operations not verified within ${VERIFY_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function runThroughNode(chain: DemoChain, node: NodeProcess, dataDir: string, output: Output): Promise<Omit<NodeDemoSummary, 'nodeStopped'>> {
  const { client, signers } = chain;
  const api = node.url;
  output.info(`5/${STEPS} transfers over HTTP: signed here, posted to ${api}`);
  const domain = await client.domain();
  const carolAddress = await signers[3].getAddress();
  const operations: NodeDemoOperation[] = [];
  const send = async (op: TransferOp | WithdrawOp, label: string) => void operations.push(await post(api, domain, op, label, output));
  await send({ type: 'transfer', from: 1, to: 2, amount: 2n * UNIT, fee: FEE }, 'Alice -> Bob 2 units');
  await send({ type: 'transfer', from: 2, to: 3, amount: 1n * UNIT, fee: FEE }, 'Bob -> Carol 1 unit');
  await send({ type: 'withdraw', from: 3, amount: 1n * UNIT, fee: FEE, l1Address: carolAddress }, 'Carol withdraws 1 unit to L1');
  await send({ type: 'transfer', from: 1, to: 3, amount: 1n * UNIT, fee: FEE }, 'Alice -> Carol 1 unit');
  await followUntilVerified(api, operations, output);

  output.info(`6/${STEPS} L1 withdrawal: Carol pulls her credited ETH`);
  const withdrawn = await client.pendingWithdrawal(carolAddress, 0n);
  await client.connect(signers[3]).withdraw(0n);

  output.info(`7/${STEPS} sync: a fresh process rebuilds the L2 state from L1 data alone`);
  const health = await call(`${api}/health`);
  const listed = await call(`${api}/batches?limit=100`);
  const batches = (listed.body.batches as { status: string; txHash: string | null }[]).filter((b) => b.status === 'verified');
  return {
    rpcUrl: chain.anvil.rpcUrl,
    rollup: chain.rollup,
    node: { url: api, pid: node.pid, circuit: CIRCUIT, batchesPerTransaction: BATCHES_PER_TX, dataDir },
    anvilPid: chain.anvil.pid,
    operations,
    batches: batches.length,
    transactions: new Set(batches.map((b) => b.txHash)).size,
    withdrawnWei: withdrawn.toString(),
    root: (await client.root()).toString(),
    nodeRoot: String(health.body.root),
    syncedRoot: syncedRootInFreshProcess(chain),
  };
}

export async function runNodeDemo(output: Output): Promise<NodeDemoSummary> {
  const chain = await startDemoChain(output, { [BATCH_SIZE]: CIRCUIT }, STEPS);
  const dataDir = mkdtempSync(join(tmpdir(), 'zkr-demo-node-'));
  let node: NodeProcess | undefined;
  try {
    await depositDemoAccounts(chain, output, `3/${STEPS}`);
    output.info(`4/${STEPS} node: zkr node (${CIRCUIT}, ${BATCHES_PER_TX} batches per L1 transaction, embedded store in ${dataDir})`);
    node = await startNodeProcess({
      args: [
        '--rpc',
        chain.anvil.rpcUrl,
        '--rollup',
        chain.rollup,
        '--circuit',
        CIRCUIT,
        '--setup',
        'dev',
        '--data-dir',
        dataDir,
        '--port',
        '0',
        '--batches-per-tx',
        String(BATCHES_PER_TX),
        '--max-wait-ms',
        '500',
        '--poll-ms',
        '100',
      ],
      operatorKey: ANVIL_OPERATOR_KEY,
      onLog: (message) => output.info(`    node: ${message}`),
    });
    output.info(`    node pid ${node.pid} listening on ${node.url}; it serves the 4 deposits queued on L1 first`);
    const summary = await runThroughNode(chain, node, dataDir, output);
    const nodeStopped = await node.stop();
    await chain.close();
    output.info(
      `    node pid ${node.pid} ${nodeStopped === 'stopped' ? 'stopped (SIGTERM)' : 'killed: it did not stop on SIGTERM'}; anvil pid ${chain.anvil.pid} stopped`,
    );
    return { ...summary, nodeStopped };
  } finally {
    // Both are no-ops once stopped: here for a demo that failed half-way.
    await node?.stop();
    await chain.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const path = (op: NodeDemoOperation) => op.statuses.map((s) => `${s.status} ${s.seconds.toFixed(1)}`).join(' -> ');

export function formatNodeSummary(s: NodeDemoSummary): string {
  return [
    '',
    'zkr demo --node summary',
    `  node:                     zkr node pid ${s.node.pid} at ${s.node.url} (${s.node.circuit}, ${s.node.batchesPerTransaction} batches per L1 transaction), ${s.nodeStopped}`,
    `  operations over HTTP:     ${s.operations.length}, all verified (status, seconds after accept)`,
    ...s.operations.map((op) => `    op ${op.id} ${op.label.padEnd(30)} ${path(op)}`),
    `  batches verified on L1:   ${s.batches} in ${s.transactions} transactions (deposits first)`,
    `  withdrawn on L1:          ${s.withdrawnWei} wei`,
    `  root on L1 = node's root = root rebuilt by sync in a fresh process: ${s.root === s.syncedRoot && s.root === s.nodeRoot ? 'yes' : 'NO'}`,
  ].join('\n');
}
