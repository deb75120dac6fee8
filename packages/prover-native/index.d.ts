/** A zkey read once per process and shared by every worker thread that loads the same file. */
export declare class NativeZkey {
  /** Throws "[ZKEY] ..." for a missing, truncated or malformed zkey, or one not over BN254. */
  constructor(path: string);
  readonly nVars: number;
  readonly nPublic: number;
  readonly domainSize: number;
  /**
   * Proves from the bytes of a .wtns file; returns JSON `{ proof, publicSignals }` as snarkjs
   * writes them. Throws "[WITNESS_FORMAT] ..." for a malformed witness or one of the wrong
   * length, "[UNSATISFIED] ..." when the witness does not satisfy the circuit.
   */
  prove(wtns: Uint8Array): string;
}

export interface NativeBinding {
  NativeZkey: typeof NativeZkey;
  /** Sizes the process-wide pool of prover threads. */
  setThreads(threads: number): void;
  threads(): number;
}

export declare function platformTriple(): string;
export declare const triple: string;
export declare const binaryName: string;
export declare const localBinary: string;
export declare const native: NativeBinding | undefined;
export declare const loadError: Error | undefined;
