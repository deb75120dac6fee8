// Typed event decoding: logs encoded with the rollup's ABI come back as objects named as in the
// Solidity (structs as objects, arrays as arrays), and their types follow the ABI.
import { Interface } from 'ethers';
import { rollupAbi } from '@zkr/contracts/artifacts';
import { decodeRollupEvent, type RollupEvent, type RollupEventArgs } from '../src/index.js';

const rollup = new Interface(rollupAbi);
const decode = (name: string, values: unknown[]): RollupEvent | null => decodeRollupEvent(rollup, rollup.encodeEventLog(name, values));

test('an event decodes by name, indexed arguments included', () => {
  const depositor = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
  const event = decode('DepositQueued', [7n, 3n, 1n, 10n ** 18n, 11n, 12n, depositor]);
  expect(event).toEqual({ name: 'DepositQueued', args: { queueIndex: 7n, accountIndex: 3n, tokenId: 1n, amount: 10n ** 18n, ax: 11n, ay: 12n, depositor } });
  if (event?.name !== 'DepositQueued') throw new Error('unreachable');
  // The name narrows the arguments' type: these lines typecheck only if the ABI says so.
  const amount: bigint = event.args.amount;
  const owner: string = event.args.depositor;
  expect([amount, owner]).toEqual([10n ** 18n, depositor]);
});

test('an array of structs decodes as an array of objects', () => {
  const batches = [
    { newRoot: 5n, feeAccountIndex: 0n, opBytes: '0x0102' },
    { newRoot: 6n, feeAccountIndex: 2n, opBytes: '0x' },
  ];
  const event = decode('BatchData', [4n, 2n, batches.map((b) => [b.newRoot, b.feeAccountIndex, b.opBytes])]);
  expect(event).toEqual({ name: 'BatchData', args: { firstBatchNumber: 4n, batchSize: 2n, batches } });
  const typed: RollupEventArgs<'BatchData'>['batches'][number]['opBytes'] = batches[0]!.opBytes;
  expect(typed).toBe('0x0102');
});

test('a log of another contract is not a rollup event', () => {
  const transfer = new Interface(['event Transfer(address indexed from, address indexed to, uint256 value)']);
  const log = transfer.encodeEventLog('Transfer', ['0x5FbDB2315678afecb367f032d93F642f64180aa3', '0x5FbDB2315678afecb367f032d93F642f64180aa3', 1n]);
  expect(decodeRollupEvent(rollup, log)).toBeNull();
});
