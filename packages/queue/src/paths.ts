import { fileURLToPath } from 'node:url';

/** The worker process entry (dist/workerMain.js) for `node WORKER_MAIN '<json>'`. */
export const WORKER_MAIN = fileURLToPath(new URL('./workerMain.js', import.meta.url));
