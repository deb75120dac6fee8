export * from './errors.js';
export {
  createProver,
  Prover,
  type CircuitFiles,
  type ProofThreads,
  type ProverOptions,
  type ProveOptions,
  type ProofResult,
  type ProverStats,
} from './pool.js';
export { BACKENDS, nativeUnavailable, resolveBackend, type Backend } from './backend.js';
export type { Groth16Proof } from './job.js';
