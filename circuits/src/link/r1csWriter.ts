// Writes the linked .r1cs (iden3 format: header, constraints, wire -> label map) copy by copy,
// so memory holds one part's constraints at a time, never the whole circuit.
import { open, type FileHandle } from 'node:fs/promises';
import { forEachTerm, readLittleEndian, readR1cs, writeLittleEndian, type R1cs } from '../r1cs.js';
import { CONSTANT_WIRE, type Layout, type LinkPlan } from './plan.js';

/** The position (in u32 words) of every term's wire id in a constraint section, in order. */
function termWireWords(r1cs: R1cs): Uint32Array {
  const words: number[] = [];
  forEachTerm(r1cs, (_matrix, _constraint, _wire, _coefficient, at) => words.push((at - 4) / 4));
  return Uint32Array.from(words);
}

/** A copy whose wires are renamed one to one: the part's bytes with each wire id replaced. */
function plainCopy(r1cs: R1cs, words: Uint32Array, map: Uint32Array): Buffer {
  const out = Buffer.from(r1cs.constraintBytes);
  const view = new Uint32Array(out.buffer, out.byteOffset, out.byteLength / 4);
  for (const word of words) view[word] = map[view[word]!]!;
  return out;
}

/**
 * A copy with wires bound to constants or sharing a linked wire: each linear combination is
 * rebuilt, a constant's term folded into the constant wire's, terms of one wire summed.
 */
function mergedCopy(r1cs: R1cs, map: Uint32Array, constants: ReadonlyMap<number, bigint>, prime: bigint): Buffer {
  const { constraintBytes: bytes, n8 } = r1cs;
  const chunks: Buffer[] = [];
  let at = 0;
  for (let constraint = 0; constraint < r1cs.header.constraints; constraint++) {
    for (let matrix = 0; matrix < 3; matrix++) {
      const terms = bytes.readUInt32LE(at);
      at += 4;
      const sum = new Map<number, bigint>();
      for (let t = 0; t < terms; t++, at += 4 + n8) {
        const wire = bytes.readUInt32LE(at);
        let coefficient = readLittleEndian(bytes, at + 4, n8);
        let target = map[wire]!;
        if (target === CONSTANT_WIRE) {
          coefficient = (coefficient * constants.get(wire)!) % prime;
          target = 0;
        }
        sum.set(target, ((sum.get(target) ?? 0n) + coefficient) % prime);
      }
      const kept = [...sum.entries()].filter(([, c]) => c !== 0n).sort(([a], [b]) => a - b);
      const lc = Buffer.alloc(4 + kept.length * (4 + n8));
      lc.writeUInt32LE(kept.length, 0);
      kept.forEach(([wire, coefficient], i) => {
        lc.writeUInt32LE(wire, 4 + i * (4 + n8));
        writeLittleEndian(lc, 8 + i * (4 + n8), coefficient, n8);
      });
      chunks.push(lc);
    }
  }
  return Buffer.concat(chunks);
}

async function writeSectionHead(file: FileHandle, id: number, size: bigint, position: number): Promise<void> {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(id, 0);
  head.writeBigUInt64LE(size, 4);
  await file.write(head, 0, 12, position);
}

export interface LinkedR1csSummary {
  readonly constraints: number;
  readonly wires: number;
}

export async function writeLinkedR1cs(plan: LinkPlan, shape: Layout, path: string): Promise<LinkedR1csSummary> {
  const parts = new Map<string, { r1cs: R1cs; words: Uint32Array }>();
  for (const [name, files] of Object.entries(plan.parts)) {
    const r1cs = await readR1cs(files.r1cs);
    parts.set(name, { r1cs, words: termWireWords(r1cs) });
  }
  const first = parts.values().next().value!.r1cs;
  const { n8, prime: primeBytes } = first;
  const prime = readLittleEndian(primeBytes, 0, n8);
  const constraints = plan.copies.reduce((sum, copy) => sum + parts.get(copy.part)!.r1cs.header.constraints, 0);

  const file = await open(path, 'w');
  try {
    const magic = Buffer.alloc(12);
    magic.write('r1cs', 0, 'ascii');
    magic.writeUInt32LE(1, 4);
    magic.writeUInt32LE(3, 8);
    await file.write(magic, 0, 12, 0);

    const header = Buffer.alloc(4 + n8 + 4 * 4 + 8 + 4);
    header.writeUInt32LE(n8, 0);
    primeBytes.copy(header, 4);
    const at = 4 + n8;
    header.writeUInt32LE(shape.wires, at);
    header.writeUInt32LE(0, at + 4); // outputs
    header.writeUInt32LE(plan.publicSignals.length, at + 8);
    header.writeUInt32LE(shape.privateInputs, at + 12);
    header.writeBigUInt64LE(BigInt(shape.labels), at + 16);
    header.writeUInt32LE(constraints, at + 24);
    let position = 12;
    await writeSectionHead(file, 1, BigInt(header.length), position);
    await file.write(header, 0, header.length, position + 12);
    position += 12 + header.length;

    // The constraint section's size is known once every copy is written.
    const constraintsHead = position;
    position += 12;
    for (const [c, copy] of plan.copies.entries()) {
      const { r1cs, words } = parts.get(copy.part)!;
      if (r1cs.n8 !== n8 || !r1cs.prime.equals(primeBytes)) throw new Error(`part ${copy.part} is over another field`);
      const bytes = shape.plain[c] ? plainCopy(r1cs, words, shape.wireMaps[c]!) : mergedCopy(r1cs, shape.wireMaps[c]!, shape.constants[c]!, prime);
      await file.write(bytes, 0, bytes.length, position);
      position += bytes.length;
    }
    await writeSectionHead(file, 2, BigInt(position - constraintsHead - 12), constraintsHead);

    await writeSectionHead(file, 3, BigInt(shape.wires * 8), position);
    position += 12;
    const labels = new Float64Array(shape.wires);
    for (let k = 0; k <= plan.publicSignals.length; k++) labels[k] = k;
    for (const [c, copy] of plan.copies.entries()) {
      const { labelMap } = parts.get(copy.part)!.r1cs;
      const map = shape.wireMaps[c]!;
      for (let wire = 1; wire < map.length; wire++) {
        const target = map[wire]!;
        // A bound wire keeps the label of the signal that owns it.
        if (target > plan.publicSignals.length && target !== CONSTANT_WIRE && labels[target] === 0) {
          labels[target] = shape.labelOffsets[c]! + Number(labelMap.readBigUInt64LE(wire * 8));
        }
      }
    }
    const block = Buffer.alloc(8 * 65536);
    for (let start = 0; start < shape.wires; start += 65536) {
      const count = Math.min(65536, shape.wires - start);
      for (let i = 0; i < count; i++) block.writeBigUInt64LE(BigInt(labels[start + i]!), i * 8);
      await file.write(block, 0, count * 8, position);
      position += count * 8;
    }
  } finally {
    await file.close();
  }
  return { constraints, wires: shape.wires };
}
