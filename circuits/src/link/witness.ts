// The witness of a linked circuit: each copy's part runs its own circom witness code (wasm) on
// its inputs — linked input values, public signals, and the signals of the copies before it —
// and its wires land where the layout puts them. The result is an ordinary .wtns file.
import { readFile } from 'node:fs/promises';
import { WitnessCalculatorBuilder, type WitnessCalculator } from 'circom_runtime';
import { sha256Hex } from '../cache.js';
import { LinkedWitnessError, LinkError } from './errors.js';
import { readLinkPlan, readPartInfos } from './link.js';
import { readLittleEndian, writeLittleEndian } from '../r1cs.js';
import { CONSTANT_WIRE, layout, type InputPath, type Layout, type LinkPlan, type PartInfo } from './plan.js';

interface LoadedPlan {
  readonly plan: LinkPlan;
  readonly infos: ReadonlyMap<string, PartInfo>;
  readonly shape: Layout;
}

const plans = new Map<string, Promise<LoadedPlan>>();
const calculators = new Map<string, Promise<WitnessCalculator>>();

async function readPlan(path: string): Promise<LoadedPlan> {
  const plan = await readLinkPlan(path);
  const infos = await readPartInfos(plan);
  return { plan, infos, shape: layout(plan, infos) };
}

// Keyed by the plan file's content too, not its path alone: a circuit linked again into the same
// folder must not be computed with the plan (and parts) loaded before.
async function loadPlan(path: string): Promise<LoadedPlan> {
  const bytes = await readFile(path).catch(() => undefined);
  if (bytes === undefined) return readPlan(path); // its LinkError names the path
  const key = `${path}\0${sha256Hex(bytes)}`;
  let loaded = plans.get(key);
  if (!loaded) {
    loaded = readPlan(path);
    loaded.catch(() => plans.delete(key));
    plans.set(key, loaded);
  }
  return loaded;
}

function calculator(wasm: string): Promise<WitnessCalculator> {
  let built = calculators.get(wasm);
  if (!built) {
    built = readFile(wasm).then((bytes) => WitnessCalculatorBuilder(new Uint8Array(bytes)));
    built.catch(() => calculators.delete(wasm));
    calculators.set(wasm, built);
  }
  return built;
}

function valueAt(input: Record<string, unknown>, path: InputPath): unknown {
  let value: unknown = input;
  for (const step of path) {
    value = value === null || typeof value !== 'object' ? undefined : (value as Record<string | number, unknown>)[step];
    if (value === undefined)
      throw new LinkError(
        `the circuit input has no ${path
          .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
          .join('')
          .slice(1)}`,
      );
  }
  return value;
}

function fieldElement(value: unknown, prime: bigint, path: InputPath): bigint {
  let n: bigint;
  try {
    n = BigInt(value as string | number | bigint);
  } catch {
    throw new LinkError(`circuit input ${path.join('.')} is not an integer: ${String(value)}`);
  }
  return ((n % prime) + prime) % prime;
}

/** Computes the .wtns of the linked circuit whose plan is `planPath` for the linked input. */
export async function calculateLinkedWitness(planPath: string, input: Record<string, unknown>): Promise<Uint8Array> {
  const { plan, infos, shape } = await loadPlan(planPath);
  const n8 = 32;
  const headerSize = 12 + 12 + (4 + n8 + 4) + 12;
  const out = Buffer.alloc(headerSize + shape.wires * n8);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const at = (wire: number): number => headerSize + wire * n8;
  const prime = (await calculator(plan.parts[plan.copies[0]!.part]!.wasm)).prime;
  writeLittleEndian(out, at(0), 1n, n8);
  for (const [k, signal] of plan.publicSignals.entries()) writeLittleEndian(out, at(1 + k), fieldElement(valueAt(input, signal.path), prime, signal.path), n8);

  for (const [c, copy] of plan.copies.entries()) {
    const files = plan.parts[copy.part]!;
    const wc = await calculator(files.wasm);
    const map = shape.wireMaps[c]!;
    const values: Record<string, unknown> = {};
    for (const [signal, source] of Object.entries(copy.inputs)) {
      if (source.from === 'input') values[signal] = valueAt(input, source.path);
      else if (source.from === 'constant') values[signal] = BigInt(source.value);
      else if (source.from === 'public') values[signal] = readLittleEndian(out, at(1 + source.index), n8);
      else {
        const wire = infos.get(plan.copies[source.copy]!.part)!.mainSignals.get(source.signal)!;
        const target = shape.wireMaps[source.copy]![wire]!;
        values[signal] = target === CONSTANT_WIRE ? shape.constants[source.copy]!.get(wire)! : readLittleEndian(out, at(target), n8);
      }
    }
    let wtns: Uint8Array;
    try {
      wtns = await wc.calculateWTNSBin(values, false);
    } catch (error) {
      calculators.delete(files.wasm); // a failed run may leave the instance's memory half-written
      throw new LinkedWitnessError(c, copy.part, error);
    }
    const first = (11 + wc.n32) * 4;
    // Bound wires already hold the value the copy was given; its own wires are copied in.
    for (let wire = 1; wire < map.length; wire++) {
      const target = map[wire]!;
      if (target !== CONSTANT_WIRE && target > plan.publicSignals.length) out.set(wtns.subarray(first + wire * n8, first + (wire + 1) * n8), at(target));
    }
  }

  out.write('wtns', 0, 'ascii');
  view.setUint32(4, 2, true);
  view.setUint32(8, 2, true);
  view.setUint32(12, 1, true);
  view.setBigUint64(16, BigInt(4 + n8 + 4), true);
  view.setUint32(24, n8, true);
  writeLittleEndian(out, 28, prime, n8);
  view.setUint32(28 + n8, shape.wires, true);
  view.setUint32(32 + n8, 2, true);
  view.setBigUint64(36 + n8, BigInt(shape.wires * n8), true);
  return out;
}

/** A .wtns file begins "wtns"; a wasm "\0asm"; a link plan is JSON. */
export function isLinkPlan(bytes: Uint8Array): boolean {
  return bytes[0] === 0x7b; // '{'
}
