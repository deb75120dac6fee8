export { startNode, type NodeOptions, type ZkrNode } from './node.js';
export { openDatabase, type Database, type Sql } from './store/database.js';
export { NodeStore, DuplicateOperationError, type StoredOperation, type StoredBatch, type StoredTransaction, type RejectReason } from './store/store.js';
export { OPERATION_STATUSES, type OperationStatus } from './store/schema.js';
export { RequestError, PendingState } from './intake.js';
export { operationFromJson, operationToJson, signatureKey, type OperationJson, type SignedOperationJson, type SignatureJson } from './operationJson.js';
export { Submitter, type Settlement } from './submitter.js';
export { Pipeline } from './pipeline.js';
export { runNodeCommand, runNodeMain, OPERATOR_KEY_ENV } from './command.js';
