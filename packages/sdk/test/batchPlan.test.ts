// How a submission splits its operations: pure, so checked here for every small case.
import { InvalidFieldError, planBatches, splitEvenly } from '../src/index.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

test('splitEvenly keeps the order and makes parts that differ by one at most, longer first', () => {
  expect(splitEvenly(range(7), 3)).toEqual([
    [0, 1, 2],
    [3, 4],
    [5, 6],
  ]);
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
  expect(planBatches(range(3), { batches: 3, sizes })).toEqual([[0], [1], [2]]);
});

test('planBatches names the field it rejects: the CLI passes its options', () => {
  const fields = { batches: '--batches', operations: '--ops' };
  expect(() => planBatches([], { sizes: [1] })).toThrow(new InvalidFieldError('operations', 'operations holds no operations; a batch needs at least one'));
  expect(() => planBatches(range(2), { batches: 3, sizes: [1], fields })).toThrow('--batches 3 is more than the 2 operations of --ops');
  expect(() => planBatches(range(2), { batches: 0, sizes: [1] })).toThrow('batches must be a positive integer, received 0');
  try {
    planBatches(range(2), { batches: 1, sizes: [1], fields });
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidFieldError);
    expect((error as InvalidFieldError).field).toBe('--batches');
  }
  expect.assertions(5);
});
