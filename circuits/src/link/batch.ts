// The linked Batch(N, levels): N copies of SlotPart (templates/slot_part.circom) chained root
// to root, chain to chain, fee sum to fee sum, then BatchTail (templates/tail.circom), with the
// public signals of spec §6.1 in their order. Each part is compiled once per depth.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultCacheDir, sha256Hex } from '../cache.js';
import { compileWithCircom, type CompileOptions, type CompiledCircuit } from '../compile.js';
import { chunkSignalIndex, CHUNKS_SIGNAL, PUBLIC_SCALAR_SIGNALS, publicSignalIndex, type PublicScalarSignal } from '@zkr/core';
import type { CircuitInstance } from '../registry.js';
import { linkCircuit } from './link.js';
import type { Copy, LinkPlan, Source } from './plan.js';

/** Bumped whenever the linker writes different files for the same parts. */
export const LINKER_VERSION = 1;

/** A slot's own inputs: the batch input's arrays, element i for slot i (spec §6.2). */
const SLOT_INPUTS = [
  'pTokenId',
  'pAmount',
  'pAx',
  'pAy',
  'aAx',
  'aAy',
  'aTokenId',
  'aBalance',
  'aNonce',
  'aSiblings',
  'bAx',
  'bAy',
  'bTokenId',
  'bBalance',
  'bNonce',
  'bSiblings',
  'sigR8x',
  'sigR8y',
  'sigS',
];
const SLOT_INTERFACE = ['rootIn', 'chainIn', 'feeIn', 'domain', 'feeTokenId', 'chunk'];
const TAIL_INTERFACE = ['rootIn', 'chainIn', 'fees', 'newRoot', 'chainAfter', 'feeAccountIndex', 'feeTokenId'];
const FEE_ACCOUNT_INPUTS = ['feeAx', 'feeAy', 'feeBalance', 'feeNonce', 'feeSiblings'];

export function batchParts(levels: number): { slot: { name: string; mainSource: string }; tail: { name: string; mainSource: string } } {
  // Interface inputs are public in the part: --O2 may substitute a private main input away
  // (BatchTail's chainIn, equal to chainAfter), but never a public one.
  const main = (include: string, template: string, iface: readonly string[]): string =>
    `pragma circom 2.1.6;\n\ninclude "${include}";\n\ncomponent main {public [${iface.join(', ')}]} = ${template}(${levels});\n`;
  return {
    slot: { name: `part_slot_l${levels}`, mainSource: main('slot_part.circom', 'SlotPart', SLOT_INTERFACE) },
    tail: { name: `part_tail_l${levels}`, mainSource: main('tail.circom', 'BatchTail', TAIL_INTERFACE) },
  };
}

/** The public signals of spec §6.1 in @zkr/core's order, each with its place in the circuit input. */
export function batchPublicSignals(batchSize: number): LinkPlan['publicSignals'] {
  const scalars = PUBLIC_SCALAR_SIGNALS.map((name) => ({ name, path: [name] }));
  return [...scalars, ...Array.from({ length: batchSize }, (_, i) => ({ name: `${CHUNKS_SIGNAL}[${i}]`, path: [CHUNKS_SIGNAL, i] }))];
}

export function batchPlan(batchSize: number, slot: CompiledCircuit, tail: CompiledCircuit): LinkPlan {
  const publicIndex = (name: PublicScalarSignal): Source => ({ from: 'public', index: publicSignalIndex(name) });
  const previous = (i: number, signal: string): Source => ({ from: 'copy', copy: i - 1, signal });
  const slots: Copy[] = Array.from({ length: batchSize }, (_, i) => ({
    part: 'slot',
    inputs: {
      rootIn: i === 0 ? publicIndex('oldRoot') : previous(i, 'rootOut'),
      chainIn: i === 0 ? publicIndex('chainBefore') : previous(i, 'chainOut'),
      feeIn: i === 0 ? { from: 'constant', value: '0' } : previous(i, 'feeOut'),
      domain: publicIndex('domain'),
      feeTokenId: i === 0 ? { from: 'input', path: ['feeTokenId'] } : { from: 'copy', copy: 0, signal: 'feeTokenId' },
      chunk: { from: 'public', index: chunkSignalIndex(i) },
      ...Object.fromEntries(SLOT_INPUTS.map((name) => [name, { from: 'input', path: [name, i] } satisfies Source])),
    },
    // The names the monolithic Batch gives the same signals (its slots are Slot, its fee sum `fees`).
    rename: [
      ['main.slot.', `main.slots[${i}].`],
      ['main.feeIn', `main.fees[${i}]`],
      ['main.feeOut', `main.fees[${i + 1}]`],
      ['main.', `main.slots[${i}].`],
    ],
  }));
  const last = (signal: string): Source => ({ from: 'copy', copy: batchSize - 1, signal });
  const tailCopy: Copy = {
    part: 'tail',
    inputs: {
      rootIn: last('rootOut'),
      chainIn: last('chainOut'),
      fees: last('feeOut'),
      newRoot: publicIndex('newRoot'),
      chainAfter: publicIndex('chainAfter'),
      feeAccountIndex: publicIndex('feeAccountIndex'),
      feeTokenId: { from: 'copy', copy: 0, signal: 'feeTokenId' },
      ...Object.fromEntries(FEE_ACCOUNT_INPUTS.map((name) => [name, { from: 'input', path: [name] } satisfies Source])),
    },
    rename: [['main.', 'main.tail.']],
  };
  return {
    publicSignals: batchPublicSignals(batchSize),
    parts: { slot: { r1cs: slot.r1cs, wasm: slot.wasm, sym: slot.sym }, tail: { r1cs: tail.r1cs, wasm: tail.wasm, sym: tail.sym } },
    copies: [...slots, tailCopy],
  };
}

/** Compiles the parts of a registry instance built "linked" and links them (both cached). */
export async function linkBatchInstance(instance: CircuitInstance, options: CompileOptions = {}): Promise<CompiledCircuit> {
  const parts = batchParts(instance.levels);
  const slot = await compileWithCircom(parts.slot, options);
  const tail = await compileWithCircom(parts.tail, options);
  const sourceHash = sha256Hex(JSON.stringify({ linker: LINKER_VERSION, batchSize: instance.batchSize, slot: slot.sourceHash, tail: tail.sourceHash }));
  const dir = join(options.cacheDir ?? defaultCacheDir(), 'circuits', `${instance.name}-${sourceHash.slice(0, 16)}`);
  const done = join(dir, 'compiled.json');
  const paths = { r1cs: join(dir, 'main.r1cs'), wasm: join(dir, 'main.link.json'), sym: join(dir, 'main.sym') };
  if (!existsSync(done)) {
    options.onProgress?.(
      `linking ${instance.name}: ${instance.batchSize} × ${slot.name} (${slot.constraints} constraints) + ${tail.name} (${tail.constraints})`,
    );
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const plan = batchPlan(instance.batchSize, slot, tail);
    const linked = await linkCircuit(plan, dir);
    await writeFile(
      done,
      JSON.stringify({ name: instance.name, sourceHash, constraints: linked.constraints, publicInputs: plan.publicSignals.length }, null, 2),
    );
  }
  const info = JSON.parse(await readFile(done, 'utf8')) as { constraints: number; publicInputs: number };
  return { name: instance.name, build: 'linked', dir, ...paths, constraints: info.constraints, publicInputs: info.publicInputs, sourceHash };
}
