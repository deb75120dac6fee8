// Errors of the circuit build pipeline; codes are "circuits.*" (docs/protocol.md §8.1).
import { ZkrError, type ZkrErrorOptions } from '@zkr/core';

/** The circuits package's error family; its own instances carry the code they are given. */
export class CircuitError extends ZkrError {
  static override readonly code: string = 'circuits';
  constructor(code: string, message: string, options: ZkrErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A registry entry is missing or malformed. */
export class RegistryError extends CircuitError {
  static override readonly code = 'circuits.registry';
  constructor(message: string, details?: unknown) {
    super(RegistryError.code, message, { details });
  }
}

/** circom rejected the source; `details` holds its output. */
export class CompileError extends CircuitError {
  static override readonly code = 'circuits.compile';
  constructor(message: string, details?: unknown) {
    super(CompileError.code, message, { details });
  }
}

/**
 * An artifact (r1cs, wasm, zkey, vkey, ptau, manifest) is missing, corrupt or does not fit. The
 * one ArtifactError of zkr: the prover and the queue throw and re-export this class.
 */
export class ArtifactError extends CircuitError {
  static override readonly code = 'circuits.artifact';
  readonly file: string;
  constructor(file: string, message: string, cause?: unknown) {
    super(ArtifactError.code, `${file}: ${message}`, { details: { file }, cause });
    this.file = file;
  }
}
