// The linker: a linked batch is N renumbered copies of the compiled slot part plus the tail,
// joined only through the declared interface wires; snarkjs reads its files; it agrees with the
// monolithic build on valid batches; and on random step templates chained N times the honest
// witness satisfies the linked r1cs while a change to any one interface wire breaks it.
import fc from 'fast-check';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import {
  batchParts,
  batchPlan,
  batchPublicSignals,
  sha256File,
  calculateLinkedWitness,
  compileCircuit,
  compileWithCircom,
  defaultCacheDir,
  linkCircuit,
  readR1csHeader,
  LinkError,
  type Copy,
  type LinkPlan,
} from '../src/index.js';
import { readR1cs, forEachTerm } from '../src/r1cs.js';
import { encodeWtns, terminate, values, witness } from './helpers/witness.js';
import { world, transfer, withdraw, DOMAIN } from './helpers/world.js';
import type { Operation, RollupState } from '@zkr/core';

afterAll(terminate);
const silent = { info() {}, debug() {}, warn() {}, error() {} };

/** Wire -> every name the linked .sym gives it. */
async function wireNames(sym: string): Promise<Map<number, string[]>> {
  const names = new Map<number, string[]>();
  for (const line of (await readFile(sym, 'utf8')).split('\n')) {
    const [, wire, , name] = line.split(',');
    if (name === undefined || Number(wire) < 0) continue;
    names.set(Number(wire), [...(names.get(Number(wire)) ?? []), name]);
  }
  return names;
}

/** The copy a linked name belongs to: slot i, or N for the tail; fees[k] is shared by k - 1 and k. */
function owners(name: string, batchSize: number): number[] {
  const slot = /^main\.slots\[(\d+)\]\./.exec(name);
  if (slot) return [Number(slot[1])];
  const fee = /^main\.fees\[(\d+)\]$/.exec(name);
  if (fee) return [Number(fee[1]) - 1, Number(fee[1])].filter((c) => c >= 0);
  if (name.startsWith('main.tail.')) return [batchSize];
  return [];
}

/** The interface a copy declares: the main signals its neighbours may share. */
function isInterface(name: string): boolean {
  return (
    /^main\.slots\[\d+\]\.(rootIn|rootOut|chainIn|chainOut|feeTokenId|domain|chunk)$/.test(name) ||
    /^main\.fees\[\d+\]$/.test(name) ||
    /^main\.tail\.(rootIn|chainIn|fees|newRoot|chainAfter|feeAccountIndex|feeTokenId)$/.test(name)
  );
}

describe.each([1, 2, 4])('batch_%i_d8_linked', (batchSize) => {
  const name = `batch_${batchSize}_d8_linked`;

  test('its constraints are exactly N × the slot part + the tail, its public signals those of the monolithic batch', async () => {
    const parts = batchParts(4);
    const [linked, slot, tail, mono] = await Promise.all([
      compileCircuit({ name }),
      compileWithCircom(parts.slot),
      compileWithCircom(parts.tail),
      compileCircuit({ name: `batch_${batchSize}_d8` }),
    ]);
    expect(linked.constraints).toBe(batchSize * slot.constraints + tail.constraints);
    const info = await snarkjs.r1cs.info(linked.r1cs, silent);
    expect(info.nConstraints).toBe(linked.constraints);
    const [linkedHeader, monoHeader] = await Promise.all([readR1csHeader(linked.r1cs), readR1csHeader(mono.r1cs)]);
    expect([linkedHeader.publicOutputs, linkedHeader.publicInputs]).toEqual([monoHeader.publicOutputs, monoHeader.publicInputs]);
    expect(info.nVars).toBe(linkedHeader.wires);
    // Linking the same parts again, here with the linker of this checkout, writes the same files.
    const again = await mkdtemp(join(tmpdir(), 'zkr-link-'));
    try {
      const relinked = await linkCircuit(batchPlan(batchSize, slot, tail), again);
      for (const kind of ['r1cs', 'sym'] as const) expect(await sha256File(relinked[kind])).toBe(await sha256File(linked[kind]));
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });

  test("no wire of one copy appears in another copy's constraints except through a declared interface wire", async () => {
    const linked = await compileCircuit({ name });
    const slotConstraints = (await compileWithCircom(batchParts(4).slot)).constraints;
    const names = await wireNames(linked.sym);
    const r1cs = await readR1cs(linked.r1cs);
    const publicWires = batchPublicSignals(batchSize).length;
    const crossings: string[] = [];
    forEachTerm(r1cs, (_matrix, constraint, wire) => {
      if (wire <= publicWires) return;
      const copy = Math.min(Math.floor(constraint / slotConstraints), batchSize);
      const wireNamesOf = names.get(wire) ?? [];
      const foreign = wireNamesOf.filter((n) => !owners(n, batchSize).includes(copy));
      if (foreign.length === 0) return;
      const own = wireNamesOf.filter((n) => owners(n, batchSize).includes(copy));
      if (!(own.some(isInterface) && foreign.some(isInterface))) crossings.push(`copy ${copy}, wire ${wire}: ${wireNamesOf.join(' = ')}`);
    });
    expect(crossings).toEqual([]);
    // Every wire is named by some copy (none was lost in renumbering).
    for (let wire = 1; wire < r1cs.header.wires; wire++) expect(names.has(wire)).toBe(true);
  });

  test('linked and monolithic agree on random valid batches: both witnesses satisfy their r1cs (wtns check) with the same public signals', async () => {
    const [linked, mono] = await Promise.all([compileCircuit({ name }), compileCircuit({ name: `batch_${batchSize}_d8` })]);
    const ops = (state: RollupState, picks: number[]): Operation[] =>
      picks.map((pick, i): Operation => {
        if (pick === 0) return { type: 'noop' };
        const from = 1 + ((pick + i) % 2);
        const probe = state.clone();
        const op =
          pick === 1
            ? transfer(probe, { from, to: 3 - from, amount: BigInt(pick * 7 + i), fee: BigInt(i % 3) })
            : withdraw(probe, { from, amount: BigInt(pick + i), fee: 1n });
        return op;
      });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: batchSize, maxLength: batchSize }), async (picks) => {
        const state = world();
        // one op per sender at most keeps every signature's nonce current
        const chosen = ops(state, picks).map((op, i, all) =>
          op.type !== 'noop' && all.slice(0, i).some((o) => o.type !== 'noop' && 'from' in o && 'from' in op && o.from === op.from)
            ? ({ type: 'noop' } as Operation)
            : op,
        );
        const result = state.applyBatch({ operations: chosen, batchSize, feeAccountIndex: 0, domain: DOMAIN });
        const [w1, w2] = [await witness(mono, result.circuitInput), await witness(linked, result.circuitInput)];
        expect(await snarkjs.wtns.check(mono.r1cs, w1, silent)).toBe(true);
        expect(await snarkjs.wtns.check(linked.r1cs, w2, silent)).toBe(true);
        const publicOf = (w: typeof w1): bigint[] => values(w).slice(1, 1 + batchPublicSignals(batchSize).length);
        expect(publicOf(w2)).toEqual(publicOf(w1));
        expect(publicOf(w2)).toEqual([...result.publicSignals]);
      }),
      { numRuns: batchSize === 4 ? 2 : 3 },
    );
  });
});

describe('random step templates chained N times', () => {
  /** A random step: t[0] = x·salt + c, each next t a product of earlier signals plus a constant. */
  const step = fc.record({
    terms: fc.array(fc.record({ left: fc.nat(), right: fc.nat(), constant: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 4 }),
    copies: fc.integer({ min: 1, max: 4 }),
    accStart: fc.integer({ min: 0, max: 3 }),
    seed: fc.integer({ min: 1, max: 1000 }),
  });

  function source(terms: { left: number; right: number; constant: number }[]): string {
    const lines = terms.map((t, j) => {
      const pool = ['x', 'salt', 'k', ...Array.from({ length: j }, (_, m) => `t[${m}]`)];
      return j === 0
        ? `    t[0] <== x * salt + ${t.constant};`
        : `    t[${j}] <== ${pool[t.left % pool.length]} * ${pool[t.right % pool.length]} + ${t.constant};`;
    });
    const last = `t[${terms.length - 1}]`;
    return [
      'pragma circom 2.1.6;',
      'template Step() {',
      '    signal input x;',
      '    signal input salt;',
      '    signal input acc;',
      '    signal input k;',
      '    signal output y;',
      '    signal output accOut;',
      `    signal t[${terms.length}];`,
      ...lines,
      `    y <== ${last} * k + x;`,
      `    accOut <== acc + ${last};`,
      '}',
      'component main {public [x, salt, acc]} = Step();',
      '',
    ].join('\n');
  }

  function plan(files: LinkPlan['parts'][string], copies: number, accStart: number): LinkPlan {
    const chain: Copy[] = Array.from({ length: copies }, (_, i) => ({
      part: 'step',
      inputs: {
        x: i === 0 ? { from: 'public', index: 0 } : { from: 'copy', copy: i - 1, signal: 'y' },
        salt: { from: 'public', index: 1 },
        acc: i === 0 ? { from: 'constant', value: String(accStart) } : { from: 'copy', copy: i - 1, signal: 'accOut' },
        k: { from: 'input', path: ['k', i] },
      },
      rename: [['main.', `main.steps[${i}].`]],
    }));
    return {
      publicSignals: [
        { name: 'x0', path: ['x0'] },
        { name: 'salt', path: ['salt'] },
      ],
      parts: { step: files },
      copies: chain,
    };
  }

  async function fixedStep(constant = 1): Promise<LinkPlan['parts'][string]> {
    const dir = join(defaultCacheDir(), 'test-mains', `link-step-fixed-${constant}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'main.circom'), source([{ left: 0, right: 1, constant }]));
    const part = await compileWithCircom({ name: `link_step_fixed_${constant}`, source: join(dir, 'main.circom') });
    return { r1cs: part.r1cs, wasm: part.wasm, sym: part.sym };
  }

  // Found by the property below on a clean cache: two runs linked into one folder, and the
  // witness of the second was computed with the first one's plan, cached by its path.
  test('a circuit linked again into the same folder gets the witness of its new plan', async () => {
    const out = await mkdtemp(join(tmpdir(), 'zkr-link-'));
    try {
      const input = { x0: 5, salt: 7, k: [3, 4] };
      for (const constant of [1, 2]) {
        const linked = await linkCircuit(plan(await fixedStep(constant), 2, 0), out);
        const wtns = await calculateLinkedWitness(linked.plan, input);
        expect(await snarkjs.wtns.check(linked.r1cs, { type: 'mem', data: wtns }, silent)).toBe(true);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  test('plans that do not fit their parts are LinkErrors naming the copy or signal', async () => {
    const files = await fixedStep();
    const out = await mkdtemp(join(tmpdir(), 'zkr-link-'));
    try {
      const good = plan(files, 2, 0);
      const withCopy = (copy: Partial<Copy>): LinkPlan => ({ ...good, copies: [good.copies[0]!, { ...good.copies[1]!, ...copy }] });
      await expect(linkCircuit({ ...good, publicSignals: [...good.publicSignals, { name: 'unread', path: ['unread'] }] }, out)).rejects.toThrow(
        /public signal unread is bound to no copy's input/,
      );
      await expect(linkCircuit(withCopy({ inputs: { ...good.copies[1]!.inputs, x: { from: 'copy', copy: 1, signal: 'y' } } }), out)).rejects.toThrow(LinkError);
      const { k: _k, ...withoutK } = good.copies[1]!.inputs;
      await expect(linkCircuit(withCopy({ inputs: withoutK }), out)).rejects.toThrow(/copies\[1\]: the part's input k has no source/);
      await expect(linkCircuit(withCopy({ inputs: { ...good.copies[1]!.inputs, x: { from: 'copy', copy: 0, signal: 'nope' } } }), out)).rejects.toThrow(
        /copies\[0\]: its part has no scalar main signal "nope"/,
      );
      await expect(
        linkCircuit(withCopy({ inputs: { ...good.copies[1]!.inputs, x: { from: 'copy', copy: 0, signal: 'y' }, y: { from: 'public', index: 0 } } }), out),
      ).rejects.toThrow(/copies\[1\].inputs.y: only main inputs can be bound/);
      // A plan whose part was replaced after linking is refused before any witness is computed.
      const linked = await linkCircuit(good, out);
      const moved = join(out, 'other.wasm');
      await writeFile(moved, Buffer.concat([await readFile(files.wasm), Buffer.from([0])]));
      const planFile = JSON.parse(await readFile(linked.plan, 'utf8')) as { parts: { step: { wasm: string } } };
      planFile.parts.step.wasm = 'other.wasm';
      await writeFile(linked.plan, JSON.stringify(planFile));
      await expect(calculateLinkedWitness(linked.plan, { x0: 1, salt: 2, k: [3, 4] })).rejects.toThrow(/part step's wasm is not the one linked/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  test('the honest witness satisfies the linked r1cs; changing any one interface wire violates it', async () => {
    const work = await mkdtemp(join(tmpdir(), 'zkr-link-'));
    try {
      await fc.assert(
        fc.asyncProperty(step, async ({ terms, copies, accStart, seed }) => {
          const text = source(terms);
          const dir = join(defaultCacheDir(), 'test-mains', 'link-step');
          await mkdir(dir, { recursive: true });
          await writeFile(join(dir, 'main.circom'), text);
          const part = await compileWithCircom({ name: 'link_step', source: join(dir, 'main.circom') });
          const out = join(work, `${seed}-${copies}`);
          await mkdir(out, { recursive: true });
          const linked = await linkCircuit(plan({ r1cs: part.r1cs, wasm: part.wasm, sym: part.sym }, copies, accStart), out);
          expect(linked.constraints).toBe(copies * part.constraints);
          const input = { x0: seed, salt: seed * 3 + 1, k: Array.from({ length: copies }, (_, i) => seed + i + 2) };
          const honest = values({ type: 'mem', data: await calculateLinkedWitness(linked.plan, input) });
          expect(await snarkjs.wtns.check(linked.r1cs, encodeWtns(honest), silent)).toBe(true);
          // Interface wires: the public x0 and salt, and each y / accOut a later copy reads.
          const names = await wireNames(linked.sym);
          const iface = [...names.entries()]
            .filter(([, n]) => n.some((m) => /^main\.(x0|salt)$/.test(m) || (/\.(x|acc)$/.test(m) && !/steps\[0\]\.acc$/.test(m))))
            .map(([w]) => w);
          expect(iface.length).toBe(2 + 2 * (copies - 1));
          for (const wire of iface) {
            const edited = [...honest];
            edited[wire] = edited[wire]! + 1n;
            expect(await snarkjs.wtns.check(linked.r1cs, encodeWtns(edited), silent)).toBe(false);
          }
        }),
        { numRuns: 4 },
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
