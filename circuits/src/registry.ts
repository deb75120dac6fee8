// The registry (circuits/circuits.json) names every compiled instance; compile, setup,
// verifier export and benchmarks all read it, so nothing keeps a list of its own.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PUBLIC_SIGNAL_DECLARATIONS, publicSignalNames } from '@zkr/core';
import { RegistryError } from './errors.js';

export interface CircuitInstance {
  readonly name: string;
  readonly template: 'Batch';
  /** 'monolithic': circom compiles the whole batch; 'linked': its parts, joined by src/link/. */
  readonly build: 'monolithic' | 'linked';
  readonly batchSize: number;
  /** log2 of the account capacity; the 4-ary tree has depth / 2 levels. */
  readonly depth: number;
  readonly levels: number;
  readonly use: 'test' | 'bench';
  readonly constraintBudget: number | null;
  /** Its public signals in order (spec §6.1), from @zkr/core's layout: oldRoot, …, chunks[N-1]. */
  readonly publicSignals: readonly string[];
}

export const REGISTRY_PATH = fileURLToPath(new URL('../circuits.json', import.meta.url));
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

function validate(raw: unknown, position: number): CircuitInstance {
  const entry = raw as Record<string, unknown>;
  const where = `circuits.json instances[${position}]`;
  const name = entry['name'];
  if (typeof name !== 'string' || !/^[a-z0-9_]+$/.test(name)) throw new RegistryError(`${where}.name must be snake_case, received ${String(name)}`);
  if (entry['template'] !== 'Batch') throw new RegistryError(`${where}.template must be "Batch", received ${String(entry['template'])}`);
  const batchSize = entry['batchSize'];
  if (!Number.isInteger(batchSize) || (batchSize as number) < 1)
    throw new RegistryError(`${where}.batchSize must be a positive integer, received ${String(batchSize)}`);
  const depth = entry['depth'];
  if (!Number.isInteger(depth) || (depth as number) < 2 || (depth as number) > 24 || (depth as number) % 2 !== 0) {
    throw new RegistryError(`${where}.depth must be even in [2, 24], received ${String(depth)}`);
  }
  const use = entry['use'];
  if (use !== 'test' && use !== 'bench') throw new RegistryError(`${where}.use must be "test" or "bench", received ${String(use)}`);
  const build = entry['build'] ?? 'monolithic';
  if (build !== 'monolithic' && build !== 'linked') throw new RegistryError(`${where}.build must be "monolithic" or "linked", received ${String(build)}`);
  const budget = entry['constraintBudget'] ?? null;
  if (budget !== null && !Number.isInteger(budget)) throw new RegistryError(`${where}.constraintBudget must be an integer or null`);
  return {
    name,
    template: 'Batch',
    build,
    batchSize: batchSize as number,
    depth: depth as number,
    levels: (depth as number) / 2,
    use,
    constraintBudget: budget as number | null,
    publicSignals: publicSignalNames(batchSize as number),
  };
}

export function loadRegistry(path = REGISTRY_PATH): CircuitInstance[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { instances?: unknown };
  if (!Array.isArray(json.instances)) throw new RegistryError(`${path}: "instances" must be an array`);
  const instances = json.instances.map(validate);
  const seen = new Set<string>();
  for (const i of instances) {
    if (seen.has(i.name)) throw new RegistryError(`circuits.json names ${i.name} twice`);
    seen.add(i.name);
  }
  return instances;
}

export function getInstance(name: string, path = REGISTRY_PATH): CircuitInstance {
  const instance = loadRegistry(path).find((i) => i.name === name);
  if (!instance) {
    throw new RegistryError(
      `unknown circuit "${name}"; the registry has ${loadRegistry(path)
        .map((i) => i.name)
        .join(', ')}`,
    );
  }
  return instance;
}

/** The generated main file of an instance: its template with the public signals of spec §6.1. */
export function mainSource(instance: CircuitInstance): string {
  return [
    'pragma circom 2.1.6;',
    '',
    `include "${instance.template.toLowerCase()}.circom";`,
    '',
    `component main {public [${PUBLIC_SIGNAL_DECLARATIONS.join(', ')}]} = ${instance.template}(${instance.batchSize}, ${instance.levels});`,
    '',
  ].join('\n');
}
