// Type declarations for untyped dependencies, shared by every package (each tsconfig includes this folder).
declare module 'snarkjs' {
  // Only what zkr uses. Proofs and keys are JSON objects snarkjs defines.
  // biome-ignore lint/suspicious/noExplicitAny: snarkjs' own JSON shapes, checked where zkr reads them
  type Json = any;
  interface Logger {
    info(message: string): void;
    debug(message: string): void;
    warn(message: string): void;
    error(message: string): void;
  }
  export const r1cs: { info(path: string, logger?: Logger): Promise<{ nConstraints: number; nPubInputs: number; nOutputs: number; nVars: number }> };
  export const powersOfTau: {
    newAccumulator(curve: unknown, power: number, path: string, logger?: Logger): Promise<unknown>;
    contribute(oldPath: string, newPath: string, name: string, entropy: string, logger?: Logger): Promise<unknown>;
    preparePhase2(oldPath: string, newPath: string, logger?: Logger): Promise<void>;
  };
  export const zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: Logger): Promise<Uint8Array>;
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: Logger): Promise<Uint8Array>;
    verifyFromR1cs(r1cs: string, ptau: string, zkey: string, logger?: Logger): Promise<boolean>;
    verifyFromInit(initZkey: string, ptau: string, zkey: string, logger?: Logger): Promise<boolean>;
    /** Applies a public random beacon as the last contribution; false if snarkjs refused its arguments. */
    beacon(oldZkey: string, newZkey: string, name: string, beaconHashHex: string, iterationsExp: number, logger?: Logger): Promise<Uint8Array | false>;
    exportVerificationKey(zkey: string, logger?: Logger): Promise<Json>;
    exportSolidityVerifier(zkey: string, templates: { groth16: string }, logger?: Logger): Promise<string>;
  };
  export const wtns: {
    calculate(input: Json, wasm: string | Uint8Array, out: string | { type: 'mem'; data?: Uint8Array }): Promise<void>;
    check(r1cs: string, wtns: string | { type: 'mem'; data?: Uint8Array }, logger?: Logger): Promise<boolean>;
  };
  /** Builds the curve (multi-threaded unless asked otherwise) and caches it on globalThis once built. */
  export const curves: { getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<{ terminate(): Promise<void> }> };
  export const groth16: {
    fullProve(
      input: Json,
      wasm: string | Uint8Array,
      zkey: string | Uint8Array,
      logger?: Logger,
      wtnsCalcOptions?: Json,
      proverOptions?: Json,
    ): Promise<{ proof: Json; publicSignals: string[] }>;
    prove(
      zkey: string | Uint8Array,
      wtns: string | Uint8Array | { type: 'mem'; data?: Uint8Array },
      logger?: Logger,
      options?: Json,
    ): Promise<{ proof: Json; publicSignals: string[] }>;
    verify(vkey: Json, publicSignals: readonly string[], proof: Json, logger?: Logger): Promise<boolean>;
  };
}
