// Account keys (spec §1.1, zkr issue 15): a key must be on Baby Jubjub and of large order
// (8A != O). circomlibjs checks the first and not the second, and a small-order key lets anyone
// sign for it: R8 = S·B8 verifies with no private key. Core refuses such keys wherever one enters.
import {
  BadSignature,
  checkPublicKey,
  FIELD_MODULUS as r,
  InvalidOperation,
  InvalidPublicKey,
  isValidPublicKey,
  publicKeyOf,
  RollupState,
  signingMessage,
  verifySignature,
  type ZkrError,
  type PriorityEntry,
  type PublicKey,
  type TransferOp,
} from '../src/index.js';
import { buildEddsa } from 'circomlibjs';
import { DOMAIN, KEYS, worldWith } from './world.js';

// circomlibjs' curve is the independent oracle here: core's own arithmetic is what is tested.
const eddsa = await buildEddsa();
const { babyJub } = eddsa;
const { F } = babyJub;
type Point = [Uint8Array, Uint8Array];
const toPoint = ({ ax, ay }: PublicKey): Point => [F.e(ax), F.e(ay)];
const toKey = ([x, y]: Point): PublicKey => ({ ax: F.toObject(x), ay: F.toObject(y) });

/** 1/sqrt(a): (±INV_SQRT_A, 0) are the points of order 4. */
const INV_SQRT_A = 2957874849018779266517920829765869116077630550401372566248359756137677864698n;

/** The small-order keys the issue names; every one is on the curve. */
const NAMED_SMALL_ORDER: [string, PublicKey][] = [
  ['(0, 1), the identity', { ax: 0n, ay: 1n }],
  ['(0, -1), of order 2', { ax: 0n, ay: r - 1n }],
  ['(1/sqrt(a), 0), of order 4', { ax: INV_SQRT_A, ay: 0n }],
  ['(-1/sqrt(a), 0), of order 4', { ax: r - INV_SQRT_A, ay: 0n }],
];
/** All 8 points with 8A = O: the multiples of l·G, G generating the whole group. */
const torsion = babyJub.mulPointEscalar(babyJub.Generator, babyJub.subOrder);
const ALL_SMALL_ORDER: PublicKey[] = Array.from({ length: 8 }, (_, k) => toKey(babyJub.mulPointEscalar(torsion, BigInt(k))));
const OFF_CURVE: PublicKey = { ax: 1n, ay: 2n };

/** circomlib's B8: with S = 1, R8 = B8 is a "signature" anyone can make. */
const FORGED = {
  r8x: 5299619240641551281634865583518297030282874472190772894086521144482721001553n,
  r8y: 16950150798460657717958625567821834550301663161624707787222815936182638968203n,
  s: 1n,
};

const isIdentity = ([x, y]: Point): boolean => F.toObject(x) === 0n && F.toObject(y) === 1n;

function caught(fn: () => unknown): ZkrError {
  try {
    fn();
  } catch (error) {
    return error as ZkrError;
  }
  throw new Error('expected a ZkrError, nothing was thrown');
}

const creating = (key: PublicKey, accountIndex = 9): PriorityEntry => ({ type: 'deposit', accountIndex, tokenId: 0n, amount: 5n, ...key });

describe('what a valid key is', () => {
  test('the keys of private keys are valid', () => {
    for (const key of KEYS) expect(isValidPublicKey(publicKeyOf(key))).toBe(true);
  });

  test('the 8 small-order points satisfy 8A = O, include the four the issue names, and are all refused', () => {
    expect(new Set(ALL_SMALL_ORDER.map((k) => `${k.ax},${k.ay}`)).size).toBe(8);
    for (const key of ALL_SMALL_ORDER) {
      expect(isIdentity(babyJub.mulPointEscalar(toPoint(key), 8n))).toBe(true);
      expect(isValidPublicKey(key)).toBe(false);
    }
    for (const [, key] of NAMED_SMALL_ORDER) expect(ALL_SMALL_ORDER).toContainEqual(key);
  });

  test('a valid key plus any small-order point still has large order, and is accepted', () => {
    const key = toPoint(publicKeyOf(KEYS[1]!));
    for (const t of ALL_SMALL_ORDER) {
      const sum = babyJub.addPoint(key, toPoint(t));
      expect(isIdentity(babyJub.mulPointEscalar(sum, 8n))).toBe(false);
      expect(isValidPublicKey(toKey(sum))).toBe(true);
    }
  });

  test('off the curve, or a coordinate outside the field, is invalid', () => {
    expect(isValidPublicKey(OFF_CURVE)).toBe(false);
    const valid = publicKeyOf(KEYS[1]!);
    expect(isValidPublicKey({ ...valid, ax: valid.ax + r })).toBe(false);
  });
});

describe('the attack of issue 15, item 2: a forged signature for a small-order key', () => {
  const message = signingMessage({ domain: DOMAIN, op: { type: 'transfer', from: 1, to: 2, amount: 5n, fee: 0n }, nonce: 0n });

  test.each(NAMED_SMALL_ORDER)('%s: circomlibjs verifies R8 = S·B8, core does not', (_, key) => {
    const circomlibjsSays = eddsa.verifyPoseidon(F.e(message), { R8: [F.e(FORGED.r8x), F.e(FORGED.r8y)], S: FORGED.s }, toPoint(key));
    expect(circomlibjsSays).toBe(true);
    expect(verifySignature(key, message, FORGED)).toBe(false);
  });

  test.each(NAMED_SMALL_ORDER)('%s: a transfer out of an account with that key is a BadSignature naming the signature, and changes nothing', (_, key) => {
    const state = worldWith([1000n, 500n]);
    // Only a state written past core's checks can hold such an account.
    state.writeAccount(3, { ...key, tokenId: 0n, balance: 700n, nonce: 0n });
    const before = JSON.stringify(state.toJSON());
    const op: TransferOp = { type: 'transfer', from: 3, to: 1, amount: 700n, fee: 0n, signature: FORGED };
    const error = caught(() => state.applyBatch({ operations: [op], batchSize: 1, feeAccountIndex: 0, domain: DOMAIN }));
    expect(error).toBeInstanceOf(BadSignature);
    expect(error.field).toBe('operations[0].signature');
    expect(JSON.stringify(state.toJSON())).toBe(before);
  });
});

describe('core refuses an invalid key wherever one enters', () => {
  const badKeys: [string, PublicKey][] = [['off the curve', OFF_CURVE], ...NAMED_SMALL_ORDER];

  test.each(badKeys)('queueing a creating deposit with a key %s: InvalidPublicKey naming the entry; the queue is unchanged', (_, key) => {
    const state = worldWith([1000n]);
    const queued = state.queuedPriority;
    const chain = state.priorityChain(queued);
    const error = caught(() => state.enqueuePriority(creating(key)));
    expect(error).toBeInstanceOf(InvalidPublicKey);
    expect(error.code).toBe(InvalidPublicKey.code);
    expect(error.field).toBe('entry');
    expect(state.queuedPriority).toBe(queued);
    expect(state.priorityChain(queued)).toBe(chain);
  });

  test('a coordinate outside the field is InvalidOperation naming that coordinate', () => {
    const valid = publicKeyOf(KEYS[1]!);
    const error = caught(() => checkPublicKey({ ...valid, ay: valid.ay + r }, 'entry'));
    expect(error).toBeInstanceOf(InvalidOperation);
    expect(error.field).toBe('entry.ay');
  });

  test('top-ups (0, 0) and valid keys are queued', () => {
    const state = worldWith([1000n]);
    state.enqueuePriority(creating(publicKeyOf(KEYS[2]!)));
    state.enqueuePriority({ type: 'deposit', accountIndex: 1, tokenId: 0n, amount: 5n, ax: 0n, ay: 0n });
    expect(state.queuedPriority).toBe(4);
  });

  test.each(badKeys)('applying a creating entry with a key %s that bypassed the queue check: InvalidPublicKey, nothing changes', (_, key) => {
    const state = worldWith([1000n]);
    // Defence in depth: the key is checked again where it would enter the tree.
    const internals = state as unknown as { queue: PriorityEntry[]; chains: bigint[] };
    internals.queue.push(creating(key));
    internals.chains.push(123n);
    const before = JSON.stringify(state.toJSON());
    const error = caught(() => state.applyBatch({ operations: [{ type: 'deposit', accountIndex: 9 }], batchSize: 1, feeAccountIndex: 0, domain: DOMAIN }));
    expect(error).toBeInstanceOf(InvalidPublicKey);
    expect(error.field).toBe('operations[0]');
    expect(JSON.stringify(state.toJSON())).toBe(before);
    expect(state.account(9)).toBeUndefined();
  });

  test.each(badKeys)('parsing a state whose account or queue holds a key %s: InvalidPublicKey naming it', (_, key) => {
    const json = worldWith([1000n, 500n]).toJSON();
    const accounts = json.accounts.map((a, i) => (i === 2 ? { ...a, ax: key.ax.toString(), ay: key.ay.toString() } : a));
    const account = caught(() => RollupState.fromJSON({ ...json, accounts }));
    expect(account).toBeInstanceOf(InvalidPublicKey);
    expect(account.field).toBe('accounts[2]');
    const entry = { type: 'deposit' as const, accountIndex: 9, tokenId: '0', amount: '5', ax: key.ax.toString(), ay: key.ay.toString() };
    const queued = caught(() => RollupState.fromJSON({ ...json, priorityQueue: [...json.priorityQueue, entry] }));
    expect(queued).toBeInstanceOf(InvalidPublicKey);
    expect(queued.field).toBe(`priorityQueue[${json.priorityQueue.length}]`);
  });
});
