// zkr deploy and the setups it deploys: insecure verifiers are refused off development chains
// (exit 4) unless --allow-insecure-setup; the deployment file records the roles and, per
// verifier, its setup, whether it is insecure and its key hash, which equals the on-chain VK_HASH.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Contract, JsonRpcProvider } from 'ethers';
import { setupCircuit } from '@zkr/circuits';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { OPERATOR_KEY, tempDir, USER_ADDRESS, zkr } from './zkr.js';

const ONE_CIRCUIT = ['--circuits', 'batch_1_d8'];
const SEPOLIA = 11155111;

describe('zkr deploy of a dev setup', () => {
  let devChain: Anvil;
  let publicChain: Anvil;
  let dir: string;
  beforeAll(async () => {
    await setupCircuit({ name: 'batch_1_d8' });
    devChain = await startAnvil();
    publicChain = await startAnvil({ chainId: SEPOLIA });
    dir = tempDir('zkr-deploy-');
  }, 600_000);
  afterAll(async () => {
    await devChain?.stop();
    await publicChain?.stop();
  });

  test('--help states the refusals and the roles', async () => {
    const { code, stdout } = await zkr(['deploy', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--allow-insecure-setup/);
    expect(stdout).toMatch(/--operator <address>/);
    expect(stdout).toMatch(/exit 4 {2}a verifier's setup is insecure .* not a development chain \(31337, 1337\), unless --allow-insecure-setup/);
  });

  test('to a chain that is not a development chain it is refused with exit 4, and nothing is written', async () => {
    const out = join(dir, 'refused.json');
    const { code, stderr } = await zkr(['deploy', '--rpc', publicChain.rpcUrl, '--private-key', OPERATOR_KEY, ...ONE_CIRCUIT, '--out', out]);
    expect(code).toBe(4);
    expect(stderr).toMatch(/InsecureSetupError: refusing to deploy to chain 11155111/);
    expect(existsSync(out)).toBe(false);
  }, 300_000);

  test('--allow-insecure-setup deploys there; the file records roles, setup, insecure and the on-chain VK_HASH', async () => {
    const out = join(dir, 'allowed.json');
    const ran = await zkr([
      'deploy',
      '--rpc',
      publicChain.rpcUrl,
      '--private-key',
      OPERATOR_KEY,
      ...ONE_CIRCUIT,
      '--operator',
      USER_ADDRESS,
      '--allow-insecure-setup',
      '--out',
      out,
    ]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toMatch(/batch_1_d8: the dev setup — INSECURE/);
    expect(ran.stderr).not.toMatch(/both governor and operator/);
    const deployment = JSON.parse(readFileSync(out, 'utf8')) as {
      version: number;
      governor: string;
      operator: string;
      rollup: string;
      verifiers: Record<string, { circuit: string; address: string; vkHash: string; setup: string; insecure: boolean }>;
    };
    expect(deployment).toMatchObject({ version: 2, operator: USER_ADDRESS, verifiers: { 1: { circuit: 'batch_1_d8', setup: 'dev', insecure: true } } });
    expect(deployment.governor).not.toBe(USER_ADDRESS);
    const provider = new JsonRpcProvider(publicChain.rpcUrl);
    try {
      const verifier = new Contract(deployment.verifiers[1]!.address, ['function VK_HASH() view returns (bytes32)'], provider);
      expect(await verifier.getFunction('VK_HASH')()).toBe(deployment.verifiers[1]!.vkHash);
      const rollup = new Contract(deployment.rollup, ['function operator() view returns (address)', 'function governor() view returns (address)'], provider);
      expect(await rollup.getFunction('operator')()).toBe(USER_ADDRESS);
      expect(await rollup.getFunction('governor')()).toBe(deployment.governor);
    } finally {
      provider.destroy();
    }
  }, 300_000);

  test('on a development chain it deploys without the flag, warning when one key holds both roles', async () => {
    const out = join(dir, 'dev.json');
    const ran = await zkr(['deploy', '--rpc', devChain.rpcUrl, '--private-key', OPERATOR_KEY, ...ONE_CIRCUIT, '--out', out]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toMatch(/WARNING: 0x[0-9a-fA-F]{40} is both governor and operator/);
    const deployment = JSON.parse(readFileSync(out, 'utf8')) as { governor: string; operator: string };
    expect(deployment.operator).toBe(deployment.governor);
  }, 300_000);
});
