// Typed prover errors; codes are "prover.*" (docs/protocol.md §8.1), `details` says what and where.
import { ArtifactError } from '@zkr/circuits';
import { ZkrError, type ZkrErrorOptions } from '@zkr/core';

export { ArtifactError };

/** The prover's error family; its own instances carry the code they are given. */
export class ProverError extends ZkrError {
  static override readonly code: string = 'prover';
  constructor(code: string, message: string, options: ZkrErrorOptions = {}) {
    super(code, message, options);
  }
}

/** The input names an unknown signal, misses one, or holds a value that is not a number. */
export class InputError extends ProverError {
  static override readonly code = 'prover.input';
  readonly signal: string | undefined;
  constructor(message: string, signal?: string, cause?: unknown) {
    super(InputError.code, message, { details: { signal }, cause });
    this.signal = signal;
  }
}

/** Witness generation failed: an assert or `===` of the circuit does not hold for this input. */
export class WitnessError extends ProverError {
  static override readonly code = 'prover.witness';
  /** Innermost first, e.g. ["Num2Bits_12 line: 38", "Slot_253 line: 121"]. */
  readonly templates: string[];
  constructor(message: string, templates: string[], cause?: unknown) {
    super(WitnessError.code, message, { details: { templates }, cause });
    this.templates = templates;
  }
}

export class QueueFullError extends ProverError {
  static override readonly code = 'prover.queue_full';
  constructor(limit: number) {
    super(QueueFullError.code, `the prover queue holds its limit of ${limit} jobs`, { details: { limit } });
  }
}

export class TimeoutError extends ProverError {
  static override readonly code = 'prover.timeout';
  constructor(timeoutMs: number) {
    super(TimeoutError.code, `the proof did not finish within ${timeoutMs} ms`, { details: { timeoutMs } });
  }
}

export class AbortError extends ProverError {
  static override readonly code = 'prover.aborted';
  constructor(cause?: unknown) {
    super(AbortError.code, 'the proof was aborted by its signal', { cause });
  }
}

/** The worker running the job died; it was replaced, the job was not retried. */
export class WorkerCrashedError extends ProverError {
  static override readonly code = 'prover.worker_crashed';
  constructor(cause?: unknown) {
    super(WorkerCrashedError.code, `the prover worker died: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

export class ProverClosedError extends ProverError {
  static override readonly code = 'prover.closed';
  constructor() {
    super(ProverClosedError.code, 'the prover is closed');
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
  if (/Cannot convert .* to a BigInt|invalid BigInt syntax/i.test(message))
    return new InputError(`an input value is not a number: ${message}`, undefined, error);
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
  static override readonly code = 'prover.unsatisfied';
  constructor(message: string) {
    super(UnsatisfiedWitnessError.code, message);
  }
}

/** Maps the native prover's coded failures ("[ZKEY] ...") to typed errors. */
export function classifyNativeFailure(code: string, message: string, zkey: string): ProverError {
  if (code === 'ZKEY') return new ArtifactError(zkey, `native prover: ${message}`);
  if (code === 'UNSATISFIED') return new UnsatisfiedWitnessError(message);
  if (code === 'NATIVE_UNAVAILABLE') return new ProverError('prover.native_unavailable', message);
  return new ProverError(`prover.native_${code.toLowerCase()}`, `native prover: ${message}`);
}
