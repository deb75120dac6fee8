export * from './errors.js';
export { artifactsHashOf, queueNameOf } from './artifacts.js';
export { checkInput, parsePayload, parseOutput, PAYLOAD_VERSION, type JobPayload, type JobOutput, type CircuitInput } from './payload.js';
export { QueueProver, type QueueProverOptions, type QueueProofResult } from './queueProver.js';
export { ProverWorker, type ProverWorkerOptions, type WorkerCircuit } from './worker.js';
export { localCircuit, localArtifactHashes, startWorkerFor, runWorkerUntilSignalled, type WorkerLaunch } from './run.js';
export { queueStatus, readQueueStatus, type QueueStatus, type CircuitQueueStatus, type WorkerStatus } from './status.js';
export { startEmbeddedPostgres, EmbeddedPostgresServer, freePort, type EmbeddedPostgresOptions } from './embedded.js';
export { WORKER_MAIN } from './paths.js';
