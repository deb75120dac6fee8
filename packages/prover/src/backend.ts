// Which Groth16 prover runs: the native addon (@zkr/prover-native, Rust) when it loads, else
// snarkjs. The choice is made once per pool, in the main thread.
import { loadError, native } from '@zkr/prover-native';
import { InputError, ProverError } from './errors.js';

export type Backend = 'native' | 'snarkjs';
export const BACKENDS: readonly Backend[] = ['native', 'snarkjs'];

/** Why the native backend is unavailable, or undefined when it loads. */
export function nativeUnavailable(): string | undefined {
  return native ? undefined : (loadError?.message ?? 'the native prover did not load');
}

/** 'auto' (the default) is native when the addon loads, snarkjs otherwise. */
export function resolveBackend(requested: Backend | 'auto' = 'auto'): Backend {
  if (requested === 'auto') return native ? 'native' : 'snarkjs';
  if (!BACKENDS.includes(requested)) throw new InputError(`backend must be native, snarkjs or auto, received ${String(requested)}`);
  if (requested === 'native' && !native) throw new ProverError('prover.native_unavailable', `the native backend was asked for but ${nativeUnavailable()}`);
  return requested;
}
