export { compileContracts, type Artifacts, type CompiledContract } from './compile.js';
export { startAnvil, type Anvil } from './anvil.js';
export { batchVerifierName, batchVerifierOf, batchVerifierSource, exportBatchVerifier, verificationKeyHash, type BatchVerifierExport, parseVerificationKey, VerificationKeyError, type VerificationKey } from './batchVerifier.js';
export { RollupClient, type AccountInfo, RollupNotFoundError, RollupRevertError, solidityProof, type Groth16ProofJson, type ProvedBatch } from './client.js';
export { deployRollup, DEV_CHAIN_IDS, InsecureSetupError, insecureVerifiers, type DeployOptions, type InsecureVerifier } from './deploy.js';
export { sync, syncFrom, SyncError, type SyncCheckpoint, type SyncOptions } from './sync.js';
export { DEFAULT_LOG_PAGE, rollupLogs, type LogRange, type RollupLog } from './logs.js';
export { deployedContract, mined, TransactionTimeoutError, type MinedOptions } from './mined.js';
export { Operator, type OperatorOptions, type ProveFunction, type ProvedBatchResult, type SubmittedBatch } from './operator.js';
