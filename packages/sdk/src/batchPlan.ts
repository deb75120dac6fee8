// How a submission cuts its operations into the batches of one L1 transaction: consecutive and
// as even as possible, since all share one batch size (the smallest that holds the longest).
import { InvalidFieldError } from './fields.js';

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

export interface BatchPlanOptions {
  /** How many batches (default: the fewest the largest size holds). */
  readonly batches?: number | undefined;
  /** The registered batch sizes. */
  readonly sizes: readonly number[];
  /** The names errors give the batch count and the operations (default 'batches', 'operations';
   * the CLI passes its options, '--batches' and '--ops'). */
  readonly fields?: { readonly batches: string; readonly operations: string };
}

/**
 * The batches of `operations`: `options.batches` of them, or by default the fewest that the
 * largest registered batch size holds, so operations that fit one batch stay one batch.
 */
export function planBatches<T>(operations: readonly T[], options: BatchPlanOptions): T[][] {
  const names = options.fields ?? { batches: 'batches', operations: 'operations' };
  const count = operations.length;
  if (count === 0) throw new InvalidFieldError(names.operations, `${names.operations} holds no operations; a batch needs at least one`);
  const largest = Math.max(...options.sizes);
  const fewest = Math.ceil(count / largest);
  const batches = options.batches ?? fewest;
  if (!Number.isSafeInteger(batches) || batches < 1)
    throw new InvalidFieldError(names.batches, `${names.batches} must be a positive integer, received ${batches}`);
  if (batches > count)
    throw new InvalidFieldError(
      names.batches,
      `${names.batches} ${batches} is more than the ${count} operations of ${names.operations}: each batch needs at least one`,
    );
  if (batches < fewest) {
    throw new InvalidFieldError(
      names.batches,
      `${names.batches} ${batches} puts up to ${Math.ceil(count / batches)} operations in a batch, the largest registered batch size is ${largest}: pass ${names.batches} ${fewest} or more`,
    );
  }
  return splitEvenly(operations, batches);
}
