// Waiting for transactions by their receipts (src/mined.ts), on anvil with mining held back so
// that the receipt appears only after the waiting began.
import { JsonRpcProvider, type Signer } from 'ethers';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { mined, TransactionTimeoutError } from '../src/index.js';

let anvil: Anvil;
let provider: JsonRpcProvider;
let signer: Signer;

beforeAll(async () => {
  anvil = await startAnvil();
  provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50, cacheTimeout: -1 });
  signer = await provider.getSigner(0);
  await provider.send('evm_setAutomine', [false]);
});

afterAll(async () => {
  provider.destroy();
  await anvil.stop();
});

const mineSoon = (): void => void setTimeout(() => void provider.send('evm_mine', []), 300);

test('mined() returns the receipt of a transaction mined after it started asking', async () => {
  const tx = await signer.sendTransaction({ to: '0x0000000000000000000000000000000000001234', value: 1n });
  expect(await provider.getTransactionReceipt(tx.hash)).toBeNull();
  mineSoon();
  const receipt = await mined(tx);
  expect(receipt.hash).toBe(tx.hash);
  expect(receipt.status).toBe(1);
});

test('a mined transaction that reverted throws as tx.wait() does, with its receipt', async () => {
  // Init code that reverts at once (PUSH0 PUSH0 REVERT), sent with a gas limit so that it is mined.
  const tx = await signer.sendTransaction({ data: '0x5f5ffd', gasLimit: 100_000n });
  mineSoon();
  const error = (await mined(tx).catch((e: unknown) => e)) as { code?: string; receipt?: { hash: string; status: number } };
  expect(error.code).toBe('CALL_EXCEPTION');
  expect(error.receipt).toMatchObject({ hash: tx.hash, status: 0 });
});

test('a transaction never mined is a TransactionTimeoutError naming it once the timeout passes', async () => {
  const tx = await signer.sendTransaction({ to: '0x0000000000000000000000000000000000001234', value: 2n });
  const error = await mined(tx, { timeoutMs: 300 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TransactionTimeoutError);
  expect(error).toMatchObject({ hash: tx.hash, timeoutMs: 300 });
  // Mined later after all: the same call without a timeout finds it.
  mineSoon();
  expect((await mined(tx)).hash).toBe(tx.hash);
});
