// @zkr/contracts: the build-time side of zkr's L1 (MACI's split). The Solidity, its typed
// artifacts compiled at build time (also at '@zkr/contracts/artifacts', which loads no
// compiler), the batch verifier generator and the solc build of per-setup verifiers. The runtime
// (client, operator, deploy, sync) is @zkr/sdk; anvil is '@zkr/contracts/testing'.
export { compileContracts, compileSolidity, contractsCacheDir, type Artifacts, type CompiledContract, type CompileOptions } from './compile.js';
export {
  fixedArtifacts,
  poseidon4Abi,
  poseidon4Bytecode,
  poseidon5Abi,
  poseidon5Bytecode,
  rollupAbi,
  rollupBytecode,
  SOLC_SETTINGS,
  SOLC_VERSION,
} from './artifacts.js';
export {
  BASE_FIELD,
  batchVerifierName,
  batchVerifierOf,
  batchVerifierSource,
  exportBatchVerifier,
  verificationKeyHash,
  type BatchVerifierExport,
  parseVerificationKey,
  VerificationKeyError,
  type VerificationKey,
} from './batchVerifier.js';
