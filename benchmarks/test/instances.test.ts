// The suites' instances come from the registry by their properties; on today's registry they are
// the instances the suites measured when they were listed by name, so no suite's figures move.
import { loadRegistry, RegistryError } from '@zkr/circuits';
import { gasInstances } from '../src/harness.js';
import { benchInstances } from '../src/instances.js';

const names = (instances: readonly { name: string }[]): string[] => instances.map((i) => i.name);

test('each suite measures the instances it measured when they were named', () => {
  const chosen = benchInstances();
  expect(names(chosen.small)).toEqual(['batch_1_d8', 'batch_2_d8']); // setup, prover, gas; queue: the first
  expect(chosen.deep.name).toBe('batch_4_d24'); // prover and native at depth 24
  expect(chosen.largestTest.name).toBe('batch_4_d8'); // node
  expect(chosen.largestLinked?.name).toBe('batch_256_d24'); // link
  expect(chosen.largest?.name).toBe('batch_256_d24'); // large
  expect(gasInstances().map(({ depth, circuits }) => [depth, names(circuits)])).toEqual([
    [8, ['batch_1_d8', 'batch_2_d8']],
    [24, ['batch_4_d24', 'batch_8_d24', 'batch_16_d24', 'batch_32_d24', 'batch_48_d24']],
    [2, ['batch_128_d2', 'batch_256_d2']],
  ]);
  expect(gasInstances([2, 128]).map(({ circuits }) => names(circuits))).toEqual([['batch_2_d8'], ['batch_128_d2']]);
});

test('a registry without what the suites need is a RegistryError', () => {
  const registry = loadRegistry();
  expect(() => benchInstances(registry.filter((i) => i.use !== 'test'))).toThrow(RegistryError);
  expect(() => benchInstances(registry.filter((i) => i.use !== 'bench'))).toThrow(RegistryError);
});
