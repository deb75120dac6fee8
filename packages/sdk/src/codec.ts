// @zkr/sdk/codec: what needs no chain and loads no ethers — the field parsers, the operation JSON
// codec and batch planning — so that a CLI or a server can check input before loading the rest.
export { planBatches, splitEvenly, type BatchPlanOptions } from './batchPlan.js';
export { operationToJson, parseOperation, parseOperations } from './operations.js';
export { InvalidFieldError, objectAt, parseAddress, parseAmount, parseCount, parsePositive, parseUint, parseUintBits } from './fields.js';
