// Typed prover errors. `code` is stable for callers to match; `details` says what and where.
export class ProverError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(code: string, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/** The input names an unknown signal, misses one, or holds a value that is not a number. */
export class InputError extends ProverError {
  readonly signal: string | undefined;
  constructor(message: string, signal?: string, cause?: unknown) {
    super('INPUT', message, { details: { signal }, cause });
    this.signal = signal;
  }
}

/** Witness generation failed: an assert or `===` of the circuit does not hold for this input. */
export class WitnessError extends ProverError {
  /** Innermost first, e.g. ["Num2Bits_12 line: 38", "Slot_253 line: 121"]. */
  readonly templates: string[];
  constructor(message: string, templates: string[], cause?: unknown) {
    super('WITNESS', message, { details: { templates }, cause });
    this.templates = templates;
  }
}

/** A wasm or zkey is missing, or differs from the manifest of its setup. */
export class ArtifactError extends ProverError {
  constructor(message: string, file: string, cause?: unknown) {
    super('ARTIFACT', message, { details: { file }, cause });
  }
}

export class QueueFullError extends ProverError {
  constructor(limit: number) {
    super('QUEUE_FULL', `the prover queue holds its limit of ${limit} jobs`, { details: { limit } });
  }
}

export class TimeoutError extends ProverError {
  constructor(timeoutMs: number) {
    super('TIMEOUT', `the proof did not finish within ${timeoutMs} ms`, { details: { timeoutMs } });
  }
}

export class AbortError extends ProverError {
  constructor(cause?: unknown) {
    super('ABORTED', 'the proof was aborted by its signal', { cause });
  }
}

/** The worker running the job died; it was replaced, the job was not retried. */
export class WorkerCrashedError extends ProverError {
  constructor(cause?: unknown) {
    super('WORKER_CRASHED', `the prover worker died: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

export class ProverClosedError extends ProverError {
  constructor() {
    super('CLOSED', 'the prover is closed');
  }
}

/** Maps the witness calculator's messages to typed errors naming the signal or the templates. */
export function classifyWitnessFailure(error: unknown): ProverError {
  const message = error instanceof Error ? error.message : String(error);
  const notInput = /Signal (\S+) is not an input of the circuit/.exec(message);
  if (notInput) return new InputError(`unknown input signal "${notInput[1]}"`, notInput[1], error);
  const unknown = /Signal (\S+) not found/.exec(message);
  if (unknown) return new InputError(`unknown input signal "${unknown[1]}"`, unknown[1], error);
  const unset = /Not all inputs have been set\. Only (\d+) out of (\d+)/.exec(message);
  if (unset) return new InputError(`input signals are missing: ${unset[1]} of ${unset[2]} values given`, undefined, error);
  const missing = /Not enough values for input signal (\S+)/.exec(message);
  if (missing) return new InputError(`missing or short input signal "${missing[1]}"`, missing[1], error);
  const tooMany = /Too many values for input signal (\S+)/.exec(message);
  if (tooMany) return new InputError(`too many values for input signal "${tooMany[1]}"`, tooMany[1], error);
  if (/Cannot convert .* to a BigInt|invalid BigInt syntax/i.test(message)) return new InputError(`an input value is not a number: ${message}`, undefined, error);
  const templates = [...message.matchAll(/Error in template (\w+ line: \d+)/g)].map((m) => m[1]!);
  if (templates.length > 0) {
    return new WitnessError(`the circuit rejects this input: assert failed in ${[...new Set(templates)].join(' < ')}`, [...new Set(templates)], error);
  }
  return new WitnessError(`witness generation failed: ${message}`, [], error);
}

/**
 * The witness does not satisfy the circuit's constraints: the native backend's proof of it
 * did not verify against the zkey, so no proof is returned.
 */
export class UnsatisfiedWitnessError extends ProverError {
  constructor(message: string) {
    super('UNSATISFIED', message);
  }
}

/** Maps the native prover's coded failures ("[ZKEY] ...") to typed errors. */
export function classifyNativeFailure(code: string, message: string, zkey: string): ProverError {
  if (code === 'ZKEY') return new ArtifactError(`native prover: ${message}`, zkey);
  if (code === 'UNSATISFIED') return new UnsatisfiedWitnessError(message);
  if (code === 'WITNESS_FORMAT') return new ProverError('WITNESS_FORMAT', `native prover: ${message}`);
  return new ProverError(code, `native prover: ${message}`);
}
