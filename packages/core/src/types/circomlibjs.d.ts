declare module 'circomlibjs' {
  interface Field {
    e(value: bigint | number | string): Uint8Array;
    toObject(value: Uint8Array): bigint;
  }
  export interface Poseidon {
    (inputs: readonly (bigint | Uint8Array)[]): Uint8Array;
    F: Field;
  }
  export interface BabyJub {
    F: Field;
    /** circomlibjs' generator of the whole group (order 8 * subOrder); Base8 = 8 * Generator. */
    Generator: [Uint8Array, Uint8Array];
    subOrder: bigint;
    addPoint(a: [Uint8Array, Uint8Array], b: [Uint8Array, Uint8Array]): [Uint8Array, Uint8Array];
    mulPointEscalar(base: [Uint8Array, Uint8Array], e: bigint): [Uint8Array, Uint8Array];
  }
  export interface Eddsa {
    F: Field;
    babyJub: BabyJub;
    prv2pub(privateKey: Uint8Array): [Uint8Array, Uint8Array];
    signPoseidon(privateKey: Uint8Array, message: Uint8Array): { R8: [Uint8Array, Uint8Array]; S: bigint };
    verifyPoseidon(message: Uint8Array, signature: { R8: [Uint8Array, Uint8Array]; S: bigint }, publicKey: [Uint8Array, Uint8Array]): boolean;
  }
  export function buildPoseidon(): Promise<Poseidon>;
  export function buildEddsa(): Promise<Eddsa>;
}
