// The heavy packages, imported when a command runs rather than when zkr starts: loading them all
// took ~3 s, which every call paid, --help included. Command modules import only types statically.
import { UsageError } from './errors.js';
export const loadCore = () => import('@zkr/core');
export const loadCircuits = () => import('@zkr/circuits');
export const loadContracts = () => import('@zkr/contracts');
export const loadSdk = () => import('@zkr/sdk');
export const loadProver = () => import('@zkr/prover');
export const loadQueue = () => import('@zkr/queue');
/** The harness is not a dependency of the CLI (it is no library): loaded only if installed. */
export async function loadBenchmarks(): Promise<typeof import('@zkr/benchmarks')> {
  try {
    return await import('@zkr/benchmarks');
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes("'@zkr/benchmarks'");
    if (missing) throw new UsageError('zkr bench needs the benchmark harness: npm install @zkr/benchmarks (or run npm run bench in the zkr repository)');
    throw error;
  }
}
export const loadEthers = () => import('ethers');
