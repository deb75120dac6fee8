declare module 'ffjavascript' {
  // Only what zkr uses; field elements and points are opaque wasm-backed buffers.
  // biome-ignore lint/suspicious/noExplicitAny: opaque values zkr only hands back to ffjavascript
  type Element = any;
  interface Group {
    g: Element;
    F: { n8: number };
    timesFr(point: Element, scalar: Element): Element;
    timesScalar(point: Element, scalar: bigint): Element;
    toAffine(point: Element): Uint8Array;
    /** Affine points in the wasm's Montgomery LE form to the uncompressed big-endian form snarkjs hashes. */
    batchLEMtoU(points: Uint8Array): Promise<Uint8Array>;
  }
  interface ScalarField {
    one: Element;
    w: Element[];
    e(value: number | bigint | string): Element;
    mul(a: Element, b: Element): Element;
    div(a: Element, b: Element): Element;
    sub(a: Element, b: Element): Element;
    exp(a: Element, e: number | bigint): Element;
    toObject(a: Element): bigint;
  }
  export interface Curve {
    q: bigint;
    Fr: ScalarField;
    G1: Group;
    G2: Group;
    /** The wasm behind the curve: its code (single-threaded curves only) and constant addresses. */
    tm: { code?: Uint8Array; pG1gen: number; pG2gen: number };
    terminate(): Promise<void>;
  }
  /** A prime field over plain bigints. */
  export class F1Field {
    constructor(p: bigint);
    add(a: bigint, b: bigint): bigint;
    sub(a: bigint, b: bigint): bigint;
    mul(a: bigint, b: bigint): bigint;
    div(a: bigint, b: bigint): bigint;
    eq(a: bigint, b: bigint): boolean;
    isZero(a: bigint): boolean;
    /** A square root, or null for a non-residue. */
    sqrt(a: bigint): bigint | null;
  }
  export function getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<Curve>;
}
