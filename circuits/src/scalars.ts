// Arithmetic mod r, BN254's scalar field, on bigints: what a dev setup needs to turn its known
// secrets into the scalars of every point it writes (each point is then scalar·G).
import { randomBytes } from 'node:crypto';
import { FIELD_MODULUS } from '@zkr/core';

/** r, the scalar field's modulus: core's FIELD_MODULUS, the one definition. */
export const R = FIELD_MODULUS;

export const mod = (a: bigint): bigint => ((a % R) + R) % R;

/** A uniform scalar: 64 random bytes reduced mod r (the bias is negligible). */
export const randomScalar = (): bigint => BigInt(`0x${randomBytes(64).toString('hex')}`) % R;

export function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  for (let b = mod(base), e = exponent; e > 0n; e >>= 1n, b = (b * b) % R) if (e & 1n) result = (result * b) % R;
  return result;
}

export const inverse = (a: bigint): bigint => power(a, R - 2n);

/** 1/x for every x at once (Montgomery's trick: one exponentiation, three products each). */
export function batchInverse(values: readonly bigint[]): bigint[] {
  const prefix: bigint[] = new Array<bigint>(values.length);
  let running = 1n;
  for (let i = 0; i < values.length; i++) {
    prefix[i] = running;
    running = (running * values[i]!) % R;
  }
  let inverseOfAll = inverse(running);
  const out: bigint[] = new Array<bigint>(values.length);
  for (let i = values.length - 1; i >= 0; i--) {
    out[i] = (inverseOfAll * prefix[i]!) % R;
    inverseOfAll = (inverseOfAll * values[i]!) % R;
  }
  return out;
}

/** first·ratio^i for i < count. */
export function geometric(first: bigint, ratio: bigint, count: number): bigint[] {
  const out: bigint[] = new Array<bigint>(count);
  for (let i = 0, value = first; i < count; i++, value = (value * ratio) % R) out[i] = value;
  return out;
}

/** The generator of the 2^k roots of unity, as ffjavascript's Fr.w[k] (snarkjs' domains). */
export type RootOfUnity = (k: number) => bigint;

/** L_i(tau) over the 2^k roots of unity w^i, in order: w^i (tau^m - 1) / (m (tau - w^i)). */
export function lagrangeAt(tau: bigint, k: number, rootOfUnity: RootOfUnity): bigint[] {
  const m = 2 ** k;
  const roots = geometric(1n, rootOfUnity(k), m);
  const common = (mod(power(tau, BigInt(m)) - 1n) * inverse(BigInt(m))) % R;
  const inverses = batchInverse(roots.map((w) => mod(tau - w)));
  return roots.map((w, i) => (((common * w) % R) * inverses[i]!) % R);
}

/**
 * What `prepare phase2` stores one level above a file of 2^bits powers: the transform of its
 * 2n-1 tau powers padded with the point at infinity over the domain of 2n roots, i.e. the
 * Lagrange values less the missing top term tau^(2n-1) w^i / (2n).
 */
export function paddedLagrangeAt(tau: bigint, bits: number, rootOfUnity: RootOfUnity): bigint[] {
  const k = bits + 1;
  const size = 2 ** k;
  const top = (power(tau, BigInt(size - 1)) * inverse(BigInt(size))) % R;
  const roots = geometric(1n, rootOfUnity(k), size);
  return lagrangeAt(tau, k, rootOfUnity).map((value, i) => mod(value - top * roots[i]!));
}
