// The one place that builds circomlibjs' Poseidon and EdDSA (async, WASM-backed); top-level
// await keeps the rest of core synchronous. circomlibjs was measured faster than poseidon-lite
// and @zk-kit/eddsa-poseidon here (see README); those two serve as independent test oracles.
import { buildEddsa, buildPoseidon } from 'circomlibjs';

const poseidonImpl = await buildPoseidon();
const eddsaImpl = await buildEddsa();

/** Poseidon with circomlib's parameters over 1..16 inputs. */
export function poseidon(inputs: readonly bigint[]): bigint {
  return poseidonImpl.F.toObject(poseidonImpl(inputs as bigint[])) as bigint;
}

export const eddsa = eddsaImpl;
