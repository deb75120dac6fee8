// The witness calculator of circom's wasm (what snarkjs' wtns.calculate builds for each call).
declare module 'circom_runtime' {
  export interface WitnessCalculator {
    /** A whole .wtns file (version 2) of the witness for `input`. */
    calculateWTNSBin(input: Record<string, unknown>, sanityCheck?: boolean): Promise<Uint8Array>;
    readonly n32: number;
    readonly prime: bigint;
    readonly witnessSize: number;
  }
  export function WitnessCalculatorBuilder(code: Uint8Array, options?: Record<string, unknown>): Promise<WitnessCalculator>;
}
