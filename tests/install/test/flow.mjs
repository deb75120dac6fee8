// Run by install.test.ts inside a fresh npm project where the packed tarballs were installed:
// everything below resolves from that project's node_modules, not from the monorepo. A small
// real flow: keys and a signature (@zkr/core), anvil (@zkr/contracts/testing), the verifier
// compiled from the cached dev setup (ZKR_CACHE_DIR), deploy, deposit, two proved batches
// submitted by the operator (@zkr/sdk, @zkr/prover), then sync. Prints one JSON line.
import { JsonRpcProvider } from 'ethers';
import { publicKeyOf, randomPrivateKey, signOperation } from '@zkr/core';
import { setupCircuit } from '@zkr/circuits';
import { batchVerifierName, compileContracts, rollupAbi } from '@zkr/contracts';
import { startAnvil } from '@zkr/contracts/testing';
import { createProver } from '@zkr/prover';
import { deployRollup, Operator, sync } from '@zkr/sdk';

const CIRCUIT = 'batch_1_d8';
const anvil = await startAnvil();
console.error(`anvil pid ${anvil.pid}`);
const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50, cacheTimeout: -1 });
const prover = createProver({ circuits: { [CIRCUIT]: await setupCircuit({ name: CIRCUIT }) }, workers: 1 });
try {
  const signer = await provider.getSigner(0);
  const artifacts = await compileContracts({ circuits: [CIRCUIT], setup: 'dev' });
  const client = await deployRollup({ signer, artifacts, depth: 8, verifiers: { 1: batchVerifierName(CIRCUIT) } });
  const key = randomPrivateKey();
  const deposit = await client.deposit({ ...publicKeyOf(key), tokenId: 0n, amount: 10n ** 18n });
  const [queued] = client.events(deposit, 'DepositQueued');
  const operator = new Operator({ client, prove: (id, input) => prover.prove(id, input), circuits: { 1: CIRCUIT }, feeAccountIndex: 0 });
  await operator.submit([{ type: 'deposit', accountIndex: Number(queued.accountIndex) }]);
  const op = { type: 'withdraw', from: 0, amount: 10n ** 17n, fee: 0n, l1Address: await signer.getAddress() };
  const withdraw = signOperation(key, { domain: await client.domain(), op, nonce: 0n });
  const [submitted] = await operator.submitMany([[withdraw]]);
  const [verified] = client.events(submitted.receipt, 'BatchVerified');
  const synced = await sync(client, provider);
  const result = {
    abiEvents: rollupAbi.filter((item) => item.type === 'event').length,
    batchNumber: String(verified.batchNumber),
    syncedRoot: String(synced.root),
    l1Root: String(await client.root()),
    pendingWithdrawal: String(await client.pendingWithdrawal(await signer.getAddress(), 0n)),
  };
  console.log(JSON.stringify(result));
} finally {
  await prover.close();
  provider.destroy();
  await anvil.stop();
}
