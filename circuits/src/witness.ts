// The witness (.wtns bytes) of a compiled circuit for a circuit input: circom's wasm for a
// monolithic build, the parts' wasm one after another for a linked one.
import * as snarkjs from 'snarkjs';
import type { CompiledCircuit } from './compile.js';
import { calculateLinkedWitness } from './link/witness.js';

export async function calculateWitness(circuit: Pick<CompiledCircuit, 'build' | 'wasm'>, input: Record<string, unknown>): Promise<Uint8Array> {
  if (circuit.build === 'linked') return calculateLinkedWitness(circuit.wasm, input);
  const out: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
  await snarkjs.wtns.calculate(input, circuit.wasm, out);
  return out.data!;
}
