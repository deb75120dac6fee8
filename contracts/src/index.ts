export { compileContracts, type Artifacts, type CompiledContract } from './compile.js';
export { startAnvil, type Anvil } from './anvil.js';
export { deployRollup, RollupClient, RollupNotFoundError, RollupRevertError, solidityProof, sync, type DeployOptions, type Groth16ProofJson } from './client.js';
export { Operator, type OperatorOptions, type ProveFunction, type SubmittedBatch } from './operator.js';
