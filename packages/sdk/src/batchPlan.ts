// How `zkr submit` cuts its operations into the batches of one L1 transaction: consecutive and as
// even as possible, since all share one batch size (the smallest that holds the longest).
import { UsageError } from './errors.js';
import { parsePositive } from './parse.js';

/** `items` in order as `parts` consecutive lists whose lengths differ by one at most, longer first. */
export function splitEvenly<T>(items: readonly T[], parts: number): T[][] {
  const base = Math.floor(items.length / parts);
  const longer = items.length % parts;
  const lists: T[][] = [];
  for (let i = 0, start = 0; i < parts; i++) {
    const end = start + base + (i < longer ? 1 : 0);
    lists.push(items.slice(start, end));
    start = end;
  }
  return lists;
}

/**
 * The batches of `operations`: `--batches` of them, or by default the fewest that the largest
 * registered batch size holds, so operations that fit one batch stay one batch.
 */
export function planBatches<T>(operations: readonly T[], options: { readonly batches: string | undefined; readonly sizes: readonly number[] }): T[][] {
  const count = operations.length;
  if (count === 0) throw new UsageError('--ops holds no operations; a batch needs at least one');
  const largest = Math.max(...options.sizes);
  const fewest = Math.ceil(count / largest);
  const batches = options.batches === undefined ? fewest : parsePositive(options.batches, '--batches');
  if (batches > count) throw new UsageError(`--batches ${batches} is more than the ${count} operations of --ops: each batch needs at least one`);
  if (batches < fewest) {
    throw new UsageError(`--batches ${batches} puts up to ${Math.ceil(count / batches)} operations in a batch, the largest registered batch size is ${largest}: pass --batches ${fewest} or more`);
  }
  return splitEvenly(operations, batches);
}
