// The compiled circuits' public signals are @zkr/core's layout (spec §6.1) in its order: wire
// k + 1 of the r1cs (wire 0 is the constant 1) is named `main.<publicSignalNames(N)[k]>` in the
// .sym, for a monolithic instance (circom orders them) and a linked one (the linker does).
import { publicSignalCount, publicSignalNames } from '@zkr/core';
import { compileCircuit, getInstance, loadRegistry, readR1csHeader } from '../src/index.js';
import { readSym } from '../src/link/plan.js';

/** The names the .sym gives each of the wires 1..count. */
async function publicWireNames(sym: string, count: number): Promise<string[][]> {
  const names: string[][] = Array.from({ length: count }, () => []);
  for (const line of await readSym(sym)) if (line.wire >= 1 && line.wire <= count) names[line.wire - 1]!.push(line.name);
  return names;
}

test("the registry lists each instance's public signals from core's layout", () => {
  for (const instance of loadRegistry()) expect(instance.publicSignals).toEqual(publicSignalNames(instance.batchSize));
});

describe.each(['batch_2_d8', 'batch_2_d8_linked'])('%s', (name) => {
  test("its public wires are the registry's public signals, in order", async () => {
    const instance = getInstance(name);
    const compiled = await compileCircuit({ name });
    const header = await readR1csHeader(compiled.r1cs);
    expect(header.publicOutputs + header.publicInputs).toBe(publicSignalCount(instance.batchSize));
    expect(compiled.publicInputs).toBe(instance.publicSignals.length);
    const names = await publicWireNames(compiled.sym, instance.publicSignals.length);
    for (const [k, signal] of instance.publicSignals.entries()) expect(names[k]).toContain(`main.${signal}`);
  });
});
