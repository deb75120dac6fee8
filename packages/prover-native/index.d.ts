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

/** See writeDevZkey. */
export interface DevZkeyOptions {
  r1cs: string;
  /** The INSECURE dev secrets, decimal. */
  tau: string;
  alpha: string;
  beta: string;
  /** The dev ptau's power (decides the H form as snarkjs would); absent: any larger ptau's form. */
  ptauPower?: number;
  path: string;
}

export interface NativeBinding {
  /**
   * Writes a circuit's initial Groth16 zkey straight from a dev powers of tau's secrets (the
   * bytes snarkjs' newZKey writes from that ptau), streaming the r1cs. Rejects "[ARGUMENT] ..."
   * for an unreadable r1cs, bad secrets or a ptau power below the circuit's.
   */
  writeDevZkey(options: DevZkeyOptions): Promise<void>;
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
