// The API's refusals: each bad request gets a typed 4xx naming the field, and nothing is stored.
import { loadArtifacts } from '@zkr/circuits';
import { createProver, type Prover } from '@zkr/prover';
import { ZkrError } from '@zkr/core';
import { DuplicateOperationError, RequestError, startNode, type NodeOptions, type ZkrNode } from '../src/index.js';
import { BATCH_SIZE, CIRCUIT, DEPOSIT, get, OPERATOR_KEY, post, startChain, tempDir, transferBody, withdrawBody, type Chain } from './harness.js';

let chain: Chain;
let prover: Prover;
let node: ZkrNode;
const dir = tempDir('zkr-node-api-');

/** A node on the test chain that batches nothing during these tests (a maximum wait of an
 * hour), so its store holds exactly what was accepted. */
const nodeOptions = (dataDir: string, over: Partial<NodeOptions>): NodeOptions => ({
  rpcUrl: chain.anvil.rpcUrl,
  rollupAddress: chain.rollup,
  operatorKey: OPERATOR_KEY,
  prove: (id, input) => prover.prove(id, input as Record<string, unknown>),
  circuits: { [BATCH_SIZE]: CIRCUIT },
  batchSize: BATCH_SIZE,
  maxWaitMs: 3_600_000,
  feeAccountIndex: 0,
  database: { dataDir },
  port: 0,
  ...over,
});

beforeAll(async () => {
  chain = await startChain(3);
  prover = createProver({ circuits: { [CIRCUIT]: await loadArtifacts(CIRCUIT) }, workers: 1 });
  node = await startNode(nodeOptions(dir.path, { bodyLimit: 4096 }));
});

afterAll(async () => {
  await node?.close();
  await prover?.close();
  await chain?.close();
  dir.remove();
});

const stored = async (): Promise<number> => Object.values(await node.store.countByStatus()).reduce((a, b) => a + b, 0);
const transfer = (over: Partial<Parameters<typeof transferBody>[0]> = {}) =>
  transferBody({ from: 1, to: 2, amount: 1000n, fee: 1n, nonce: 0n, domain: chain.domain, ...over });

test('a valid transfer is accepted against the pending state; account and status read back', async () => {
  const accepted = await post(`${node.url}/transfers`, transfer());
  expect(accepted).toEqual({ status: 202, json: { id: 1, status: 'accepted' } });
  const status = await get(`${node.url}/operations/1`);
  expect(status.json).toMatchObject({ id: 1, status: 'accepted', reason: null, batch: null });
  const account = await get(`${node.url}/accounts/1`);
  expect(account.json).toMatchObject({ index: 1, tokenId: '0', balance: (DEPOSIT - 1001n).toString(), nonce: '1', verified: null });
  expect(String(account.json['owner']).toLowerCase()).toBe('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
  expect((await get(`${node.url}/health`)).json).toMatchObject({ status: 'ok', verifiedBatches: 0 });
  expect(await stored()).toBe(1);
});

test('malformed JSON: 400 node.malformed_request naming the body, nothing stored', async () => {
  const response = await post(`${node.url}/transfers`, '{"type": "transfer", "from": 1,');
  expect(response.status).toBe(400);
  expect(response.json['error']).toMatchObject({ code: 'node.malformed_request', field: 'body' });
  expect(await stored()).toBe(1);
});

test('an unknown field is refused, not stripped: 400 node.unknown_field naming it', async () => {
  const response = await post(`${node.url}/transfers`, { ...transfer({ nonce: 1n }), memo: 'hi' });
  expect(response.status).toBe(400);
  expect(response.json['error']).toMatchObject({ code: 'node.unknown_field', field: 'memo' });
  const nested = await post(`${node.url}/transfers`, {
    ...transfer({ nonce: 1n }),
    signature: { ...(transfer({ nonce: 1n })['signature'] as object), v: '1' },
  });
  expect(nested.json['error']).toMatchObject({ code: 'node.unknown_field', field: 'signature.v' });
  expect(await stored()).toBe(1);
});

test('a missing or mistyped field is named: 400 node.missing_field / node.invalid_field', async () => {
  const { signature: _, ...unsigned } = transfer({ nonce: 1n });
  expect((await post(`${node.url}/transfers`, unsigned)).json['error']).toMatchObject({ code: 'node.missing_field', field: 'signature' });
  expect((await post(`${node.url}/transfers`, { ...transfer({ nonce: 1n }), amount: 5 })).json['error']).toMatchObject({
    code: 'node.invalid_field',
    field: 'amount',
  });
  expect((await post(`${node.url}/transfers`, { ...transfer({ nonce: 1n }), amount: '-5' })).json['error']).toMatchObject({
    code: 'node.invalid_field',
    field: 'amount',
  });
  expect(await stored()).toBe(1);
});

test('replay attack: the same signed operation posted again is 409 node.replayed_operation naming the first', async () => {
  const again = await post(`${node.url}/transfers`, transfer());
  expect(again.status).toBe(409);
  expect(again.json['error']).toMatchObject({ code: 'node.replayed_operation', field: 'signature', operationId: 1 });
  // Signed anew for a nonce already used: refused by the nonce.
  const reused = await post(`${node.url}/transfers`, transfer({ amount: 7n }));
  expect(reused.status).toBe(409);
  expect(reused.json['error']).toMatchObject({ code: 'node.replayed_operation', field: 'nonce' });
  expect(await stored()).toBe(1);
});

test('cross-deployment replay: an operation signed for another domain is refused naming the field', async () => {
  const other = chain.domain + 1n;
  const named = await post(`${node.url}/transfers`, transfer({ nonce: 1n, domain: other, withDomain: true }));
  expect(named.status).toBe(422);
  expect(named.json['error']).toMatchObject({ code: 'node.wrong_domain', field: 'domain' });
  const unnamed = await post(`${node.url}/transfers`, transfer({ nonce: 1n, domain: other }));
  expect(unnamed.status).toBe(422);
  expect(unnamed.json['error']).toMatchObject({ code: 'core.bad_signature', field: 'signature' });
  expect(await stored()).toBe(1);
});

test('an oversized body is 413 node.body_too_large before it is parsed', async () => {
  const response = await post(`${node.url}/transfers`, { ...transfer({ nonce: 1n }), padding: 'x'.repeat(8192) });
  expect(response.status).toBe(413);
  expect(response.json['error']).toMatchObject({ code: 'node.body_too_large', field: 'body' });
  expect(await stored()).toBe(1);
});

test("state rules of core answer with core's own codes: balance, nonce ahead, unknown account", async () => {
  const rich = await post(`${node.url}/transfers`, transfer({ nonce: 1n, amount: DEPOSIT }));
  expect(rich.status).toBe(422);
  expect(rich.json['error']).toMatchObject({ code: 'core.insufficient_balance', field: 'amount' });
  expect((await post(`${node.url}/transfers`, transfer({ nonce: 5n }))).json['error']).toMatchObject({ code: 'node.nonce_mismatch', field: 'nonce' });
  expect((await post(`${node.url}/transfers`, transfer({ nonce: 1n, to: 9 }))).json['error']).toMatchObject({ code: 'core.unknown_account', field: 'to' });
  expect((await get(`${node.url}/accounts/9`)).status).toBe(404);
  expect((await get(`${node.url}/operations/99`)).json['error']).toMatchObject({ code: 'node.unknown_operation', field: 'id' });
  expect(await stored()).toBe(1);
});

test('a withdrawal is accepted on its own route; a malformed L1 address is named', async () => {
  const withdraw = (l1Address: string) => withdrawBody({ from: 2, amount: 500n, fee: 1n, l1Address, nonce: 0n, domain: chain.domain });
  const bad = await post(`${node.url}/withdrawals`, { ...withdraw('0x70997970C51812dc3A010C7d01b50e0d17dc79C8'), l1Address: '0x1234' });
  expect(bad.json['error']).toMatchObject({ code: 'node.invalid_field', field: 'l1Address' });
  // The schema's pattern lets a mixed-case address through; the sdk's codec checks its EIP-55 checksum.
  const misspelt = await post(`${node.url}/withdrawals`, {
    ...withdraw('0x70997970C51812dc3A010C7d01b50e0d17dc79C8'),
    l1Address: '0x70997970C51812dc3A010C7d01b50e0d17dc79c8',
  });
  expect(misspelt).toMatchObject({ status: 400, json: { error: { code: 'node.invalid_field', field: 'l1Address' } } });
  // A withdrawal is not a transfer: the transfer route's schema refuses it.
  expect((await post(`${node.url}/transfers`, withdraw('0x70997970C51812dc3A010C7d01b50e0d17dc79C8'))).status).toBe(400);
  expect(await post(`${node.url}/withdrawals`, withdraw('0x70997970C51812dc3A010C7d01b50e0d17dc79C8'))).toEqual({
    status: 202,
    json: { id: 2, status: 'accepted' },
  });
  expect((await get(`${node.url}/accounts/2`)).json).toMatchObject({ balance: (DEPOSIT + 1000n - 501n).toString(), nonce: '1' });
  expect(await stored()).toBe(2);
});

test('metrics count accepted operations and refusals by code', async () => {
  const response = await fetch(`${node.url}/metrics`);
  const text = await response.text();
  expect(text).toContain('zkr_node_operations_accepted_total 2');
  expect(text).toContain('zkr_node_requests_refused_total{code="node.replayed_operation"} 2');
  expect(text).toContain('zkr_node_operations{status="accepted"} 2');
});

test('request flooding: past the per-client limit a client gets 429 node.rate_limited, and nothing is stored', async () => {
  const floodDir = tempDir('zkr-node-flood-');
  const limited = await startNode(nodeOptions(floodDir.path, { rateLimit: { max: 3, windowMs: 60_000 } }));
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(`${limited.url}/transfers`, { junk: true })).status);
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    const refused = await post(`${limited.url}/transfers`, transfer({ nonce: 1n }));
    expect(refused.json['error']).toMatchObject({ code: 'node.rate_limited' });
    expect(Object.values(await limited.store.countByStatus()).reduce((a, b) => a + b, 0)).toBe(0);
  } finally {
    await limited.close();
    floodDir.remove();
  }
});

test("the node's errors are in the error tree: ZkrErrors with codes of the node namespace", () => {
  expect(RequestError.code).toBe('node.request');
  expect(DuplicateOperationError.code).toBe('node.duplicate_operation');
  const refused = new RequestError(409, 'node.replayed_operation', 'nonce', 'already used');
  expect(refused).toBeInstanceOf(ZkrError);
  expect(refused).toMatchObject({ code: 'node.replayed_operation', field: 'nonce', statusCode: 409, message: 'nonce: already used' });
  expect(new DuplicateOperationError(3)).toMatchObject({ code: 'node.duplicate_operation', field: 'signature', existingId: 3 });
});
