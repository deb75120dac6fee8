// L1 gas of submitBatch on anvil with real proofs: a batch full of transfers split into
// verification (measured on-chain by GasProbe, which reverts unless the verifier returned true),
// calldata and the rest (storage, parsing, events); then a batch full of withdrawals, whose extra
// cost over the transfers is the withdrawal processing (the L1 credit).
import { Contract, ContractFactory, getAddress, JsonRpcProvider, type TransactionReceipt } from 'ethers';
import { setupCircuit, type CircuitArtifacts } from '@zkr/circuits';
import { publicKeyOf, signOperation, type Operation, type PrivateKey, type SignedOperation } from '@zkr/core';
import { createProver } from '@zkr/prover';
import { compileContracts, deployRollup, Operator, solidityProof, startAnvil } from '@zkr/contracts';
import type { GasResult } from '../report.js';

const key = (n: number): PrivateKey => new Uint8Array(32).fill(n);

function calldataGas(data: string): number {
  let gas = 0;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === '00' ? 4 : 16;
  return gas;
}

/** Gas of full batches of transfers on one rollup of tree depth `depth` with these circuits. */
type MeasuredGas = Omit<GasResult, 'marginalGasPerTransfer'>;

export async function measureGas(options: { depth: number; circuits: readonly { name: string; batchSize: number }[]; log: (m: string) => void }): Promise<MeasuredGas[]> {
  const files: Record<string, CircuitArtifacts> = {};
  for (const { name } of options.circuits) files[name] = await setupCircuit({ name });
  const artifacts = await compileContracts({ circuits: options.circuits.map((c) => c.name) });
  const anvil = await startAnvil();
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50 });
  const prover = createProver({ circuits: files });
  try {
    const signer = await provider.getSigner(0);
    const client = await deployRollup({
      signer,
      artifacts,
      depth: options.depth,
      verifiers: Object.fromEntries(options.circuits.map((c) => [c.batchSize, `Groth16Verifier_${c.name}`])),
    });
    const circuits = Object.fromEntries(options.circuits.map((c) => [c.batchSize, c.name]));
    const operator = new Operator({ client, prove: (id, input) => prover.prove(id, input), circuits, feeAccountIndex: 0 });
    const probeFactory = new ContractFactory(artifacts['GasProbe']!.abi as never, artifacts['GasProbe']!.bytecode, signer);
    const probe = (await (await probeFactory.deploy()).waitForDeployment()) as Contract;

    for (let i = 0; i < 3; i++) await client.deposit({ ...publicKeyOf(key(i + 1)), tokenId: 0n, amount: 10n ** 18n });
    const smallest = Math.min(...options.circuits.map((c) => c.batchSize));
    for (let i = 0; i < 3; i += smallest) {
      await operator.submit(Array.from({ length: Math.min(smallest, 3 - i) }, (_, j) => ({ type: 'deposit', accountIndex: i + j }) as Operation));
    }

    // Every withdrawal credits a fresh L1 address: a first write to its pending-withdrawal slot,
    // the costly (and usual) case.
    let nextL1Address = 0x1000;
    const submitFull = async (batchSize: number, opOf: (slot: number, from: number, nonce: bigint) => Operation) => {
      const ops: Operation[] = [];
      for (let slot = 0; slot < batchSize; slot++) {
        const from = 1 + (slot % 2);
        const nonce = operator.state.account(from)!.nonce + BigInt(ops.filter((op) => 'from' in op && op.from === from).length);
        ops.push(opOf(slot, from, nonce));
      }
      await operator.pullQueue();
      const { batch, proof, next } = await operator.prove(ops, { batchSize });
      const receipt: TransactionReceipt = await client.submitBatch(batch, 0, proof);
      operator.state = next;
      const tx = await provider.getTransaction(receipt.hash);
      return { batch, proof, total: Number(receipt.gasUsed), calldata: calldataGas(tx!.data) };
    };
    const domain = await operator.domain();
    const sign = (from: number, nonce: bigint, op: SignedOperation): Operation => signOperation(key(from + 1), { domain, op, nonce });

    const results: MeasuredGas[] = [];
    for (const { name, batchSize } of options.circuits) {
      const transfers = await submitFull(batchSize, (_, from, nonce) => sign(from, nonce, { type: 'transfer', from, to: 3 - from, amount: 10n ** 15n, fee: 10n ** 12n }));
      const withdrawals = await submitFull(batchSize, (_, from, nonce) =>
        sign(from, nonce, { type: 'withdraw', from, amount: 10n ** 15n, fee: 10n ** 12n, l1Address: getAddress(`0x${(nextL1Address++).toString(16).padStart(40, '0')}`) }),
      );
      const p = solidityProof(transfers.proof);
      const verifier = new Contract(await client.contract.getFunction('verifiers')(batchSize), artifacts[`Groth16Verifier_${name}`]!.abi as never, provider);
      const verifyData = verifier.interface.encodeFunctionData('verifyProof', [[p[0], p[1]], [[p[2], p[3]], [p[4], p[5]]], [p[6], p[7]], transfers.batch.publicSignals]);
      const verificationGas = Number(await probe.getFunction('measure')(await verifier.getAddress(), verifyData));
      results.push({
        circuit: name,
        depth: options.depth,
        batchSize,
        transfers: batchSize,
        totalGas: transfers.total,
        verificationGas,
        calldataGas: transfers.calldata,
        otherGas: transfers.total - 21_000 - transfers.calldata - verificationGas,
        gasPerTransfer: Math.round(transfers.total / batchSize),
        calldataBytesPerTransfer: transfers.batch.opBytes.length / batchSize,
        withdrawals: {
          totalGas: withdrawals.total,
          calldataGas: withdrawals.calldata,
          gasPerWithdrawal: Math.round(withdrawals.total / batchSize),
          // Same proof size and public inputs as the transfer batch: the rest is the credit.
          processingGasPerWithdrawal: Math.round((withdrawals.total - withdrawals.calldata - (transfers.total - transfers.calldata)) / batchSize),
        },
      });
      options.log(`gas ${name}: ${transfers.total} total, ${verificationGas} verification, ${transfers.calldata} calldata; a batch of withdrawals ${withdrawals.total}`);
    }
    return results;
  } finally {
    await prover.close();
    provider.destroy();
    await anvil.stop();
  }
}

/** Adds what one more transfer costs beyond the fixed part: the slope between the smallest and
 * the largest batch measured. L1 gas does not depend on the tree depth, so rows of different
 * depths share one slope. */
export function withMarginalGas(rows: readonly MeasuredGas[]): GasResult[] {
  const sorted = [...rows].sort((a, b) => a.batchSize - b.batchSize);
  const [a, b] = [sorted[0], sorted.at(-1)];
  const marginal = a && b && b.batchSize > a.batchSize ? Math.round((b.totalGas - a.totalGas) / (b.batchSize - a.batchSize)) : null;
  return rows.map((row) => ({ ...row, marginalGasPerTransfer: marginal }));
}
