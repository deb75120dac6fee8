// L1's priority queue through the node (docs/protocol.md §13.4): a forced exit queued on L1 is
// served before operations accepted earlier, and an accepted transfer it leaves unfunded ends
// `rejected` with core's typed reason instead of blocking the batch.
import { syncFrom } from '@zkr/sdk';
import { DEPOSIT, get, post, spawnNode, startChain, tempDir, transferBody, waitFor, type Chain, type NodeProcess } from './harness.js';

let chain: Chain;
let node: NodeProcess | undefined;
const dir = tempDir('zkr-node-priority-');

afterAll(async () => {
  await node?.stop();
  await chain?.close();
  dir.remove();
});

test('deposits alone are served after the maximum wait; a forced exit queued on L1 goes first; the transfer it leaves unfunded is rejected with its reason', async () => {
  chain = await startChain(3);
  node = await spawnNode(chain, ['--data-dir', dir.path, '--max-wait-ms', '1000']);
  // L1 entries alone, nothing accepted: served once the oldest has waited the maximum wait.
  await waitFor('the deposits served alone', async () => ((await chain.client.contract.getFunction('consumedPriority')()) === 3n ? true : undefined), 180_000);
  const status = async (id: number) => (await get(`${node!.url}/operations/${id}`)).json;
  expect((await post(`${node.url}/transfers`, transferBody({ from: 1, to: 2, amount: 10n, fee: 1n, nonce: 0n, domain: chain.domain }))).status).toBe(202);
  await waitFor('the first transfer verified', async () => ((await status(1))['status'] === 'verified' ? true : undefined), 180_000);

  // Accepted against the pending state, then the account's L1 owner forces its exit.
  expect((await post(`${node.url}/transfers`, transferBody({ from: 1, to: 2, amount: 10n, fee: 1n, nonce: 1n, domain: chain.domain }))).status).toBe(202);
  await chain.client.connect(await chain.provider.getSigner(1)).requestForcedExit(1);

  const rejected = await waitFor(
    'the second transfer settled',
    async () => {
      const s = await status(2);
      return s['status'] === 'rejected' || s['status'] === 'verified' ? s : undefined;
    },
    180_000,
  );
  expect(rejected).toMatchObject({ status: 'rejected', reason: { code: 'core.insufficient_balance', field: 'amount' } });
  await waitFor('the exit verified', async () => ((await chain.client.contract.getFunction('consumedPriority')()) === 4n ? true : undefined), 180_000);
  const synced = await syncFrom(chain.client, chain.provider);
  expect(synced.state.account(1)!.balance).toBe(0n);
  expect(synced.state.account(2)!.balance).toBe(DEPOSIT + 10n);
  expect(await chain.client.pendingWithdrawal(await (await chain.provider.getSigner(1)).getAddress(), 0n)).toBe(DEPOSIT - 11n);
  // The node's pending state forgot the rejected transfer: the account reads empty, nonce 1.
  expect((await get(`${node.url}/accounts/1`)).json).toMatchObject({ balance: '0', nonce: '1' });
});
