// Node-only accelerator: circomlibjs' Poseidon over ffjavascript's WASM field. Loaded on demand
// (never at import), so importing core stays cheap and the wallet entry never reaches it.
import { setPoseidonBackend } from './poseidon.js';

let loading: Promise<void> | undefined;

/**
 * Makes poseidon() use circomlibjs' WASM implementation from now on (same hashes, ~3.5x faster
 * per hash in Node; building it takes ~2 s once). Idempotent; core works without it.
 */
export function enableWasmPoseidon(): Promise<void> {
  if (loading !== undefined) return loading;
  const current: Promise<void> = import('circomlibjs').then(async ({ buildPoseidon }) => {
    const wasm = await buildPoseidon();
    // A disable during the build wins: only the latest request installs its backend.
    if (loading === current) setPoseidonBackend((inputs) => wasm.F.toObject(wasm(inputs)));
  });
  loading = current;
  return current;
}

/** Back to the default pure-JS Poseidon (poseidon-lite). */
export function disableWasmPoseidon(): void {
  loading = undefined;
  setPoseidonBackend(undefined);
}
