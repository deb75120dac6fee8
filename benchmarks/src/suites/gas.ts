// L1 gas of submitBatches on anvil with real proofs: a batch full of transfers split into
// verification (measured on-chain by GasProbe, which reverts unless the verifier returned true;
// snarkjs' own verifier measured beside ours as the baseline), calldata and the rest (storage,
// parsing, events); a batch full of withdrawals, whose extra cost over the transfers is the
// withdrawal processing (the L1 credit); then k = 1, 2, 4, 8, 16 full batches in one transaction.
// Per batch size: 16 consecutive transfer batches and one of withdrawals are proved (17 proofs).
import { Contract, ContractFactory, getAddress, JsonRpcProvider, type ContractRunner, type TransactionReceipt } from 'ethers';
import { setupCircuit, type CircuitArtifacts } from '@zkr/circuits';
import { publicKeyOf, signOperation, type Operation, type PrivateKey, type SignedOperation } from '@zkr/core';
import { createProver } from '@zkr/prover';
import { batchVerifierName, compileContracts, type Artifacts } from '@zkr/contracts';
import { compileTestContracts } from '@zkr/contracts/test-contracts';
import { startAnvil } from '@zkr/contracts/testing';
import { deployedContract, deployRollup, Operator, solidityProof, type ProveFunction, type ProvedBatchResult } from '@zkr/sdk';
import type { BatchesPerTxGas, GasResult } from '../report.js';
import { cachedProver, type ProofCacheStats } from './proofCache.js';

const key = (n: number): PrivateKey => new Uint8Array(32).fill(n);

/** Fees go to account 3, not 0: with a non-zero fee account index every public input of a full
 * batch is non-zero, so our verifier (which skips the ecMul of a zero input) is compared with
 * snarkjs' at its full cost. Accounts 1 and 2 send the transfers. */
const FEE_ACCOUNT = 3;

function calldataGas(data: string): number {
  let gas = 0;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === '00' ? 4 : 16;
  return gas;
}

/** Gas of full batches of transfers on one rollup of tree depth `depth` with these circuits. */
type MeasuredGas = Omit<GasResult, 'marginalGasPerTransfer' | 'batchesPerTx'> & {
  readonly batchesPerTx: readonly Omit<BatchesPerTxGas, 'marginalGasPerTransfer'>[];
};

export async function measureGas(options: {
  depth: number;
  circuits: readonly { name: string; batchSize: number }[];
  /** How many batches per transaction to measure (default 1, 2, 4, 8, 16). */
  batchesPerTx?: readonly number[];
  /** Keep proofs here and reuse those of the same zkey and input (proofCache.ts). */
  proofCache?: string;
  log: (m: string) => void;
}): Promise<MeasuredGas[]> {
  const batchesPerTx = options.batchesPerTx ?? [1, 2, 4, 8, 16];
  const files: Record<string, CircuitArtifacts> = {};
  for (const { name } of options.circuits) files[name] = await setupCircuit({ name });
  const names = options.circuits.map((c) => c.name);
  const artifacts = await compileContracts({ circuits: names, snarkjsVerifiers: names });
  const anvil = await startAnvil();
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50 });
  const prover = createProver({ circuits: files });
  try {
    const signer = await provider.getSigner(0);
    const client = await deployRollup({
      signer,
      artifacts,
      depth: options.depth,
      verifiers: Object.fromEntries(options.circuits.map((c) => [c.batchSize, batchVerifierName(c.name)])),
    });
    const circuits = Object.fromEntries(options.circuits.map((c) => [c.batchSize, c.name]));
    const proveNow: ProveFunction = (id, input) => prover.prove(id, input);
    const cacheStats: ProofCacheStats = { hits: 0, proved: 0 };
    const prove = options.proofCache === undefined ? proveNow : cachedProver(proveNow, files, options.proofCache, cacheStats);
    const opening = new Operator({ client, prove, circuits, feeAccountIndex: 0 });
    const { GasProbe } = compileTestContracts();
    const probeFactory = new ContractFactory(GasProbe!.abi as never, GasProbe!.bytecode, signer);
    const probe = (await deployedContract(await probeFactory.deploy())) as Contract;

    const accounts = FEE_ACCOUNT + 1;
    for (let i = 0; i < accounts; i++) await client.deposit({ ...publicKeyOf(key(i + 1)), tokenId: 0n, amount: 10n ** 18n });
    // The client reads the queue up to the provider's block number, which ethers may serve from
    // a cache a block old: wait until every deposit is seen.
    while ((await client.priorityEntries()).length < accounts) await new Promise((resolve) => setTimeout(resolve, 100));
    const smallest = Math.min(...options.circuits.map((c) => c.batchSize));
    for (let i = 0; i < accounts; i += smallest) {
      await opening.submit(Array.from({ length: Math.min(smallest, accounts - i) }, (_, j) => ({ type: 'deposit', accountIndex: i + j }) as Operation));
    }
    const operator = new Operator({ client, prove, circuits, feeAccountIndex: FEE_ACCOUNT, state: opening.state });

    // Every withdrawal credits a fresh L1 address: a first write to its pending-withdrawal slot,
    // the costly (and usual) case.
    let nextL1Address = 0x1000;
    /** `count` consecutive full batches; accounts 1 and 2 take turns, nonces counted along. */
    const fullBatches = (batchSize: number, count: number, opOf: (from: number, nonce: bigint) => Operation): Operation[][] => {
      const sent = [0n, 0n, 0n];
      return Array.from({ length: count }, () =>
        Array.from({ length: batchSize }, (_, slot) => {
          const from = 1 + (slot % 2);
          return opOf(from, operator.state.account(from)!.nonce + sent[from]!++);
        }),
      );
    };
    const submit = async (proved: readonly ProvedBatchResult[]) => {
      const receipt: TransactionReceipt = await client.submitBatches(proved.map(({ batch, proof }) => ({ batch, feeAccountIndex: FEE_ACCOUNT, proof })));
      const tx = await provider.getTransaction(receipt.hash);
      return { total: Number(receipt.gasUsed), calldata: calldataGas(tx!.data) };
    };
    /** Proves and submits one full batch, and advances the operator's mirror. */
    const submitFull = async (batchSize: number, opOf: (from: number, nonce: bigint) => Operation) => {
      const [proved] = await operator.proveMany(fullBatches(batchSize, 1, opOf), { batchSize });
      const gas = await submit([proved!]);
      operator.state = proved!.next;
      return { batch: proved!.batch, proof: proved!.proof, ...gas };
    };
    const domain = await operator.domain();
    const sign = (from: number, nonce: bigint, op: SignedOperation): Operation => signOperation(key(from + 1), { domain, op, nonce });
    const transfer = (from: number, nonce: bigint): Operation =>
      sign(from, nonce, { type: 'transfer', from, to: 3 - from, amount: 10n ** 15n, fee: 10n ** 12n });
    const measure = async (verifier: string, data: string): Promise<number> => Number(await probe.getFunction('measure')(verifier, data));

    const results: MeasuredGas[] = [];
    for (const { name, batchSize } of options.circuits) {
      // k full batches in one transaction: 16 consecutive batches proved once, the first k of
      // them submitted from one snapshot (anvil's evm_snapshot / evm_revert) for each k, so every
      // k starts from the same state. k = 1 is also the single batch of transfers measured below.
      const started = performance.now();
      const chained = await operator.proveMany(fullBatches(batchSize, Math.max(...batchesPerTx, 1), transfer), { batchSize });
      options.log(`gas ${name}: ${chained.length} batches proved in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const verifier = new Contract(await client.contract.getFunction('verifiers')(batchSize), artifacts[batchVerifierName(name)]!.abi as never, provider);
      const verifyData = (proved: readonly { batch: { publicSignals: readonly bigint[] }; proof: ProvedBatchResult['proof'] }[]): string =>
        verifier.interface.encodeFunctionData('verifyProofs', [proved.map((b) => solidityProof(b.proof)), proved.flatMap((b) => b.batch.publicSignals)]);
      const perTx: MeasuredGas['batchesPerTx'][number][] = [];
      let transfers: { batch: ProvedBatchResult['batch']; proof: ProvedBatchResult['proof']; total: number; calldata: number } | undefined;
      for (const k of [...new Set([1, ...batchesPerTx])].sort((a, b) => a - b)) {
        const snapshot: string = await provider.send('evm_snapshot', []);
        const gas = await submit(chained.slice(0, k));
        await provider.send('evm_revert', [snapshot]);
        if (k === 1) transfers = { batch: chained[0]!.batch, proof: chained[0]!.proof, ...gas };
        if (!batchesPerTx.includes(k)) continue;
        const verification = await measure(await verifier.getAddress(), verifyData(chained.slice(0, k)));
        const single = transfers!.total;
        perTx.push({
          batchesPerTx: k,
          totalGas: gas.total,
          calldataGas: gas.calldata,
          verificationGas: verification,
          gasPerBatch: Math.round(gas.total / k),
          gasPerTransfer: Math.round(gas.total / (k * batchSize)),
          vsSingle: Math.round((gas.total / k / single) * 1000) / 1000,
        });
        options.log(
          `gas ${name}: ${k} batches in one transaction: ${gas.total} total, ${Math.round(gas.total / k)} per batch, ${Math.round(gas.total / (k * batchSize))} per transfer, ${verification} verification`,
        );
      }
      const verificationGas = await measure(await verifier.getAddress(), verifyData([transfers!]));
      const snarkjsVerificationGas = await measureSnarkjs(name, transfers!, signer, artifacts, measure);
      const withdrawals = await submitFull(batchSize, (from, nonce) =>
        sign(from, nonce, {
          type: 'withdraw',
          from,
          amount: 10n ** 15n,
          fee: 10n ** 12n,
          l1Address: getAddress(`0x${(nextL1Address++).toString(16).padStart(40, '0')}`),
        }),
      );
      const single = transfers!;
      results.push({
        circuit: name,
        depth: options.depth,
        batchSize,
        transfers: batchSize,
        totalGas: single.total,
        verificationGas,
        snarkjsVerificationGas,
        calldataGas: single.calldata,
        otherGas: single.total - 21_000 - single.calldata - verificationGas,
        gasPerTransfer: Math.round(single.total / batchSize),
        calldataBytesPerTransfer: single.batch.opBytes.length / batchSize,
        withdrawals: {
          totalGas: withdrawals.total,
          calldataGas: withdrawals.calldata,
          gasPerWithdrawal: Math.round(withdrawals.total / batchSize),
          // Same proof size and public inputs as the transfer batch: the rest is the credit.
          processingGasPerWithdrawal: Math.round((withdrawals.total - withdrawals.calldata - (single.total - single.calldata)) / batchSize),
        },
        batchesPerTx: perTx,
      });
      options.log(
        `gas ${name}: ${single.total} total, ${verificationGas} verification (snarkjs' verifier ${snarkjsVerificationGas}), ${single.calldata} calldata; a batch of withdrawals ${withdrawals.total}`,
      );
    }
    if (options.proofCache !== undefined) options.log(`gas: ${cacheStats.proved} proofs made, ${cacheStats.hits} taken from ${options.proofCache}`);
    return results;
  } finally {
    await prover.close();
    provider.destroy();
    await anvil.stop();
  }
}

/** The baseline: snarkjs' exported single-proof verifier, deployed on its own, on the same proof. */
async function measureSnarkjs(
  name: string,
  proved: { batch: { publicSignals: readonly bigint[] }; proof: ProvedBatchResult['proof'] },
  signer: ContractRunner,
  artifacts: Artifacts,
  measure: (verifier: string, data: string) => Promise<number>,
): Promise<number> {
  const artifact = artifacts[`Groth16Verifier_${name}`]!;
  const verifier = (await deployedContract(await new ContractFactory(artifact.abi as never, artifact.bytecode, signer).deploy())) as Contract;
  const p = solidityProof(proved.proof);
  return measure(
    await verifier.getAddress(),
    verifier.interface.encodeFunctionData('verifyProof', [
      [p[0], p[1]],
      [
        [p[2], p[3]],
        [p[4], p[5]],
      ],
      [p[6], p[7]],
      proved.batch.publicSignals,
    ]),
  );
}

/** The rows of an earlier run with this run's in place of those of the same circuit, by batch
 * size (each keeps the date it was measured: `measuredAt`, or the earlier record's). */
export function mergeGasRows(previous: readonly GasResult[], now: readonly GasResult[]): GasResult[] {
  const replaced = new Set(now.map((row) => row.circuit));
  return [...previous.filter((row) => !replaced.has(row.circuit)), ...now].sort((a, b) => a.batchSize - b.batchSize || a.depth - b.depth);
}

/** Adds what one more transfer costs beyond the fixed part: the slope between the smallest and
 * the largest batch measured, for one batch per transaction and for each k batches per
 * transaction. L1 gas does not depend on the tree depth, so rows of different depths share one
 * slope. */
type GasRow = Omit<MeasuredGas, 'batchesPerTx'> & { readonly batchesPerTx?: MeasuredGas['batchesPerTx'] };

export function withMarginalGas(rows: readonly GasRow[]): GasResult[] {
  const sorted = [...rows].sort((a, b) => a.batchSize - b.batchSize);
  const [a, b] = [sorted[0], sorted.at(-1)];
  const slope = (gasOf: (row: GasRow) => number | undefined): number | null => {
    if (!a || !b || b.batchSize <= a.batchSize) return null;
    const [ga, gb] = [gasOf(a), gasOf(b)];
    return ga === undefined || gb === undefined ? null : Math.round((gb - ga) / (b.batchSize - a.batchSize));
  };
  const perBatch = (k: number) => (row: GasRow) => row.batchesPerTx?.find((m) => m.batchesPerTx === k)?.gasPerBatch;
  return rows.map(({ batchesPerTx, ...row }) => ({
    ...row,
    marginalGasPerTransfer: slope((r) => r.totalGas),
    ...(batchesPerTx ? { batchesPerTx: batchesPerTx.map((m) => ({ ...m, marginalGasPerTransfer: slope(perBatch(m.batchesPerTx)) })) } : {}),
  }));
}
