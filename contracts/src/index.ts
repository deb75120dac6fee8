export { compileContracts, type Artifacts, type CompiledContract } from './compile.js';
export { startAnvil, type Anvil } from './anvil.js';
export { batchVerifierName, batchVerifierSource, exportBatchVerifier, parseVerificationKey, VerificationKeyError, type VerificationKey } from './batchVerifier.js';
export { deployRollup, RollupClient, type AccountInfo, RollupNotFoundError, RollupRevertError, solidityProof, sync, type DeployOptions, type Groth16ProofJson, type ProvedBatch } from './client.js';
export { deployedContract, mined, TransactionTimeoutError, type MinedOptions } from './mined.js';
export { Operator, type OperatorOptions, type ProveFunction, type ProvedBatchResult, type SubmittedBatch } from './operator.js';
