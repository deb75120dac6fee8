// The hash a job names its artifacts by: the setup manifest's circuit and file hashes, so two
// setups of one circuit (another ceremony, a rebuilt zkey) never share it.
import { createHash } from 'node:crypto';
import type { Manifest } from '@zkr/circuits';

export function artifactsHashOf(manifest: Pick<Manifest, 'circuit' | 'files'>): string {
  const { r1cs, wasm, zkey, vkey } = manifest.files;
  const canonical = JSON.stringify([manifest.circuit, r1cs.sha256, wasm.sha256, zkey.sha256, vkey.sha256]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** One pg-boss queue per circuit, so a worker takes only the circuits it has keys for. */
export function queueNameOf(circuitId: string): string {
  return `zkr-prove-${circuitId}`;
}

export const QUEUE_PREFIX = 'zkr-prove-';
