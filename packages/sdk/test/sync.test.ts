// sync of a rollup whose operator is a contract (a multisig, a relayer): its batches' op bytes are
// not in any transaction's own calldata, so the rollup logs them (BatchData) and sync reads
// them there; logs are read in pages, and a sync goes on from a checkpoint.
import { JsonRpcProvider, type Contract, type Signer, type TransactionReceipt } from 'ethers';
import type { Operation } from '@zkr/core';
import { deployRollup, Operator, RollupClient, syncFrom, type SyncCheckpoint } from '../src/index.js';
import { CIRCUITS, DEPTH, deployContract, deployOperator, ETH, key, pub, startHarness, transact, UNIT, verifierNames, type Harness } from './harness.js';

let harness: Harness;
let signers: Signer[];
beforeAll(async () => {
  harness = await startHarness();
  signers = await Promise.all([0, 1, 2].map((i) => harness.provider.getSigner(i)));
}, 900_000);
afterAll(async () => harness?.close());

/** Counts the eth_getLogs calls a sync makes, and the block ranges they cover. */
class CountingProvider extends JsonRpcProvider {
  readonly ranges: { from: number; to: number }[] = [];
  override async send(method: string, params: unknown[] | Record<string, unknown>): Promise<unknown> {
    if (method === 'eth_getLogs') {
      const filter = (params as [{ fromBlock: string; toBlock: string }])[0];
      this.ranges.push({ from: Number(filter.fromBlock), to: Number(filter.toBlock) });
    }
    return super.send(method, params as unknown[]);
  }
}

/** A rollup operated through an OperatorForwarder contract that signer 0 owns. */
async function forwardedRollup(): Promise<{ operator: Operator; forwarder: Contract }> {
  const forwarder = await deployContract(harness, 'OperatorForwarder', signers[0]!);
  const client = await deployRollup({
    signer: signers[0]!,
    artifacts: harness.artifacts,
    depth: DEPTH,
    verifiers: verifierNames(),
    operator: await forwarder.getAddress(),
  });
  return { operator: new Operator({ client, prove: (id, input) => harness.prover.prove(id, input), circuits: CIRCUITS, feeAccountIndex: 0 }), forwarder };
}

/** Proves `operations` as one batch and has the forwarder submit it. */
async function forward(operator: Operator, forwarder: Contract, operations: readonly Operation[], batchSize: number): Promise<TransactionReceipt> {
  await operator.pullQueue();
  const [proved] = await operator.proveMany([operations], { batchSize });
  const data = operator.client.submitBatchesData([{ batch: proved!.batch, feeAccountIndex: 0, proof: proved!.proof }]);
  const receipt = await transact(forwarder, 'forward', await operator.client.address, data);
  operator.state = proved!.next;
  return receipt;
}

async function openAccounts(client: RollupClient): Promise<void> {
  await client.deposit({ ...pub(1), tokenId: ETH, amount: 1n });
  await client.connect(signers[1]!).deposit({ ...pub(2), tokenId: ETH, amount: 5n * UNIT });
}

const OPEN: Operation[] = [
  { type: 'deposit', accountIndex: 0 },
  { type: 'deposit', accountIndex: 1 },
];

describe('a contract operator', () => {
  let operator: Operator;
  let forwarder: Contract;
  let checkpoint: SyncCheckpoint;
  const gas: Record<string, bigint> = {};
  beforeAll(async () => {
    ({ operator, forwarder } = await forwardedRollup());
    await openAccounts(operator.client);
  }, 300_000);

  test('contract operator: its batches log their op bytes, and a fresh sync rebuilds the root from them', async () => {
    const receipt = await forward(operator, forwarder, OPEN, 2);
    gas['forwarded'] = receipt.gasUsed;
    expect(operator.client.events(receipt, 'BatchData')).toHaveLength(1);
    const fresh = new CountingProvider(harness.anvil.rpcUrl);
    try {
      const client = await RollupClient.at(await operator.client.address, fresh);
      checkpoint = await syncFrom(client, fresh);
      expect(checkpoint.state.root).toBe(operator.state.root);
      expect(checkpoint.batches).toBe(1);
    } finally {
      fresh.destroy();
    }
  });

  test('an EOA operator logs no op bytes: its calldata holds them (gas of the choice)', async () => {
    const direct = await deployOperator(harness, signers[0]!);
    await openAccounts(direct.client);
    const [submitted] = await direct.submitMany([OPEN], { batchSize: 2 });
    gas['direct'] = submitted!.receipt.gasUsed;
    expect(direct.client.events(submitted!.receipt, 'BatchData')).toHaveLength(0);
    // The same batch through the forwarder: the extra call, its calldata, and the BatchData log.
    console.log(
      `submitBatches, one batch of 2 deposits: EOA ${gas['direct']} gas, through a forwarder contract ${gas['forwarded']} gas (+${gas['forwarded']! - gas['direct']!})`,
    );
    expect(gas['forwarded']!).toBeGreaterThan(gas['direct']!);
  });

  test('sync reads logs in pages of the given size, and goes on from a checkpoint reading only newer blocks', async () => {
    await operator.client.connect(signers[1]!).depositTo({ accountIndex: 1, amount: UNIT, eth: true });
    await forward(operator, forwarder, [{ type: 'deposit', accountIndex: 1 }, await operator.transfer(key(2), { from: 1, to: 0, amount: UNIT, fee: 0n })], 2);
    const fresh = new CountingProvider(harness.anvil.rpcUrl);
    try {
      const client = await RollupClient.at(await operator.client.address, fresh);
      const next = await syncFrom(client, fresh, { from: checkpoint, pageSize: 2 });
      expect(next.state.root).toBe(operator.state.root);
      expect(next.batches).toBe(2);
      expect(fresh.ranges.length).toBeGreaterThan(1);
      for (const range of fresh.ranges) {
        expect(range.from).toBeGreaterThan(checkpoint.block);
        expect(range.to - range.from).toBeLessThan(2);
      }
      // The checkpoint it went on from is unchanged, and a full sync in pages of 1 agrees.
      expect(checkpoint.batches).toBe(1);
      expect((await syncFrom(client, fresh, { pageSize: 1 })).state.root).toBe(next.state.root);
    } finally {
      fresh.destroy();
    }
  });
});
