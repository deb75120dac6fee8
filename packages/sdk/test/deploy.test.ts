// Deploying verifiers: a dev setup's are refused off development chains (its alpha and beta are
// known, so a proof of anything verifies, as the forgery below shows), and every verifier
// exposes the hash of its verification key on-chain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AbiCoder, Contract, JsonRpcProvider, Wallet, toBeHex } from 'ethers';
import { defaultCacheDir, devSecretsPath, loadArtifacts, readDevSecrets, setupCircuit } from '@zkr/circuits';
import { batchVerifierName, compileContracts, parseVerificationKey, verificationKeyHash, type Artifacts } from '@zkr/contracts';
import { startAnvil, type Anvil } from '@zkr/contracts/testing';
import { deployRollup, InsecureSetupError } from '../src/index.js';

const CIRCUIT = 'batch_1_d8';
const VERIFIER = batchVerifierName(CIRCUIT);
/** anvil's first dev account. */
const DEPLOYER = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** BN254's scalar field: public inputs are below it. */
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

let artifacts: Artifacts;
const anvils: Anvil[] = [];
const providers: JsonRpcProvider[] = [];
beforeAll(async () => {
  await setupCircuit({ name: CIRCUIT });
  artifacts = await compileContracts({ circuits: [CIRCUIT] });
}, 900_000);
afterAll(async () => {
  for (const provider of providers) provider.destroy();
  for (const anvil of anvils) await anvil.stop();
  // setupCircuit's snarkjs keeps its curve's worker threads alive (iden3/snarkjs#152).
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
});

async function chain(chainId?: number): Promise<{ provider: JsonRpcProvider; signer: Wallet }> {
  const anvil = await startAnvil(chainId === undefined ? {} : { chainId });
  anvils.push(anvil);
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50, cacheTimeout: -1 });
  providers.push(provider);
  return { provider, signer: new Wallet(DEPLOYER, provider) };
}

const deployOptions = (signer: Wallet) => ({ signer, artifacts, depth: 8, verifiers: { 1: VERIFIER } });

test('the compiled verifier records its key hash and that its setup is the insecure dev one', async () => {
  const key = artifacts[VERIFIER]!.verificationKey!;
  expect(key.setup).toMatchObject({ id: 'dev', insecure: true });
  const vkey = parseVerificationKey(JSON.parse(readFileSync((await loadArtifacts(CIRCUIT, { setup: 'dev' })).vkey, 'utf8')));
  expect(key.vkHash).toBe(verificationKeyHash(vkey));
});

test('deploying a dev setup to a chain that is not a development chain is refused before any transaction', async () => {
  const { provider, signer } = await chain(11155111);
  const refused = deployRollup(deployOptions(signer));
  await expect(refused).rejects.toBeInstanceOf(InsecureSetupError);
  await expect(refused).rejects.toThrow(/chain 11155111, not a development chain .*BatchVerifier_batch_1_d8 is insecure/);
  expect(await provider.getTransactionCount(signer.address)).toBe(0);
}, 120_000);

test('allowInsecureSetup deploys it there anyway; the on-chain VK_HASH is the recorded hash', async () => {
  const { provider, signer } = await chain(11155111);
  const client = await deployRollup({ ...deployOptions(signer), allowInsecureSetup: true });
  const verifier = new Contract(await client.contract.getFunction('verifiers')(1), artifacts[VERIFIER]!.abi as never, provider);
  expect(await verifier.getFunction('VK_HASH')()).toBe(artifacts[VERIFIER]!.verificationKey!.vkHash);
}, 120_000);

test('on a development chain (anvil, 31337) the dev setup deploys without the flag', async () => {
  const { signer } = await chain();
  await expect(deployRollup(deployOptions(signer))).resolves.toBeDefined();
}, 120_000);

/** Calls an EIP-196 precompile (0x06 ecAdd, 0x07 ecMul) on the chain: real EVM arithmetic. */
async function precompile(provider: JsonRpcProvider, address: number, words: readonly bigint[]): Promise<[bigint, bigint]> {
  const out = await provider.call({ to: toBeHex(address, 20), data: `0x${words.map((w) => toBeHex(w, 32).slice(2)).join('')}` });
  const [x, y] = AbiCoder.defaultAbiCoder().decode(['uint256', 'uint256'], out);
  return [x as bigint, y as bigint];
}

test('forged proof from the dev secrets: with alpha and beta known, made-up public inputs verify (why insecure setups are refused)', async () => {
  const { provider, signer } = await chain();
  const client = await deployRollup(deployOptions(signer));
  const verifier = new Contract(await client.contract.getFunction('verifiers')(1), artifacts[VERIFIER]!.abi as never, provider);
  const loaded = await loadArtifacts(CIRCUIT, { setup: 'dev' });
  const secrets = (await readDevSecrets(devSecretsPath(join(defaultCacheDir(), 'ptau', loaded.manifestData.ptau.file))))!;
  const vkey = parseVerificationKey(JSON.parse(readFileSync(loaded.vkey, 'utf8')));
  // Any inputs: a made-up old root, new root, queue chains and a withdrawal chunk.
  const inputs = Array.from({ length: vkey.ic.length - 1 }, (_, j) => BigInt(`0x${'7'.repeat(60)}${j}`) % R);
  // L = IC_0 + sum x_j IC_j; A = alpha·beta·G1 + L, B = G2, C = 0 satisfy
  // e(A, B) = e(alpha, beta) · e(L, gamma) · e(C, delta), as gamma is G2's generator.
  let l: [bigint, bigint] = [vkey.ic[0]![0], vkey.ic[0]![1]];
  for (const [j, x] of inputs.entries()) l = await precompile(provider, 6, [...l, ...(await precompile(provider, 7, [...vkey.ic[j + 1]!, x]))]);
  const a = await precompile(provider, 6, [...(await precompile(provider, 7, [1n, 2n, (secrets.alpha * secrets.beta) % R])), ...l]);
  // snarkjs' gamma is G2's generator: B = gamma.
  const g2 = [...vkey.gamma];
  const forged = [a[0], a[1], ...g2, 0n, 0n];
  expect(await verifier.getFunction('verifyProofs')([forged], inputs)).toBe(true);
  // The same forgery without the secrets (alpha·beta off by one) fails.
  const wrong = await precompile(provider, 6, [...(await precompile(provider, 7, [1n, 2n, (secrets.alpha * secrets.beta + 1n) % R])), ...l]);
  expect(await verifier.getFunction('verifyProofs')([[wrong[0], wrong[1], ...g2, 0n, 0n]], inputs)).toBe(false);
}, 120_000);
