// A small circuit with every kind of r1cs entry — a public input and output, constants, linear
// terms and products — for the tests that compare setups byte for byte.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MIXED = `pragma circom 2.1.6;
template Mixed(n) {
  signal input x; signal input k[n]; signal output y;
  signal acc[n + 1];
  acc[0] <== x + 7;
  for (var i = 0; i < n; i++) acc[i + 1] <== (acc[i] - 3 * k[i]) * (k[i] + i);
  y <== acc[n] * 5 - x;
}
component main {public [x]} = Mixed(20);
`;

/** A valid input of the mixed circuit. */
export const MIXED_INPUT = { x: 3, k: Array.from({ length: 20 }, (_, i) => i + 1) };

/** Writes the mixed circuit's source into a fresh temporary folder; returns its path. */
export function writeMixedCircuit(): string {
  const source = join(mkdtempSync(join(tmpdir(), 'zkr-src-')), 'mixed.circom');
  writeFileSync(source, MIXED);
  return source;
}
