// What travels between the pool and its workers (structured-clone friendly).
import type { Backend } from './backend.js';

export interface ProveJob {
  readonly circuitId: string;
  readonly wasm: string;
  readonly zkey: string;
  readonly input: Record<string, unknown>;
  readonly backend: Backend;
  /** snarkjs: 1 = singleThread; native: the size of the process-wide prover thread pool. */
  readonly threads: number;
  /** Test hook: the worker exits mid-job, to show a crash is contained. */
  readonly crashForTest?: boolean;
}

export type ProveOutcome =
  | {
      readonly ok: true;
      readonly proof: Groth16Proof;
      readonly publicSignals: string[];
      readonly witnessMs: number;
      readonly proveMs: number;
      readonly threadId: number;
    }
  /** `code`: the native prover's error code (ZKEY, WITNESS_FORMAT, UNSATISFIED, ...). */
  | { readonly ok: false; readonly stage: 'witness' | 'prove'; readonly message: string; readonly code?: string };

export interface Groth16Proof {
  readonly pi_a: string[];
  readonly pi_b: string[][];
  readonly pi_c: string[];
  readonly protocol: string;
  readonly curve: string;
}
