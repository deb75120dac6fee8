// A submission dropped by an L1 reorg before it had enough confirmations is submitted again
// (docs/protocol.md §13.5): the same signed transaction, so its batches land once.
import { cliSyncRoot, get, post, spawnNode, startChain, tempDir, transferBody, waitFor, type Chain, type NodeProcess } from './harness.js';

let chain: Chain;
let node: NodeProcess | undefined;
const dir = tempDir('zkr-node-reorg-');
const logs: string[] = [];

afterAll(async () => {
  await node?.stop();
  await chain?.close();
  dir.remove();
});

test('reorg attack on a fresh submission: dropped before 3 confirmations, broadcast again and verified once', async () => {
  chain = await startChain(3);
  node = await spawnNode(chain, ['--data-dir', dir.path, '--confirmations', '3', '--max-wait-ms', '500'], logs);
  for (const nonce of [0n, 1n]) {
    expect((await post(`${node.url}/transfers`, transferBody({ from: 1, to: 2, amount: 10n, fee: 1n, nonce, domain: chain.domain }))).status).toBe(202);
  }
  // Blocks come only with transactions on anvil: mine while waiting, so submissions get deep.
  const mining = (what: string, probe: () => Promise<string | undefined>) =>
    waitFor(
      what,
      async () => {
        await chain.provider.send('evm_mine', []);
        return probe();
      },
      180_000,
      500,
    );
  const hash = await mining('the transfers submitted', async () => {
    const { json } = await get(`${node!.url}/operations/2`);
    return json['status'] === 'submitted' ? (json['txHash'] as string) : undefined;
  });
  const first = await waitFor('its receipt', async () => (await chain.provider.getTransactionReceipt(hash)) ?? undefined, 30_000);

  // The blocks from the one holding it on are replaced by empty ones: L1 no longer knows the transaction.
  const depth = (await chain.provider.getBlockNumber()) - first.blockNumber + 1;
  expect(depth).toBeLessThan(3);
  await chain.provider.send('anvil_reorg', [depth, []]);
  expect(await chain.provider.getTransactionReceipt(hash)).toBeNull();
  // Not yet confirmed: the operations are submitted, not verified.
  expect((await get(`${node.url}/operations/2`)).json['status']).toBe('submitted');

  // Blocks keep coming; the node broadcasts the same bytes again and waits 3 deep.
  const verified = await mining('the same transaction verified', async () => logs.find((l) => l.includes('verified on L1') && l.includes(hash)));
  const again = (await chain.provider.getTransactionReceipt(hash))!;
  expect(again.blockNumber).not.toBe(first.blockNumber);
  expect(verified).toContain(`block ${again.blockNumber}`);
  // Each submission was sent once: no second transaction for the reorged batches.
  const sent = logs.filter((l) => l.includes(' sent in ')).map((l) => /sent in (0x[0-9a-f]+)/.exec(l)![1]);
  expect(new Set(sent).size).toBe(sent.length);
  expect(sent.filter((h) => h === hash)).toHaveLength(1);
  for (const id of [1, 2]) expect((await get(`${node.url}/operations/${id}`)).json['status']).toBe('verified');
  expect(await cliSyncRoot(chain)).toBe(await chain.client.root());
});
