// Links a plan into a directory: main.r1cs, main.sym (every part signal under its linked
// name) and main.link.json, the plan the linked witness calculator follows (paths relative to
// it, each part file with its sha256).
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { once } from 'node:events';
import { sha256File } from '../cache.js';
import { LinkError } from './errors.js';
import { layout, readPartInfo, renamed, type Layout, type LinkPlan, type PartFiles, type PartInfo } from './plan.js';
import { writeLinkedR1cs } from './r1csWriter.js';

export const LINK_PLAN_FORMAT = 'zkr-link-plan/1';

interface PlanFile extends LinkPlan {
  readonly format: typeof LINK_PLAN_FORMAT;
  readonly sha256: Readonly<Record<string, PartFiles>>;
}

export async function readPartInfos(plan: LinkPlan): Promise<Map<string, PartInfo>> {
  const infos = new Map<string, PartInfo>();
  for (const [name, files] of Object.entries(plan.parts)) infos.set(name, await readPartInfo(files));
  return infos;
}

async function writeLinkedSym(plan: LinkPlan, shape: Layout, infos: ReadonlyMap<string, PartInfo>, path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const [k, signal] of plan.publicSignals.entries()) await write(`${1 + k},${1 + k},0,main.${signal.name}\n`);
  let componentOffset = 1;
  for (const [c, copy] of plan.copies.entries()) {
    const info = infos.get(copy.part)!;
    const map = shape.wireMaps[c]!;
    let lines = '';
    let components = 0;
    for (const line of info.symLines) {
      const wire = line.wire < 0 || map[line.wire] === 0xffffffff ? -1 : map[line.wire]!;
      lines += `${shape.labelOffsets[c]! + line.label},${wire},${componentOffset + line.component},${renamed(copy, line.name)}\n`;
      components = Math.max(components, line.component + 1);
    }
    await write(lines);
    componentOffset += components;
  }
  out.end();
  await once(out, 'finish');
}

export interface LinkedFiles {
  readonly r1cs: string;
  readonly sym: string;
  readonly plan: string;
  readonly constraints: number;
  readonly wires: number;
}

export async function linkCircuit(plan: LinkPlan, dir: string): Promise<LinkedFiles> {
  const infos = await readPartInfos(plan);
  const shape = layout(plan, infos);
  const files = { r1cs: join(dir, 'main.r1cs'), sym: join(dir, 'main.sym'), plan: join(dir, 'main.link.json') };
  const summary = await writeLinkedR1cs(plan, shape, files.r1cs);
  await writeLinkedSym(plan, shape, infos, files.sym);
  const relativeFiles = (part: PartFiles): PartFiles => ({ r1cs: relative(dir, part.r1cs), wasm: relative(dir, part.wasm), sym: relative(dir, part.sym) });
  const parts: Record<string, PartFiles> = {};
  const sha256: Record<string, PartFiles> = {};
  for (const [name, part] of Object.entries(plan.parts)) {
    parts[name] = relativeFiles(part);
    sha256[name] = { r1cs: await sha256File(part.r1cs), wasm: await sha256File(part.wasm), sym: await sha256File(part.sym) };
  }
  const planFile: PlanFile = { format: LINK_PLAN_FORMAT, publicSignals: plan.publicSignals, parts, sha256, copies: plan.copies };
  await writeFile(files.plan, JSON.stringify(planFile));
  return { ...files, ...summary };
}

/** Reads a plan file, its part paths resolved and each part file checked against its sha256. */
export async function readLinkPlan(path: string): Promise<LinkPlan> {
  let file: PlanFile;
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as PlanFile;
  } catch (cause) {
    throw new LinkError(`${path} is not a link plan: ${(cause as Error).message}`);
  }
  if (file.format !== LINK_PLAN_FORMAT) throw new LinkError(`${path} is not a ${LINK_PLAN_FORMAT} file`);
  const parts: Record<string, PartFiles> = {};
  for (const [name, part] of Object.entries(file.parts)) {
    const absolute = { r1cs: resolve(dirname(path), part.r1cs), wasm: resolve(dirname(path), part.wasm), sym: resolve(dirname(path), part.sym) };
    for (const kind of ['r1cs', 'wasm', 'sym'] as const) {
      const actual = await sha256File(absolute[kind]).catch(() => 'missing');
      if (actual !== file.sha256[name]?.[kind])
        throw new LinkError(`${absolute[kind]}: part ${name}'s ${kind} is ${actual === 'missing' ? 'missing' : 'not the one linked'} (plan ${path})`);
    }
    parts[name] = absolute;
  }
  return { publicSignals: file.publicSignals, parts, copies: file.copies };
}
