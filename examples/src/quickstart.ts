// zkr from end to end: L2 keys, the dev setup of a circuit, a local L1 (anvil), the rollup
// deployed, deposits, a transfer and a withdrawal on L2 proved and verified on L1, the
// withdrawal paid out on L1, and the L2 state rebuilt from L1 alone by a fresh client.
import { JsonRpcProvider, type Signer } from 'ethers';
import { publicKeyOf, randomPrivateKey, signOperation, type PrivateKey } from '@zkr/core';
import { setupCircuit } from '@zkr/circuits';
import { batchVerifierName, compileContracts } from '@zkr/contracts';
import { startAnvil } from '@zkr/contracts/testing';
import { createProver } from '@zkr/prover';
import { deployRollup, Operator, RollupClient, sync } from '@zkr/sdk';

const CIRCUIT = 'batch_1_d8'; // the smallest registered circuit: one operation per batch, depth 8
const ETH = 0n; // token 0
const UNIT = 10n ** 15n; // 0.001 ETH

// 1. Keys: every L2 account has an EdDSA-Poseidon key; a deposit names its public key.
const operatorKey = randomPrivateKey();
const aliceKey = randomPrivateKey();
const bobKey = randomPrivateKey();

// 2. Setup: compile the circuit and make its INSECURE development trusted setup (cached after
//    the first run; docs/protocol.md §7.8 says which setup is safe for what).
const circuit = await setupCircuit({ name: CIRCUIT });
const prover = createProver({ circuits: { [CIRCUIT]: circuit }, workers: 1 });

// 3. A local L1: anvil on 127.0.0.1, with funded accounts.
const anvil = await startAnvil();
const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50, cacheTimeout: -1 });
const reader = new JsonRpcProvider(anvil.rpcUrl);
try {
  const operatorL1 = await provider.getSigner(0); // three of anvil's funded L1 accounts
  const aliceL1 = await provider.getSigner(1);
  const bobL1 = await provider.getSigner(2);

  // 4. Deploy the rollup with the verifier of the circuit's setup (solc, cached).
  const artifacts = await compileContracts({ circuits: [CIRCUIT], setup: 'dev' });
  const client = await deployRollup({ signer: operatorL1, artifacts, depth: 8, verifiers: { 1: batchVerifierName(CIRCUIT) } });
  console.log(`rollup deployed at ${await client.address}`);

  // 5. Deposit: each opens an L2 account on L1 and queues it for the operator.
  const deposit = async (signer: Signer, key: PrivateKey, amount: bigint): Promise<number> => {
    const receipt = await client.connect(signer).deposit({ ...publicKeyOf(key), tokenId: ETH, amount });
    const [queued] = client.events(receipt, 'DepositQueued');
    return Number(queued!.accountIndex);
  };
  const feeAccount = await deposit(operatorL1, operatorKey, 1n); // the minimum deposit: zero reverts
  const alice = await deposit(aliceL1, aliceKey, 5n * UNIT);
  const bob = await deposit(bobL1, bobKey, UNIT);
  console.log(`deposited: accounts ${feeAccount} (operator's fees), ${alice} (Alice), ${bob} (Bob)`);

  // 6. Prove and submit: the operator mirrors L1's queue, builds one batch per operation, proves
  //    them concurrently and submits them in one L1 transaction, where they are verified.
  const operator = new Operator({ client, prove: (id, input) => prover.prove(id, input), circuits: { 1: CIRCUIT }, feeAccountIndex: feeAccount });
  const deposits = await operator.submitMany([feeAccount, alice, bob].map((accountIndex) => [{ type: 'deposit', accountIndex }]));
  console.log(`batches 1-3 (the deposits) verified on L1, ${deposits[0]!.receipt.gasUsed} gas`);

  // 7. Transfer and withdraw on L2: Alice pays Bob 2 units, Bob withdraws 3 units to his L1
  //    address. Each signs with their L2 key, over the rollup's domain and their account's nonce.
  const domain = await client.domain();
  const bobAddress = await bobL1.getAddress();
  const transfer = signOperation(aliceKey, { domain, nonce: 0n, op: { type: 'transfer', from: alice, to: bob, amount: 2n * UNIT, fee: UNIT / 100n } });
  const withdrawal = signOperation(bobKey, { domain, nonce: 0n, op: { type: 'withdraw', from: bob, amount: 3n * UNIT, fee: 0n, l1Address: bobAddress } });
  const l2 = await operator.submitMany([[transfer], [withdrawal]]);
  console.log(`batches 4-5 (transfer, withdrawal) verified on L1, ${l2[0]!.receipt.gasUsed} gas`);

  // 8. Withdraw on L1: the verified withdrawal credited Bob's address; he pulls the ETH.
  const credited = await client.pendingWithdrawal(bobAddress, ETH);
  const before = await provider.getBalance(bobAddress);
  const pulled = await client.connect(bobL1).withdraw(ETH);
  const received = (await provider.getBalance(bobAddress)) - before + pulled.gasUsed * pulled.gasPrice;
  console.log(`withdrawn on L1: ${received} wei (credited ${credited})`);

  // 9. Sync: a fresh client that knows only the rollup's address rebuilds the L2 state from L1
  //    data alone, and its root is the one L1 verified.
  const fresh = await RollupClient.at(await client.address, reader);
  const state = await sync(fresh, reader);
  console.log(`synced balances: Alice ${state.account(alice)!.balance}, Bob ${state.account(bob)!.balance}`);
  console.log(`roots agree: ${state.root === (await fresh.root()) && state.root === operator.state.root ? 'yes' : 'NO'}`);
} finally {
  await prover.close();
  provider.destroy();
  reader.destroy();
  await anvil.stop();
}
