// What travels between the pool and its workers (structured-clone friendly).
export interface ProveJob {
  readonly circuitId: string;
  readonly wasm: string;
  readonly zkey: string;
  readonly input: Record<string, unknown>;
  readonly singleThread: boolean;
  /** Test hook: the worker exits mid-job, to show a crash is contained. */
  readonly crashForTest?: boolean;
}

export type ProveOutcome =
  | { readonly ok: true; readonly proof: Groth16Proof; readonly publicSignals: string[]; readonly witnessMs: number; readonly proveMs: number; readonly threadId: number }
  | { readonly ok: false; readonly stage: 'witness' | 'prove'; readonly message: string };

export interface Groth16Proof {
  readonly pi_a: string[];
  readonly pi_b: string[][];
  readonly pi_c: string[];
  readonly protocol: string;
  readonly curve: string;
}
