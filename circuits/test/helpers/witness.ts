// Witness calculation and R1CS checks for the circuit tests. circom's witness calculator fails
// on the first `===` that does not hold and names the template stack; `satisfies` and
// `checkEdited` run snarkjs' independent R1CS check, which is what a proof relies on.
import { mkdir, readFile, writeFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { FIELD_MODULUS } from '@zkr/core';
import { calculateWitness, compileCircuit, defaultCacheDir, TEMPLATES_DIR, terminateSnarkjsCurve, type CompiledCircuit } from '../../src/index.js';

export type Input = Record<string, unknown>;
export interface MemFile {
  type: 'mem';
  data?: Uint8Array;
}

export const R = FIELD_MODULUS;
const silent = { info() {}, debug() {}, warn() {}, error() {} };

/**
 * Compiles a test main `component main = <instantiation>;` over the templates (cached by
 * content like every compile). `includes` names the template files it needs; `rewrite` may
 * change a template's text first (a variant without one rule, to show what that rule stops).
 */
export async function compileTemplate(
  name: string,
  include: string,
  instantiation: string,
  rewrite: (file: string, text: string) => string = (_, text) => text,
): Promise<CompiledCircuit> {
  const dir = join(defaultCacheDir(), 'test-mains', name);
  await mkdir(dir, { recursive: true });
  for (const file of await readdir(TEMPLATES_DIR)) {
    if (file.endsWith('.circom')) await writeFile(join(dir, file), rewrite(file, await readFile(join(TEMPLATES_DIR, file), 'utf8')));
  }
  const main = join(dir, 'main.circom');
  await writeFile(main, `pragma circom 2.1.6;\ninclude "${include}";\ncomponent main = ${instantiation};\n`);
  return compileCircuit({ name, source: main });
}

/** The witness of a compiled circuit, monolithic or linked. */
export async function witness(circuit: CompiledCircuit, input: Input): Promise<MemFile> {
  return { type: 'mem', data: await calculateWitness(circuit, input) };
}

/** The witness values of a wtns file, indexed by wire (0 is the constant 1; outputs follow). */
export function values(wtns: MemFile): bigint[] {
  const data = wtns.data;
  if (!data) throw new Error('empty witness');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const sections = view.getUint32(8, true);
  let at = 12;
  let n8 = 32;
  for (let s = 0; s < sections; s++) {
    const type = view.getUint32(at, true);
    const size = Number(view.getBigUint64(at + 4, true));
    at += 12;
    if (type === 1) n8 = view.getUint32(at, true);
    if (type === 2) {
      const out: bigint[] = [];
      for (let p = at; p < at + size; p += n8) {
        let v = 0n;
        for (let i = n8 - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[p + i]!);
        out.push(v);
      }
      return out;
    }
    at += size;
  }
  throw new Error('no witness section');
}

/** Each test of a batch circuit runs against both builds of the same batch. */
export const BUILDS = (monolithic: string): [string][] => [[monolithic], [`${monolithic}_linked`]];

/** The witness exists and satisfies every constraint of the r1cs. */
export async function satisfies(circuit: CompiledCircuit, input: Input): Promise<boolean> {
  return snarkjs.wtns.check(circuit.r1cs, await witness(circuit, input), silent);
}

/** Resolves to the witness calculator's error (the failed assertion); fails if none failed. */
export async function rejection(circuit: CompiledCircuit, input: Input): Promise<string> {
  // The witness calculator also prints the failure; the thrown message carries the same text.
  const { log, error: logError } = console;
  console.log = console.error = () => {};
  try {
    await witness(circuit, input);
  } catch (error) {
    return String((error as Error).message);
  } finally {
    console.log = log;
    console.error = logError;
  }
  throw new Error('the circuit accepted a witness it must reject');
}

/** Wire index of each named signal that survived optimisation (`main.x.y` -> wire). */
export async function wires(circuit: CompiledCircuit): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  for (const line of (await readFile(circuit.sym, 'utf8')).split('\n')) {
    const [, wire, , name] = line.split(',');
    if (name !== undefined && Number(wire) >= 0) map.set(name, Number(wire));
  }
  return map;
}

/** Serialises witness values in snarkjs' wtns format (version 2: header, then values). */
export function encodeWtns(witnessValues: readonly bigint[]): MemFile {
  const n8 = 32;
  const header = 4 + n8 + 4;
  const body = witnessValues.length * n8;
  const buffer = new Uint8Array(12 + 12 + header + 12 + body);
  const view = new DataView(buffer.buffer);
  buffer.set(new TextEncoder().encode('wtns'), 0);
  view.setUint32(4, 2, true);
  view.setUint32(8, 2, true);
  let at = 12;
  const writeScalar = (x: bigint): void => {
    for (let i = 0; i < n8; i++, x >>= 8n) buffer[at + i] = Number(x & 0xffn);
    at += n8;
  };
  view.setUint32(at, 1, true);
  view.setBigUint64(at + 4, BigInt(header), true);
  at += 12;
  view.setUint32(at, n8, true);
  at += 4;
  writeScalar(R);
  view.setUint32(at, witnessValues.length, true);
  at += 4;
  view.setUint32(at, 2, true);
  view.setBigUint64(at + 4, BigInt(body), true);
  at += 12;
  for (const v of witnessValues) writeScalar(((v % R) + R) % R);
  return { type: 'mem', data: buffer };
}

/**
 * Computes a valid witness for `input`, overwrites the named signals (bypassing the witness
 * calculator and its hints) and returns whether the edited witness still satisfies the r1cs.
 */
export async function checkEdited(circuit: CompiledCircuit, input: Input, edits: Record<string, bigint>): Promise<boolean> {
  const w = values(await witness(circuit, input));
  const index = await wires(circuit);
  for (const [name, value] of Object.entries(edits)) {
    const wire = index.get(name);
    if (wire === undefined) throw new Error(`no wire for ${name} (optimised away or misspelt)`);
    w[wire] = value;
  }
  return snarkjs.wtns.check(circuit.r1cs, encodeWtns(w), silent);
}

export async function terminate(): Promise<void> {
  await terminateSnarkjsCurve();
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** circomlib's circuits, which the compile stages beside the templates. */
export const CIRCOMLIB_DIR = join(dirname(createRequire(import.meta.url).resolve('circomlib/package.json')), 'circuits');

/**
 * The `Error in template X_k line: n` pattern of the constraint in `file` (of `dir`: the
 * templates, or CIRCOMLIB_DIR) whose line contains `text`, so a test names the exact rule that
 * must fire without hard-coding line numbers.
 */
export async function constraintAt(file: string, text: string, dir = TEMPLATES_DIR): Promise<RegExp> {
  const lines = (await readFile(join(dir, file), 'utf8')).split('\n');
  const line = lines.findIndex((l) => l.includes(text)) + 1;
  if (line === 0) throw new Error(`${file} has no line with ${text}`);
  const template = lines
    .slice(0, line)
    .reverse()
    .find((l) => l.startsWith('template '))
    ?.match(/^template (\w+)/)?.[1];
  return new RegExp(`Error in template ${template}_\\d+ line: ${line}\\b`);
}
