// An ERC-20 rollup whose operator stops serving it, driven from the shell: the governor registers
// the token, a user deposits it (the CLI approves), queues a forced exit that is ignored past its
// deadline, freezes the rollup and escapes with the balance L1 last verified. The test provides
// the L1 (anvil), the token contract and the clock; everything else is the spawned binary.
import { join } from 'node:path';
import { type Contract, ContractFactory, JsonRpcProvider, Wallet } from 'ethers';
import { setupCircuit } from '@zkr/circuits';
import { compileTestContracts } from '@zkr/contracts/test-contracts';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { deployedContract, mined } from '@zkr/sdk';
import { FEE_L2_KEY, OPERATOR_KEY, tempDir, UNIT, USER_ADDRESS, USER_KEY, USER_L2_KEY, writeIn, zkr, zkrJson } from './zkr.js';

const DEADLINE = 3600; // the shortest priority deadline the rollup accepts

describe('zkr: register a token, deposit it, force an exit, freeze, escape', () => {
  let anvil: Anvil;
  let provider: JsonRpcProvider;
  let token: Contract;
  let deployment: string;
  const operatorEnv = { ZKR_PRIVATE_KEY: OPERATOR_KEY };
  const userEnv = { ZKR_PRIVATE_KEY: USER_KEY };
  const tokenBalance = async (): Promise<bigint> => (await token.getFunction('balanceOf')(USER_ADDRESS)) as bigint;

  beforeAll(async () => {
    anvil = await startAnvil();
    provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50, cacheTimeout: -1 });
    for (const name of ['batch_1_d8', 'batch_2_d8']) await setupCircuit({ name });
    const { TestToken } = compileTestContracts();
    const deployer = new Wallet(OPERATOR_KEY, provider);
    token = (await deployedContract(await new ContractFactory(TestToken!.abi as never, TestToken!.bytecode, deployer).deploy())) as Contract;
    await mined(await token.getFunction('mint')(USER_ADDRESS, 5n * UNIT));
    deployment = join(tempDir('zkr-exits-'), 'deployment.json');
    await zkrJson(['deploy', '--rpc', anvil.rpcUrl, '--priority-deadline', String(DEADLINE), '--out', deployment], operatorEnv);
  }, 600_000);

  afterAll(async () => {
    provider?.destroy();
    await anvil?.stop();
  });

  test('only the governor registers a token; it gets id 1 (ETH is 0)', async () => {
    const address = await token.getAddress();
    const denied = await zkr(['register-token', '-d', deployment, '--token', address], userEnv);
    expect(denied.code).toBe(1);
    expect(denied.stderr.trim()).toBe('zkr: RollupRevertError: registerToken reverted: Rollup__NotGovernor()');
    expect(await zkrJson(['register-token', '-d', deployment, '--token', address], operatorEnv)).toEqual({ token: address, tokenId: '1' });
  }, 120_000);

  test('an ERC-20 deposit approves the rollup first, then pulls the tokens', async () => {
    await zkrJson(['deposit', '-d', deployment, '--l2-key', FEE_L2_KEY, '--amount', '1'], operatorEnv);
    const deposit = await zkr(['deposit', '-d', deployment, '--l2-key', USER_L2_KEY, '--token', '1', '--amount', String(5n * UNIT)], userEnv);
    expect(deposit.code).toBe(0);
    expect(deposit.stderr).toMatch(/^approved the rollup for 5000000000000000 of token 1 \(tx 0x[0-9a-f]{64}\)$/m);
    expect(deposit.stdout).toMatch(/^queued deposit 1: 5000000000000000 of token 1 to account 1/);
    expect(await tokenBalance()).toBe(0n);
    const unknown = await zkr(['deposit', '-d', deployment, '--l2-key', USER_L2_KEY, '--token', '2', '--amount', '1'], userEnv);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Rollup__UnknownToken\(2\)/);
    const ops = writeIn(tempDir(), 'deposits.json', [
      { type: 'deposit', accountIndex: 0 },
      { type: 'deposit', accountIndex: 1 },
    ]);
    expect(await zkrJson(['submit', '-d', deployment, '--ops', ops], operatorEnv)).toMatchObject({ batchNumber: 1 });
  }, 300_000);

  test('a forced exit ignored past its deadline lets anyone freeze the rollup', async () => {
    expect(await zkrJson(['exit', '-d', deployment, '--account', '1'], userEnv)).toMatchObject({ accountIndex: 1, queueIndex: 2 });
    const early = await zkr(['freeze', '-d', deployment], userEnv);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/Rollup__NoDeadlinePassed/);
    await provider.send('evm_increaseTime', [DEADLINE + 1]);
    await provider.send('evm_mine', []);
    expect(await zkrJson(['freeze', '-d', deployment], userEnv)).toMatchObject({ oldestQueueIndex: 2 });
  }, 120_000);

  test('escape credits the last verified balance once, and withdraw pays it out', async () => {
    const missing = await zkr(['escape', '-d', deployment, '--account', '7'], userEnv);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--account 7 is not in the last verified state/);
    expect(await zkrJson(['escape', '-d', deployment, '--account', '1'], userEnv)).toMatchObject({ accountIndex: 1, tokenId: '1', balance: String(5n * UNIT) });
    const again = await zkr(['escape', '-d', deployment, '--account', '1'], userEnv);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Rollup__AlreadyExited\(1\)/);
    expect(await zkrJson(['withdraw', '-d', deployment, '--token', '1'], userEnv)).toMatchObject({ amount: String(5n * UNIT) });
    expect(await tokenBalance()).toBe(5n * UNIT);
  }, 120_000);
});
