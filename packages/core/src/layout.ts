// The public-signal layout of a batch proof (docs/protocol.md §6.1), defined once: core emits its
// public signals in this order, the circuits' registry declares them from it, the linker places
// them by it, the sdk reads a batch's size from it, and the contracts' build generates the
// Solidity constants from it (contracts/scripts/layout-sol.mjs).

/** The public signals before the chunks, in order. */
export const PUBLIC_SCALAR_SIGNALS = ['oldRoot', 'newRoot', 'chainBefore', 'chainAfter', 'domain', 'feeAccountIndex'] as const;
export type PublicScalarSignal = (typeof PUBLIC_SCALAR_SIGNALS)[number];

/** The public signal array after the scalars: one chunk per slot. */
export const CHUNKS_SIGNAL = 'chunks';

export const PUBLIC_SIGNALS_BEFORE_CHUNKS = PUBLIC_SCALAR_SIGNALS.length;

/** The circuit's public signals as declared in its main component, arrays by their name. */
export const PUBLIC_SIGNAL_DECLARATIONS: readonly string[] = [...PUBLIC_SCALAR_SIGNALS, CHUNKS_SIGNAL];

/** How many public signals a batch of `batchSize` slots has. */
export function publicSignalCount(batchSize: number): number {
  return PUBLIC_SIGNALS_BEFORE_CHUNKS + batchSize;
}

/** The batch size whose proof has `count` public signals (below 1 if there are too few). */
export function batchSizeOfPublicSignals(count: number): number {
  return count - PUBLIC_SIGNALS_BEFORE_CHUNKS;
}

/** Every public signal of a batch of `batchSize` slots by its circuit name, in order:
 * oldRoot, …, feeAccountIndex, chunks[0], …, chunks[N-1]. */
export function publicSignalNames(batchSize: number): string[] {
  return [...PUBLIC_SCALAR_SIGNALS, ...Array.from({ length: batchSize }, (_, i) => `${CHUNKS_SIGNAL}[${i}]`)];
}

/** A scalar signal's position among the public signals. */
export function publicSignalIndex(name: PublicScalarSignal): number {
  return PUBLIC_SCALAR_SIGNALS.indexOf(name);
}

/** Slot `slot`'s chunk's position among the public signals. */
export function chunkSignalIndex(slot: number): number {
  return PUBLIC_SIGNALS_BEFORE_CHUNKS + slot;
}

export type PublicSignalValues = Readonly<Record<PublicScalarSignal, bigint>> & { readonly chunks: readonly bigint[] };

/** The public signals in the proof's order. */
export function orderPublicSignals(values: PublicSignalValues): bigint[] {
  return [...PUBLIC_SCALAR_SIGNALS.map((name) => values[name]), ...values.chunks];
}
