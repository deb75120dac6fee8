// Poseidon with circomlib's parameters. The default is poseidon-lite (plain bigint, synchronous,
// runs in a browser, nothing to build at import); Node callers that hash a lot may switch to
// circomlibjs' WASM field (about 3.5x faster per hash, but ~2 s to build) with
// enableWasmPoseidon() from the Node entry. Both give the same hashes (test/kat.test.ts).
import { poseidon1 } from 'poseidon-lite/poseidon1';
import { poseidon2 } from 'poseidon-lite/poseidon2';
import { poseidon3 } from 'poseidon-lite/poseidon3';
import { poseidon4 } from 'poseidon-lite/poseidon4';
import { poseidon5 } from 'poseidon-lite/poseidon5';
import { poseidon6 } from 'poseidon-lite/poseidon6';
import { InvalidOperation } from './errors.js';

/** The widest Poseidon the protocol uses is 5 inputs (an account leaf, the EdDSA challenge). */
export const POSEIDON_MAX_INPUTS = 6;

type PoseidonFn = (inputs: readonly bigint[]) => bigint;

const byArity: readonly ((inputs: bigint[]) => bigint)[] = [poseidon1, poseidon2, poseidon3, poseidon4, poseidon5, poseidon6];

const liteBackend: PoseidonFn = (inputs) => byArity[inputs.length - 1]!(inputs as bigint[]);

let backend: PoseidonFn = liteBackend;

/** Poseidon with circomlib's parameters over 1..6 inputs. */
export function poseidon(inputs: readonly bigint[]): bigint {
  if (inputs.length < 1 || inputs.length > POSEIDON_MAX_INPUTS) {
    throw new InvalidOperation(`Poseidon takes 1..${POSEIDON_MAX_INPUTS} inputs, received ${inputs.length}`, { field: 'inputs' });
  }
  return backend(inputs);
}

/** Swaps the implementation behind poseidon(); only for a backend proven to hash the same. */
export function setPoseidonBackend(implementation: PoseidonFn | undefined): void {
  backend = implementation ?? liteBackend;
}
