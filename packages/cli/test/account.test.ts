// zkr account from the shell (issue 15.9): an account opened for someone else's L2 key names its
// L1 owner, and `zkr account` shows key, token and that owner from L1 alone.
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { setupCircuit } from '@zkr/circuits';
import { publicKeyOf } from '@zkr/core';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { OPERATOR_KEY, tempDir, UNIT, USER_ADDRESS, USER_KEY, zkr, zkrJson } from './zkr.js';

// anvil's dev account 2: Carol, whose L2 key the user opens an account for.
const CAROL = new Wallet('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a').address;
const CAROL_L2_KEY = `0x${'03'.repeat(32)}`;

describe('zkr account: who can take an account out', () => {
  let anvil: Anvil;
  let deployment: string;

  beforeAll(async () => {
    anvil = await startAnvil();
    for (const name of ['batch_1_d8', 'batch_2_d8']) await setupCircuit({ name });
    deployment = join(tempDir('zkr-account-'), 'deployment.json');
    await zkrJson(['deploy', '--rpc', anvil.rpcUrl, '--out', deployment], { ZKR_PRIVATE_KEY: OPERATOR_KEY });
  }, 600_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  test("a deposit for Carol's key with --owner Carol: zkr account shows her key, the token and Carol as the owner", async () => {
    const opened = await zkrJson<{ accountIndex: number }>(
      ['deposit', '-d', deployment, '--l2-key', CAROL_L2_KEY, '--amount', String(UNIT), '--owner', CAROL],
      { ZKR_PRIVATE_KEY: USER_KEY },
    );
    const { ax, ay } = publicKeyOf(Buffer.from(CAROL_L2_KEY.slice(2), 'hex'));
    const hex = (n: bigint): string => `0x${n.toString(16).padStart(64, '0')}`;
    expect(await zkrJson(['account', '-d', deployment, '--account', String(opened.accountIndex)])).toEqual({
      accountIndex: opened.accountIndex,
      ax: hex(ax),
      ay: hex(ay),
      tokenId: '0',
      owner: CAROL,
      onL2: false,
      pendingForcedExit: null,
    });
    const shown = await zkr(['account', '-d', deployment, '--account', String(opened.accountIndex)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`owner:        ${CAROL} (alone may force an exit or escape`);
    // Without --owner the sender owns it.
    const own = await zkrJson<{ accountIndex: number }>(['deposit', '-d', deployment, '--l2-key', CAROL_L2_KEY, '--amount', String(UNIT)], {
      ZKR_PRIVATE_KEY: USER_KEY,
    });
    expect(await zkrJson(['account', '-d', deployment, '--account', String(own.accountIndex)])).toMatchObject({ owner: USER_ADDRESS });
  }, 120_000);

  test('an account never opened, a malformed --owner and --owner on a top-up are bad input (exit 2)', async () => {
    const missing = await zkr(['account', '-d', deployment, '--account', '7']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--account 7: account 7 was never opened on this rollup/);
    const bad = await zkr(['deposit', '-d', deployment, '--l2-key', CAROL_L2_KEY, '--amount', '1', '--owner', 'carol'], { ZKR_PRIVATE_KEY: USER_KEY });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--owner/);
    const topUp = await zkr(['deposit', '-d', deployment, '--to-account', '0', '--amount', '1', '--owner', CAROL], { ZKR_PRIVATE_KEY: USER_KEY });
    expect(topUp.code).toBe(2);
    expect(topUp.stderr).toMatch(/--to-account excludes --l2-key, --token and --owner/);
  }, 120_000);
});
