// How `zkr submit` splits its operations: pure, so checked here for every small case.
import { planBatches, splitEvenly } from '../src/batchPlan.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

test('splitEvenly keeps the order and makes parts that differ by one at most, longer first', () => {
  expect(splitEvenly(range(7), 3)).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
  for (let n = 1; n <= 24; n++) {
    for (let parts = 1; parts <= n; parts++) {
      const lengths = splitEvenly(range(n), parts).map((list) => list.length);
      expect(splitEvenly(range(n), parts).flat()).toEqual(range(n));
      expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
      expect(lengths[0]! - lengths.at(-1)!).toBeLessThanOrEqual(1);
      expect(lengths.at(-1)).toBeGreaterThan(0);
    }
  }
});

test('planBatches defaults to the fewest batches the largest size holds', () => {
  const sizes = [1, 2];
  // Operations that fit one batch stay one batch, as before --batches.
  expect(planBatches(range(2), { batches: undefined, sizes })).toEqual([[0, 1]]);
  expect(planBatches(range(5), { batches: undefined, sizes })).toEqual([[0, 1], [2, 3], [4]]);
  expect(planBatches(range(3), { batches: '3', sizes })).toEqual([[0], [1], [2]]);
});
