// A real rollup for tests: anvil on loopback, the compiled contracts with the verifiers of the
// small registry instances, the prover pool, and an operator that mirrors L1's priority queue
// into @zkr/core, builds batches, proves and submits them.
import { JsonRpcProvider, type Signer } from 'ethers';
import { setupCircuit } from '@zkr/circuits';
import { publicKeyOf, RollupState, signOperation, type BatchResult, type Operation, type PrivateKey, type TransferOp, type WithdrawOp } from '@zkr/core';
import { createProver, type Prover } from '@zkr/prover';
import { compileContracts, deployRollup, startAnvil, type Anvil, type Artifacts, type RollupClient } from '../src/index.js';

export const DEPTH = 8;
export const CIRCUITS = { 1: 'batch_1_d8', 2: 'batch_2_d8' } as const;

export interface Harness {
  anvil: Anvil;
  provider: JsonRpcProvider;
  artifacts: Artifacts;
  prover: Prover;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const files: Record<string, { wasm: string; zkey: string; vkey: string; manifest: string }> = {};
  for (const name of Object.values(CIRCUITS)) {
    const a = await setupCircuit({ name });
    files[name] = { wasm: a.wasm, zkey: a.zkey, vkey: a.vkey, manifest: a.manifest };
  }
  const artifacts = await compileContracts({ circuits: Object.values(CIRCUITS) });
  const anvil = await startAnvil();
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { polling: true, pollingInterval: 50 });
  const prover = createProver({ circuits: files, selfCheck: true });
  return {
    anvil,
    provider,
    artifacts,
    prover,
    async close() {
      await prover.close();
      provider.destroy();
      await anvil.stop();
    },
  };
}

export const verifierNames = (): Record<number, string> =>
  Object.fromEntries(Object.entries(CIRCUITS).map(([size, name]) => [Number(size), `Groth16Verifier_${name}`]));

/** One rollup deployment and the operator's mirror of its state. */
export class Operator {
  state = RollupState.empty({ depth: DEPTH });
  private domain = 0n;

  private constructor(
    readonly client: RollupClient,
    readonly harness: Harness,
  ) {}

  static async deploy(harness: Harness, signer: Signer, options: { priorityDeadline?: number } = {}): Promise<Operator> {
    const client = await deployRollup({ signer, artifacts: harness.artifacts, depth: DEPTH, verifiers: verifierNames(), ...options });
    const operator = new Operator(client, harness);
    operator.domain = await client.domain();
    return operator;
  }

  /** Mirrors priority entries L1 queued since the last call. */
  async pullQueue(): Promise<void> {
    const entries = await this.client.priorityEntries();
    for (const entry of entries.slice(this.state.queuedPriority)) this.state.enqueuePriority(entry);
  }

  transfer(key: PrivateKey, op: Omit<TransferOp, 'type' | 'signature'>): TransferOp {
    return signOperation(key, { domain: this.domain, op: { type: 'transfer', ...op }, nonce: this.state.account(op.from)!.nonce });
  }

  withdraw(key: PrivateKey, op: Omit<WithdrawOp, 'type' | 'signature'>): WithdrawOp {
    return signOperation(key, { domain: this.domain, op: { type: 'withdraw', ...op }, nonce: this.state.account(op.from)!.nonce });
  }

  /** Applies to a copy, proves; the mirror changes only once L1 accepted the batch. */
  async prove(operations: Operation[], batchSize: 1 | 2, state: RollupState = this.state): Promise<{ batch: BatchResult; proof: { pi_a: string[]; pi_b: string[][]; pi_c: string[] }; next: RollupState }> {
    const next = state.clone();
    const batch = next.applyBatch({ operations, batchSize, feeAccountIndex: 0, domain: this.domain });
    const { proof } = await this.harness.prover.prove(CIRCUITS[batchSize], batch.circuitInput);
    return { batch, proof, next };
  }

  async submit(operations: Operation[], batchSize: 1 | 2): Promise<BatchResult> {
    await this.pullQueue();
    const { batch, proof, next } = await this.prove(operations, batchSize);
    await this.client.submitBatch(batch, 0, proof);
    this.state = next;
    return batch;
  }
}

export const key = (n: number): PrivateKey => new Uint8Array(32).fill(n);
export const pub = (n: number): { ax: bigint; ay: bigint } => publicKeyOf(key(n));
