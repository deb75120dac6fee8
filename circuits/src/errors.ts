// Errors of the circuit build pipeline; `code` is stable for callers to match.
export class CircuitError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(code: string, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/** A registry entry is missing or malformed. */
export class RegistryError extends CircuitError {
  constructor(message: string, details?: unknown) {
    super('REGISTRY', message, { details });
  }
}

/** circom rejected the source; `details` holds its output. */
export class CompileError extends CircuitError {
  constructor(message: string, details?: unknown) {
    super('COMPILE', message, { details });
  }
}

/** An artifact (r1cs, wasm, zkey, vkey, ptau) is missing, corrupt or does not fit. */
export class ArtifactError extends CircuitError {
  readonly file: string;
  constructor(file: string, message: string, cause?: unknown) {
    super('ARTIFACT', `${file}: ${message}`, { cause });
    this.file = file;
  }
}
