// The instances each suite measures, chosen from the registry (circuits/circuits.json) by their
// use, build, batch size and depth rather than listed by name: the registry is the one list.
import { loadRegistry, RegistryError, type CircuitInstance } from '@zkr/circuits';

export interface BenchInstances {
  /** The two smallest monolithic test instances (batch_1_d8, batch_2_d8): setup and proving rounds, gas at depth 8. */
  readonly small: readonly CircuitInstance[];
  /** The smallest monolithic benchmark instance of the deepest tree (batch_4_d24): proving at depth 24. */
  readonly deep: CircuitInstance;
  /** The largest monolithic test instance (batch_4_d8): the node's batches. */
  readonly largestTest: CircuitInstance;
  /** The largest linked instance (batch_256_d24): linked afresh by the link suite. */
  readonly largestLinked: CircuitInstance | undefined;
  /** The largest instance (batch_256_d24): set up and proved once by the large suite. */
  readonly largest: CircuitInstance | undefined;
  /** Each benchmark batch size at its shallowest depth (L1 gas does not depend on the depth). */
  readonly shallowestBench: readonly CircuitInstance[];
}

const bySize = (a: CircuitInstance, b: CircuitInstance): number => a.batchSize * a.depth - b.batchSize * b.depth;

export function benchInstances(registry: readonly CircuitInstance[] = loadRegistry()): BenchInstances {
  const tests = registry.filter((i) => i.use === 'test' && i.build === 'monolithic').sort(bySize);
  const bench = registry.filter((i) => i.use === 'bench');
  const deepest = Math.max(...bench.map((i) => i.depth));
  const deep = bench.filter((i) => i.build === 'monolithic' && i.depth === deepest).sort(bySize)[0];
  if (tests.length < 2 || deep === undefined)
    throw new RegistryError('the benchmarks need two monolithic test instances and a monolithic benchmark instance at the deepest depth');
  return {
    small: tests.slice(0, 2),
    deep,
    largestTest: tests.at(-1)!,
    largestLinked: [...registry]
      .filter((i) => i.build === 'linked')
      .sort(bySize)
      .at(-1),
    largest: [...registry].sort(bySize).at(-1),
    shallowestBench: bench.filter((i) => !bench.some((j) => j.batchSize === i.batchSize && j.depth < i.depth)),
  };
}
