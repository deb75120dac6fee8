// The pool's test circuit, compiled and dev-set-up through @zkr/circuits (cached).
import { fileURLToPath } from 'node:url';
import { setupCircuit, type CircuitArtifacts } from '@zkr/circuits';
import { nativeUnavailable, type Backend, type CircuitFiles } from '../dist/index.js';

export const FIXTURE = fileURLToPath(new URL('./fixtures/product.circom', import.meta.url));

export async function fixtureArtifacts(): Promise<CircuitArtifacts> {
  return setupCircuit({ name: 'prover_fixture', source: FIXTURE });
}

export function filesOf(artifacts: CircuitArtifacts): CircuitFiles {
  return { wasm: artifacts.wasm, zkey: artifacts.zkey, vkey: artifacts.vkey, manifest: artifacts.manifest };
}

/** snarkjs, and native where the addon loads (test/backend.test.ts covers the fallback). */
export function availableBackends(): Backend[] {
  return nativeUnavailable() === undefined ? ['native', 'snarkjs'] : ['snarkjs'];
}
