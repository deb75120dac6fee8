// Keys anyone can sign for (zkr issue 15). The crafted one is off Baby Jubjub, and its eighth
// multiple, computed with the curve's doubling formulas as circomlib's EdDSAPoseidonVerifier
// does, has x = 0: the verifier only checks that x(4K) != 0, and its scalar multiplication
// returns the identity for a point with x = 0, so the hash term vanishes and R8 = S·B8
// "verifies" with no private key. The small-order ones are on the curve, with 8A = O.
import { F1Field } from 'ffjavascript';
import { R } from './witness.js';

const F = new F1Field(R);
// circomlib's Baby Jubjub: a x^2 + y^2 = 1 + d x^2 y^2.
const A = 168700n;
const D = 168696n;

export type Point = readonly [bigint, bigint];

/** circomlib's BabyDbl: the twisted Edwards doubling formulas, applied to any pair. */
export function double([x, y]: Point): Point {
  const xy = F.mul(x, y);
  const t = F.mul(D, F.mul(xy, xy));
  return [F.div(F.add(xy, xy), F.add(1n, t)), F.div(F.sub(F.mul(y, y), F.mul(A, F.mul(x, x))), F.sub(1n, t))];
}

export function onCurve([x, y]: Point): boolean {
  const x2 = F.mul(x, x);
  const y2 = F.mul(y, y);
  return F.eq(F.add(F.mul(A, x2), y2), F.add(1n, F.mul(D, F.mul(x2, y2))));
}

/** A point K with double(K) = target, if one exists (solves the doubling formulas backwards). */
function halve([x2, y2]: Point): Point | undefined {
  // 2xy / (1 + d u^2) = x2 with u = xy: d x2 u^2 - 2u + x2 = 0.
  const root = F.sqrt(F.sub(1n, F.mul(D, F.mul(x2, x2))));
  if (root === null) return undefined;
  const u = F.div(F.add(1n, root), F.mul(D, x2));
  // (y^2 - a x^2) / (1 - d u^2) = y2 with x = u / y: Y^2 - cY - a u^2 = 0 for Y = y^2.
  const c = F.mul(y2, F.sub(1n, F.mul(D, F.mul(u, u))));
  const disc = F.sqrt(F.add(F.mul(c, c), F.mul(4n, F.mul(A, F.mul(u, u)))));
  if (disc === null) return undefined;
  const y = F.sqrt(F.div(F.add(c, disc), 2n));
  if (y === null || F.isZero(y)) return undefined;
  return [F.div(u, y), y];
}

/**
 * The first off-curve K (by increasing x(2K)) with x(4K) != 0 and y(4K) = 0, so x(8K) = 0:
 * 2K = (x2, sqrt(a)·x2) makes the next doubling's y numerator y^2 - a x^2 vanish.
 */
export function craftedKey(): Point {
  const sqrtA = F.sqrt(A) as bigint;
  for (let x2 = 1n; ; x2++) {
    const k = halve([x2, F.mul(sqrtA, x2)]);
    if (k === undefined) continue;
    const k4 = double(double(k));
    if (!onCurve(k) && !F.isZero(k4[0]) && F.isZero(double(k4)[0])) return k;
  }
}

/** circomlib's B8, the base point of signatures (S·B8 = R8 + 8·h·A). */
export const BASE8: Point = [
  5299619240641551281634865583518297030282874472190772894086521144482721001553n,
  16950150798460657717958625567821834550301663161624707787222815936182638968203n,
];

/** The forged signature: any S with R8 = S·B8 (S = 1 here), made without any private key. */
export const FORGED_SIGNATURE = { r8x: BASE8[0], r8y: BASE8[1], s: 1n } as const;

/** The small-order keys on the curve ((0, 1) is the identity): 8A = O, so R8 = S·B8 verifies. */
export const SMALL_ORDER_KEYS: readonly (readonly [string, Point])[] = [
  ['(0, 1)', [0n, 1n]],
  ['(0, -1)', [0n, R - 1n]],
  ['(1/sqrt(a), 0)', [F.div(1n, F.sqrt(A) as bigint), 0n]],
  ['(-1/sqrt(a), 0)', [F.sub(0n, F.div(1n, F.sqrt(A) as bigint)), 0n]],
];
