// Constraint counts from the r1cs headers: every registry instance, the marginal cost of one
// slot (any op type: slots are uniform) per tree depth, and the SHA-256 alternative for the
// public input (docs/protocol.md §6.1, §9).
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCircuit, loadRegistry, TEMPLATES_DIR } from '@zkr/circuits';

export interface ConstraintsResult {
  readonly instances: { name: string; batchSize: number; depth: number; constraints: number; perSlot: number }[];
  /** Marginal constraints of one slot (= one transfer) per tree depth: C(2 slots) - C(1 slot). */
  readonly perSlotByDepth: { depth: number; perSlot: number; fixed: number }[];
  /** In-circuit SHA-256 of 31-byte slot chunks: marginal constraints per slot. */
  readonly sha256PerSlot: number;
}

/** Compiles a one-off main over copies of the templates (compileCircuit includes the files beside it). */
async function compileMain(name: string, main: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'zkr-bench-'));
  try {
    await cp(TEMPLATES_DIR, dir, { recursive: true });
    const source = join(dir, `${name}.circom`);
    await writeFile(source, main);
    return (await compileCircuit({ name, source })).constraints;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const batchMain = (n: number, levels: number): string =>
  `pragma circom 2.1.6;\ninclude "batch.circom";\ncomponent main {public [oldRoot, newRoot, chainBefore, chainAfter, domain, feeAccountIndex, chunks]} = Batch(${n}, ${levels});\n`;

const shaMain = (bits: number): string => `pragma circom 2.1.6;\ninclude "sha256/sha256.circom";\ncomponent main = Sha256(${bits});\n`;

export async function measureConstraints(options: { depths: readonly number[]; log: (m: string) => void }): Promise<ConstraintsResult> {
  const perSlotByDepth = [];
  for (const depth of options.depths) {
    options.log(`constraints: Batch(1|2, ${depth / 2}) at depth ${depth}`);
    const one = await compileMain(`bench_b1_d${depth}`, batchMain(1, depth / 2));
    const two = await compileMain(`bench_b2_d${depth}`, batchMain(2, depth / 2));
    perSlotByDepth.push({ depth, perSlot: two - one, fixed: one - (two - one) });
  }
  options.log('constraints: SHA-256 of 2 and 4 slot chunks');
  const sha2 = await compileMain('bench_sha_2', shaMain(2 * 248));
  const sha4 = await compileMain('bench_sha_4', shaMain(4 * 248));
  const instances = [];
  for (const instance of loadRegistry()) {
    const slot = perSlotByDepth.find((d) => d.depth === instance.depth);
    if (!slot) continue;
    instances.push({
      name: instance.name,
      batchSize: instance.batchSize,
      depth: instance.depth,
      // A linked batch keeps its tail's chainAfter === chainIn as one more constraint (spec §9).
      constraints: slot.fixed + instance.batchSize * slot.perSlot + (instance.build === 'linked' ? 1 : 0),
      perSlot: slot.perSlot,
    });
  }
  return { instances, perSlotByDepth, sha256PerSlot: (sha4 - sha2) / 2 };
}
