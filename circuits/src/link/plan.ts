// A link plan: how copies of compiled parts (each a circom main) make one circuit. Each copy
// says, for every main input of its part, where the value comes from; an input bound to a
// public signal, to a signal of an earlier copy or to a constant is that same wire (or value)
// in the linked circuit, so the parts' constraints are joined only through these bindings.
import { readFile } from 'node:fs/promises';
import { LinkError } from './errors.js';
import { readR1csHeader, type R1csHeader } from '../r1cs.js';

/** A path into the linked circuit's input JSON, e.g. ['aSiblings', 3]. */
export type InputPath = readonly (string | number)[];

export type Source =
  /** A value of the linked input; a fresh private wire (the only source that may be an array). */
  | { readonly from: 'input'; readonly path: InputPath }
  /** The linked circuit's public signal `index` (wire 1 + index). */
  | { readonly from: 'public'; readonly index: number }
  /** A main signal of an earlier copy: the same wire. */
  | { readonly from: 'copy'; readonly copy: number; readonly signal: string }
  /** A fixed value: the wire is replaced by value × the constant wire. */
  | { readonly from: 'constant'; readonly value: string };

export interface PartFiles {
  readonly r1cs: string;
  readonly wasm: string;
  readonly sym: string;
}

export interface Copy {
  readonly part: string;
  /** Every main input of the part, by name, and its source. */
  readonly inputs: Readonly<Record<string, Source>>;
  /** The .sym names in the linked circuit: the first [from, to] whose `from` prefixes a name replaces it. */
  readonly rename: readonly (readonly [string, string])[];
}

export interface LinkPlan {
  /** The linked circuit's public inputs, in wire order, and where the input JSON holds each. */
  readonly publicSignals: readonly { readonly name: string; readonly path: InputPath }[];
  readonly parts: Readonly<Record<string, PartFiles>>;
  readonly copies: readonly Copy[];
}

/** What the layout needs of a part: its header and the wires of its main signals. */
export interface PartInfo {
  readonly header: R1csHeader;
  /** `name` (without `main.`) -> wire, for the main component's signals. */
  readonly mainSignals: ReadonlyMap<string, number>;
  readonly symLines: readonly SymLine[];
}

export interface SymLine {
  readonly label: number;
  readonly wire: number;
  readonly component: number;
  readonly name: string;
}

export async function readSym(path: string): Promise<SymLine[]> {
  const lines: SymLine[] = [];
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line === '') continue;
    const [label, wire, component, ...name] = line.split(',');
    lines.push({ label: Number(label), wire: Number(wire), component: Number(component), name: name.join(',') });
  }
  return lines;
}

export async function readPartInfo(files: PartFiles): Promise<PartInfo> {
  const header = await readR1csHeader(files.r1cs);
  const symLines = await readSym(files.sym);
  const mainSignals = new Map<string, number>();
  for (const line of symLines) {
    const local = line.name.slice('main.'.length);
    if (line.name.startsWith('main.') && !local.includes('.') && line.wire >= 0) mainSignals.set(local, line.wire);
  }
  return { header, mainSignals, symLines };
}

/** A part wire bound to a constant has no wire of its own in the linked circuit. */
export const CONSTANT_WIRE = 0xffffffff;

export interface Layout {
  readonly wires: number;
  readonly privateInputs: number;
  readonly labels: number;
  /** Per copy: part wire -> linked wire (CONSTANT_WIRE when bound to a constant). */
  readonly wireMaps: readonly Uint32Array[];
  /** Per copy: part wire -> value, for the wires bound to constants. */
  readonly constants: readonly ReadonlyMap<number, bigint>[];
  /** Per copy: no two of its wires share a linked wire and none is a constant (its constraints copy as they are). */
  readonly plain: readonly boolean[];
  /** Per copy: the first linked label of its part's labels. */
  readonly labelOffsets: readonly number[];
}

function mainSignalWire(info: PartInfo, copy: number, signal: string): number {
  const wire = info.mainSignals.get(signal);
  if (wire === undefined) throw new LinkError(`copies[${copy}]: its part has no scalar main signal "${signal}" (optimised away, an array, or misspelt)`);
  return wire;
}

const isInputWire = (header: R1csHeader, wire: number): boolean =>
  wire > header.publicOutputs && wire <= header.publicOutputs + header.publicInputs + header.privateInputs;

/**
 * The linked wire order (iden3's: the constant 1, outputs (none), public inputs, private
 * inputs, internal): the plan's public signals; then every copy's inputs bound to `input`, copy
 * by copy; then every copy's outputs and internal wires, copy by copy.
 */
export function layout(plan: LinkPlan, infos: ReadonlyMap<string, PartInfo>): Layout {
  const partOf = (copy: number): PartInfo => {
    const info = infos.get(plan.copies[copy]!.part);
    if (!info) throw new LinkError(`copies[${copy}]: unknown part "${plan.copies[copy]!.part}"`);
    return info;
  };
  const boundWires = plan.copies.map((copy, c) => {
    // Every input wire of the part needs a source, or its witness code would stop half-way.
    for (const line of partOf(c).symLines) {
      const base = /^main\.(\w+)(?:\[\d+\])*$/.exec(line.name)?.[1];
      if (base !== undefined && isInputWire(partOf(c).header, line.wire) && !(base in copy.inputs)) {
        throw new LinkError(`copies[${c}]: the part's input ${base} has no source`);
      }
    }
    const bound = new Map<number, Source>();
    for (const [signal, source] of Object.entries(copy.inputs)) {
      if (source.from === 'input') continue;
      const wire = mainSignalWire(partOf(c), c, signal);
      if (!isInputWire(partOf(c).header, wire)) throw new LinkError(`copies[${c}].inputs.${signal}: only main inputs can be bound`);
      bound.set(wire, source);
    }
    return bound;
  });
  const inputCount = (h: R1csHeader): number => h.publicInputs + h.privateInputs;
  const privateInputs = plan.copies.reduce((sum, _, c) => sum + inputCount(partOf(c).header) - boundWires[c]!.size, 0);
  let nextPrivate = 1 + plan.publicSignals.length;
  let nextInternal = nextPrivate + privateInputs;
  let nextLabel = 1 + plan.publicSignals.length;
  const wireMaps: Uint32Array[] = [];
  const constants: Map<number, bigint>[] = [];
  const plain: boolean[] = [];
  const labelOffsets: number[] = [];
  const readPublic = new Set<number>();
  for (let c = 0; c < plan.copies.length; c++) {
    const { header } = partOf(c);
    const map = new Uint32Array(header.wires);
    const fixed = new Map<number, bigint>();
    const targets = new Set<number>();
    let shared = false;
    for (let wire = 1; wire < header.wires; wire++) {
      const source = boundWires[c]!.get(wire);
      if (source === undefined) {
        map[wire] = isInputWire(header, wire) ? nextPrivate++ : nextInternal++;
        continue;
      }
      let target: number;
      if (source.from === 'public') {
        if (!(source.index >= 0 && source.index < plan.publicSignals.length)) throw new LinkError(`copies[${c}]: no public signal ${source.index}`);
        target = 1 + source.index;
        readPublic.add(source.index);
      } else if (source.from === 'constant') {
        target = CONSTANT_WIRE;
        fixed.set(wire, BigInt(source.value));
      } else if (source.from === 'copy') {
        if (!(source.copy >= 0 && source.copy < c)) throw new LinkError(`copies[${c}]: can only bind to an earlier copy, not ${source.copy}`);
        const from = mainSignalWire(partOf(source.copy), source.copy, source.signal);
        target = wireMaps[source.copy]![from]!;
        if (target === CONSTANT_WIRE) fixed.set(wire, constants[source.copy]!.get(from)!);
      } else {
        throw new LinkError(`copies[${c}]: unknown source ${JSON.stringify(source)}`);
      }
      map[wire] = target;
      if (target !== CONSTANT_WIRE && targets.has(target)) shared = true;
      targets.add(target);
    }
    wireMaps.push(map);
    constants.push(fixed);
    plain.push(!shared && fixed.size === 0);
    labelOffsets.push(nextLabel);
    nextLabel += header.labels;
  }
  plan.publicSignals.forEach((signal, k) => {
    if (!readPublic.has(k)) throw new LinkError(`public signal ${signal.name} is bound to no copy's input: nothing would constrain it`);
  });
  return { wires: nextInternal, privateInputs, labels: nextLabel, wireMaps, constants, plain, labelOffsets };
}

/** The copy's name for a part signal in the linked .sym. */
export function renamed(copy: Copy, name: string): string {
  for (const [from, to] of copy.rename) if (name.startsWith(from)) return to + name.slice(from.length);
  return name;
}
