// @zkr/sdk: the runtime of a zkr rollup on L1 (MACI's split: @zkr/contracts builds, the sdk
// runs). The client, deploy, the operator, sync, typed events, batch planning and the operation
// JSON codec; it runs no compiler (spec §12).
export { RollupClient, type AccountInfo, RollupNotFoundError, RollupRevertError, solidityProof, type Groth16ProofJson, type ProvedBatch } from './client.js';
export { deployRollup, DEV_CHAIN_IDS, InsecureSetupError, insecureVerifiers, type DeployOptions, type InsecureVerifier } from './deploy.js';
export { sync, syncFrom, SyncError, type SyncCheckpoint, type SyncOptions } from './sync.js';
export { DEFAULT_LOG_PAGE, PRIORITY_EVENTS, priorityEntryOf, rollupLogs, type LogRange, type RollupLog } from './logs.js';
export { decodeRollupEvent, type RollupEvent } from './events.js';
export type { AbiObject, AbiValue, RollupEventArgs, RollupEventName } from './abiTypes.js';
export { deployedContract, mined, TransactionTimeoutError, type MinedOptions } from './mined.js';
export { Operator, type OperatorOptions, type ProveFunction, type ProvedBatchResult, type SubmittedBatch } from './operator.js';
export * from './codec.js';
