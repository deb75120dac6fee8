// snarkjs builds the BN254 curve it needs (setup, verify, ceremonies) once per process, with
// worker threads of its own, and caches it on globalThis.curve_bn128; those threads keep the
// process alive until the curve is terminated (iden3/snarkjs#152). This is the one teardown.

interface CachedCurve {
  terminate(): Promise<void>;
}

const cache = globalThis as { curve_bn128?: CachedCurve | null };

/**
 * Terminates snarkjs' cached curve and forgets it, so a later use builds a fresh one. Call it
 * when nothing in the process proves or verifies through snarkjs any more: a use in flight
 * would lose its threads. @zkr/prover's provers call it when the last of them closes.
 */
export async function terminateSnarkjsCurve(): Promise<void> {
  const curve = cache.curve_bn128;
  delete cache.curve_bn128;
  await curve?.terminate();
  // ffjavascript's terminate() leaves null behind; nothing of it stays.
  delete cache.curve_bn128;
}
