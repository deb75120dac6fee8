// A user's own account from the CLI (issue 16): keygen, balance, checks `sign` makes before it
// signs, and option values that once leaked a library's error (exit 1) now name the option (exit 2).
// None of these needs L1: a deployment file on a closed port is enough.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { publicKeyOf, RollupState, computeDomain, hexToBytes, verifySignature, signingMessage, type TransferOp } from '@zkr/core';
import { OFFLINE_ROLLUP, OPERATOR_KEY, offlineDeployment, tempDir, writeIn, zkr, zkrJson } from './zkr.js';

const ROLLUP = OFFLINE_ROLLUP;
const L2_KEY = `0x${'02'.repeat(32)}`;
let dir: string;
let deployment: string;

beforeAll(() => {
  dir = tempDir();
  // Port 9 (discard) on loopback: nothing answers, and nothing here should ask.
  deployment = offlineDeployment(dir, 'http://127.0.0.1:9');
});

describe('zkr keygen', () => {
  test('writes a key file only its owner can read, prints the public key and not the secret', async () => {
    const out = join(dir, 'alice.json');
    const ran = await zkr(['keygen', '-o', out]);
    expect(ran.code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as { type: string; privateKey: string; publicKey: { ax: string; ay: string } };
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const { ax, ay } = publicKeyOf(hexToBytes(file.privateKey, 'privateKey'));
    expect(file.publicKey).toEqual({ ax: String(ax), ay: String(ay) });
    expect(ran.stdout).toContain(String(ax));
    expect(ran.stdout + ran.stderr).not.toContain(file.privateKey.slice(2));
  });

  test('--json carries the secret only with --show-secret; an existing file is kept unless --force', async () => {
    const out = join(dir, 'bob.json');
    const quiet = await zkrJson<Record<string, unknown>>(['keygen', '-o', out]);
    expect(Object.keys(quiet).sort()).toEqual(['file', 'publicKey']);
    const again = await zkr(['keygen', '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--out .*bob\.json exists; pass --force/);
    const shown = await zkrJson<{ privateKey: string }>(['keygen', '-o', out, '--force', '--show-secret']);
    expect(JSON.parse(readFileSync(out, 'utf8')).privateKey).toBe(shown.privateKey);
  });

  test('sign takes the key file in place of the hex key', async () => {
    const out = join(dir, 'carol.json');
    await zkrJson(['keygen', '-o', out]);
    const file = JSON.parse(readFileSync(out, 'utf8')) as { publicKey: { ax: string; ay: string } };
    const signed = await zkrJson<{ signature: { r8x: string; r8y: string; s: string } }>([
      'sign',
      'transfer',
      '-d',
      deployment,
      '--l2-key',
      out,
      '--from',
      '1',
      '--to',
      '2',
      '--amount',
      '5',
      '--fee',
      '0',
      '--nonce',
      '0',
    ]);
    const op: TransferOp = { type: 'transfer', from: 1, to: 2, amount: 5n, fee: 0n };
    const message = signingMessage({ domain: computeDomain(31337n, ROLLUP), op, nonce: 0n });
    const signature = { r8x: BigInt(signed.signature.r8x), r8y: BigInt(signed.signature.r8y), s: BigInt(signed.signature.s) };
    expect(verifySignature({ ax: BigInt(file.publicKey.ax), ay: BigInt(file.publicKey.ay) }, message, signature)).toBe(true);
  });
});

describe('zkr balance --state', () => {
  let stateFile: string;
  beforeAll(() => {
    const state = RollupState.empty({ depth: 8 });
    state.writeAccount(3, { ...publicKeyOf(hexToBytes(L2_KEY, 'key')), tokenId: 0n, balance: 1234n, nonce: 7n });
    stateFile = writeIn(dir, 'state.json', state.toJSON());
  });

  test("an account's balance, nonce and token", async () => {
    const result = await zkrJson<Record<string, string>>(['balance', '--state', stateFile, '--account', '3']);
    expect(result).toMatchObject({ accountIndex: 3, tokenId: '0', balance: '1234', nonce: '7' });
    const human = await zkr(['balance', '--state', stateFile, '--account', '3']);
    expect(human.stdout).toBe('account 3: balance 1234 of token 0, nonce 7\n');
  });

  test('an empty slot and an index beyond the tree are bad input naming --account', async () => {
    const empty = await zkr(['balance', '--state', stateFile, '--account', '4']);
    expect({ code: empty.code, stderr: empty.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/^zkr: UsageError: --account 4: no account there/) });
    const beyond = await zkr(['balance', '--state', stateFile, '--account', '256']);
    expect({ code: beyond.code, stderr: beyond.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(/--account 256 is beyond the tree: depth 8 holds accounts 0 to 255/),
    });
  });

  test('one source: --deployment or --state', async () => {
    const both = await zkr(['balance', '--state', stateFile, '-d', deployment, '--account', '3']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/choose one of --deployment FILE \(sync from L1\) and --state FILE/);
  });
});

describe('checked before signing or sending: exit 2 naming the option, never a library message', () => {
  test('sign to an index beyond the tree is an InvalidOperation naming --to (offline, with --nonce)', async () => {
    const ran = await zkr([
      'sign',
      'transfer',
      '-d',
      deployment,
      '--l2-key',
      L2_KEY,
      '--from',
      '1',
      '--to',
      '256',
      '--amount',
      '5',
      '--fee',
      '0',
      '--nonce',
      '0',
    ]);
    expect({ code: ran.code, stdout: ran.stdout }).toEqual({ code: 2, stdout: '' });
    expect(ran.stderr).toMatch(/^zkr: InvalidOperation: --to: account index must be an integer in \[0, 2\^8\), received 256\n$/);
  });

  test('an amount that fits no float40 is an InvalidOperation naming --amount', async () => {
    const ran = await zkr([
      'sign',
      'transfer',
      '-d',
      deployment,
      '--l2-key',
      L2_KEY,
      '--from',
      '1',
      '--to',
      '2',
      '--amount',
      '123456789012345678901',
      '--fee',
      '0',
      '--nonce',
      '0',
    ]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^zkr: InvalidOperation: --amount: /);
  });

  test.each([
    ['deposit', ['deposit', '-d', '$D', '--private-key', OPERATOR_KEY, '--l2-key', L2_KEY, '--amount', String(1n << 128n)], '--amount must be below 2^128'],
    [
      'sign',
      ['sign', 'withdraw', '-d', '$D', '--l2-key', L2_KEY, '--from', '1', '--l1-address', ROLLUP, '--amount', '1', '--fee', String(1n << 128n), '--nonce', '0'],
      '--fee must be below 2^128',
    ],
    [
      'deposit --token',
      ['deposit', '-d', '$D', '--private-key', OPERATOR_KEY, '--l2-key', L2_KEY, '--amount', '1', '--token', String(2n ** 32n)],
      '--token must be below 2^32',
    ],
  ])('%s: a value beyond its type is exit 2 naming the option', async (_, args, message) => {
    const ran = await zkr(args.map((a) => (a === '$D' ? deployment : a)));
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(message);
  });

  test.each([
    ['zero', `0x${'00'.repeat(32)}`],
    ['the curve order n', '0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'],
    ['all ones', `0x${'ff'.repeat(32)}`],
  ])("an L1 key of %s is exit 2 naming --private-key (or the variable), not noble's message", async (_, key) => {
    const ran = await zkr(['withdraw', '-d', deployment, '--private-key', key]);
    expect({ code: ran.code, stderr: ran.stderr }).toEqual({
      code: 2,
      stderr: 'zkr: UsageError: --private-key is not a secp256k1 private key: it must be in [1, n), n the curve order\n',
    });
    const fromEnv = await zkr(['withdraw', '-d', deployment], { ZKR_PRIVATE_KEY: key });
    expect(fromEnv.stderr).toMatch(/^zkr: UsageError: ZKR_PRIVATE_KEY is not a secp256k1 private key/);
  });

  test('a mixed-case address with a bad EIP-55 checksum is exit 2 naming the option', async () => {
    const ran = await zkr([
      'sign',
      'withdraw',
      '-d',
      deployment,
      '--l2-key',
      L2_KEY,
      '--from',
      '1',
      '--l1-address',
      ROLLUP.replace('F', 'f'),
      '--amount',
      '1',
      '--fee',
      '0',
      '--nonce',
      '0',
    ]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/--l1-address has a bad EIP-55 checksum/);
  });
});
