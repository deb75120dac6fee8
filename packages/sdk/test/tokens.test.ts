// ERC-20s on the rollup (issue #5), on anvil with real proofs: deposits, a fee-on-transfer token,
// reentrancy through a token's transfer hook, and reclaiming unconsumed deposits after a freeze.
import type { Contract, Signer, TransactionReceipt } from 'ethers';
import { sync, type Operator, type RollupClient } from '../src/index.js';
import {
  advanceTime,
  DEADLINE,
  deployContract,
  deployOperator,
  ETH,
  ethReceived,
  key,
  MIN_DEPOSIT,
  pub,
  startHarness,
  transact,
  UNIT,
  type Harness,
} from './harness.js';

let harness: Harness;
let signers: Signer[];
beforeAll(async () => {
  harness = await startHarness();
  signers = await Promise.all([0, 1, 2].map((i) => harness.provider.getSigner(i)));
}, 900_000);
afterAll(async () => harness?.close());

interface TokenRollup {
  operator: Operator;
  token: Contract;
  tokenId: bigint;
}

/** A rollup (signer 0 governs and operates it) with `tokenName` registered, and the fee account
 * 0 (key 1, ETH) queued, so the first batch can create it alongside the test's deposit. */
async function openTokenRollup(tokenName: 'TestToken' | 'FeeToken', options: { priorityDeadline?: number } = {}): Promise<TokenRollup> {
  const operator = await deployOperator(harness, signers[0]!, options);
  const token = await deployContract(harness, tokenName, signers[0]!);
  const tokenId = await operator.client.registerToken(await token.getAddress());
  await operator.client.deposit({ ...pub(1), tokenId: ETH, amount: MIN_DEPOSIT });
  return { operator, token, tokenId };
}

const balanceOf = async (token: Contract, owner: string | RollupClient, blockTag: number | 'latest' = 'latest'): Promise<bigint> =>
  token.getFunction('balanceOf')(typeof owner === 'string' ? owner : await owner.address, { blockTag });

/** The tokens `address` gained in `receipt`'s block. */
const tokenReceived = async (token: Contract, address: string, receipt: TransactionReceipt): Promise<bigint> =>
  (await balanceOf(token, address, receipt.blockNumber)) - (await balanceOf(token, address, receipt.blockNumber - 1));

/** `signer` mints `amount`, approves the rollup and deposits it into a new account of key `n`;
 * returns the DepositQueued event's arguments. */
async function depositToken({ operator, token, tokenId }: TokenRollup, signer: Signer, n: number, amount: bigint) {
  await transact(token, 'mint', await signer.getAddress(), amount);
  await transact(token.connect(signer) as Contract, 'approve', await operator.client.address, amount);
  const receipt = await operator.client.connect(signer).deposit({ ...pub(n), tokenId, amount });
  const { queueIndex, accountIndex, amount: credited } = operator.client.events(receipt, 'DepositQueued')[0]!;
  return { queueIndex: Number(queueIndex), accountIndex: Number(accountIndex), credited };
}

interface CallFrame {
  to: string;
  error?: string;
  output?: string;
  calls?: CallFrame[];
}

/** Replays `method(...args)` on the rollup with anvil's call tracer and names the errors with
 * which calls back into the rollup, made from inside it (through the token), reverted. The outer
 * call only reports the token transfer's failure. */
async function reentrantReverts(client: RollupClient, from: Signer, method: string, args: unknown[]): Promise<string[]> {
  const rollup = (await client.address).toLowerCase();
  const tx = { from: await from.getAddress(), to: rollup, data: client.contract.interface.encodeFunctionData(method, args), gas: '0x1000000' };
  const trace = (await harness.provider.send('debug_traceCall', [tx, 'latest', { tracer: 'callTracer' }])) as CallFrame;
  const nested = (frame: CallFrame): CallFrame[] => (frame.calls ?? []).flatMap((call) => [call, ...nested(call)]);
  return nested(trace)
    .filter((call) => call.to.toLowerCase() === rollup && call.error !== undefined)
    .map((call) => client.contract.interface.parseError(call.output ?? '0x')?.name ?? call.error!);
}

test('ERC-20 deposit', async () => {
  const rollup = await openTokenRollup('TestToken');
  const { operator, token } = rollup;
  const before = await balanceOf(token, operator.client);
  const deposit = await depositToken(rollup, signers[1]!, 2, 7n * UNIT);
  expect(deposit).toEqual({ queueIndex: 1, accountIndex: 1, credited: 7n * UNIT });
  expect((await balanceOf(token, operator.client)) - before).toBe(7n * UNIT);

  await operator.submit(
    [
      { type: 'deposit', accountIndex: 0 },
      { type: 'deposit', accountIndex: 1 },
    ],
    { batchSize: 2 },
  );
  expect(operator.state.account(1)).toMatchObject({ tokenId: rollup.tokenId, balance: 7n * UNIT });
  expect(await operator.client.root()).toBe(operator.state.root);
});

test('a token registers once, and only a contract registers', async () => {
  const { operator, token } = await openTokenRollup('TestToken');
  await expect(operator.client.registerToken(await token.getAddress())).rejects.toMatchObject({ reason: 'Rollup__TokenExists' });
  await expect(operator.client.registerToken(await signers[2]!.getAddress())).rejects.toMatchObject({ reason: 'Rollup__NotAContract' });
});

test('a top-up past 2^128 is refused on L1: the deposit cap keeps every batch provable', async () => {
  const rollup = await openTokenRollup('TestToken');
  const { operator, token, tokenId } = rollup;
  const max = 2n ** 128n - 1n;
  expect((await depositToken(rollup, signers[1]!, 2, max)).credited).toBe(max);
  // The largest balance L1 lets in is provable.
  await operator.submit(
    [
      { type: 'deposit', accountIndex: 0 },
      { type: 'deposit', accountIndex: 1 },
    ],
    { batchSize: 2 },
  );
  expect(operator.state.account(1)!.balance).toBe(max);

  // Anyone may top up any account: one more unit would have stalled the queue.
  await transact(token, 'mint', await signers[2]!.getAddress(), 1n);
  await transact(token.connect(signers[2]!) as Contract, 'approve', await operator.client.address, 1n);
  const griefer = operator.client.connect(signers[2]!);
  await expect(griefer.depositTo({ accountIndex: 1, amount: 1n, eth: false })).rejects.toMatchObject({ reason: 'Rollup__DepositCap', args: [tokenId] });
  expect(await operator.client.contract.getFunction('queuedPriority')()).toBe(2n);
});

test('fee-on-transfer token: the rollup credits what arrived', async () => {
  const rollup = await openTokenRollup('FeeToken');
  const { operator, token } = rollup;
  const sent = 10n * UNIT;
  const arrived = sent - sent / 100n; // FeeToken burns 1% of every transfer
  const deposit = await depositToken(rollup, signers[1]!, 2, sent);
  expect(deposit.credited).toBe(arrived);
  expect(await balanceOf(token, operator.client)).toBe(arrived);

  await operator.submit(
    [
      { type: 'deposit', accountIndex: 0 },
      { type: 'deposit', accountIndex: 1 },
    ],
    { batchSize: 2 },
  );
  expect(operator.state.account(1)!.balance).toBe(arrived);
  expect(await operator.client.root()).toBe(operator.state.root);
  // L1 data alone rebuilds the same state: the queued amount is the one the proof consumed.
  expect((await sync(operator.client, harness.provider)).account(1)!.balance).toBe(arrived);
});

describe('reentrancy from a malicious token', () => {
  // Rollup.sol wraps token calls: a revert inside transfer/transferFrom surfaces as
  // Rollup__TransferFailed, so the guard's Rollup__Reentrancy is read from a call trace.

  test('a withdrawal whose token calls back into withdraw fails whole; the credit is paid once later', async () => {
    const rollup = await openTokenRollup('TestToken');
    const { operator, token, tokenId } = rollup;
    const alice = signers[1]!;
    const aliceAddress = await alice.getAddress();
    await depositToken(rollup, alice, 2, 5n * UNIT);
    await operator.submit(
      [
        { type: 'deposit', accountIndex: 0 },
        { type: 'deposit', accountIndex: 1 },
      ],
      { batchSize: 2 },
    );
    await operator.submit([await operator.withdraw(key(2), { from: 1, amount: 2n * UNIT, fee: 0n, l1Address: aliceAddress })], { batchSize: 1 });
    expect(await operator.client.pendingWithdrawal(aliceAddress, tokenId)).toBe(2n * UNIT);

    await transact(token, 'setHook', await operator.client.address, operator.client.contract.interface.encodeFunctionData('withdraw', [tokenId]));
    const aliceClient = operator.client.connect(alice);
    await expect(aliceClient.withdraw(tokenId)).rejects.toThrow(/Rollup__TransferFailed/);
    expect(await reentrantReverts(operator.client, alice, 'withdraw', [tokenId])).toEqual(['Rollup__Reentrancy']);
    expect(await operator.client.pendingWithdrawal(aliceAddress, tokenId)).toBe(2n * UNIT);
    expect(await balanceOf(token, aliceAddress)).toBe(0n);
    expect(await balanceOf(token, operator.client)).toBe(5n * UNIT);

    await transact(token, 'setHook', '0x0000000000000000000000000000000000000000', '0x');
    await aliceClient.withdraw(tokenId);
    await expect(aliceClient.withdraw(tokenId)).rejects.toThrow(/Rollup__NothingToWithdraw/);
    expect(await balanceOf(token, aliceAddress)).toBe(2n * UNIT);
    expect(await balanceOf(token, operator.client)).toBe(3n * UNIT);
  });

  test('a deposit whose token calls back into depositTo fails whole; nothing is queued or moved', async () => {
    const rollup = await openTokenRollup('TestToken');
    const { operator, token, tokenId } = rollup;
    const alice = signers[1]!;
    const aliceAddress = await alice.getAddress();
    // Topping up the ETH fee account with the minimum (the token sends it) is a call that
    // succeeds on its own (see the end): only the lock held during the outer deposit stops it.
    const topUp = operator.client.contract.interface.encodeFunctionData('depositTo', [0, MIN_DEPOSIT]);
    await transact(token, 'setHook', await operator.client.address, topUp, { value: MIN_DEPOSIT });
    await transact(token, 'mint', aliceAddress, 5n * UNIT);
    await transact(token.connect(alice) as Contract, 'approve', await operator.client.address, 5n * UNIT);
    const queued = await operator.client.contract.getFunction('queuedPriority')();

    const { ax, ay } = pub(2);
    await expect(operator.client.connect(alice).deposit({ ax, ay, tokenId, amount: 5n * UNIT })).rejects.toThrow(/Rollup__TransferFailed/);
    expect(await reentrantReverts(operator.client, alice, 'deposit', [ax, ay, tokenId, 5n * UNIT, aliceAddress])).toEqual(['Rollup__Reentrancy']);
    expect(await operator.client.contract.getFunction('queuedPriority')()).toBe(queued);
    expect(await balanceOf(token, aliceAddress)).toBe(5n * UNIT);
    expect(await balanceOf(token, operator.client)).toBe(0n);

    // Outside a rollup call the same hook goes through: a plain token transfer queues its top-up.
    await transact(token.connect(alice) as Contract, 'transfer', aliceAddress, 0n);
    expect(await operator.client.contract.getFunction('queuedPriority')()).toBe(queued + 1n);
  });
});

test('reclaimDeposit: after freeze, an unconsumed deposit is paid back once', async () => {
  const rollup = await openTokenRollup('TestToken', { priorityDeadline: DEADLINE });
  const { operator, token, tokenId } = rollup;
  await operator.submit([{ type: 'deposit', accountIndex: 0 }], { batchSize: 1 }); // queue entry 0: consumed
  const [alice, bob] = [signers[1]!, signers[2]!];
  const eth = await operator.client.connect(alice).deposit({ ...pub(2), tokenId: ETH, amount: 2n * UNIT });
  const ethIndex = Number(operator.client.events(eth, 'DepositQueued')[0]!.accountIndex);
  const erc20 = await depositToken(rollup, bob, 3, 3n * UNIT);

  await expect(operator.client.reclaimDeposit(ethIndex)).rejects.toThrow(/Rollup__NotFrozen/);
  await advanceTime(harness, DEADLINE + 1);
  await operator.client.freeze();
  await expect(operator.client.reclaimDeposit(0)).rejects.toThrow(/Rollup__NotReclaimable\(0\)/);

  for (const [queueIndex, signer, id, amount] of [
    [ethIndex, alice, ETH, 2n * UNIT],
    [erc20.queueIndex, bob, tokenId, 3n * UNIT],
  ] as const) {
    const address = await signer.getAddress();
    const depositor = operator.client.connect(signer);
    await depositor.reclaimDeposit(queueIndex);
    expect(await depositor.pendingWithdrawal(address, id)).toBe(amount);
    await expect(depositor.reclaimDeposit(queueIndex)).rejects.toThrow(new RegExp(`Rollup__NotReclaimable\\(${queueIndex}\\)`));
    const receipt = await depositor.withdraw(id);
    expect(id === ETH ? await ethReceived(harness, address, receipt) : await tokenReceived(token, address, receipt)).toBe(amount);
    expect(await depositor.pendingWithdrawal(address, id)).toBe(0n);
  }
  // Only the fee account's consumed deposit stays.
  expect(await harness.provider.getBalance(await operator.client.address)).toBe(MIN_DEPOSIT);
  expect(await balanceOf(token, operator.client)).toBe(0n);
});
