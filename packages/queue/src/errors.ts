// Typed errors of proving over the queue. They extend @zkr/prover's ProverError, so a caller
// matches one `code` whichever backend proved; errors cross the queue as {code, message,
// details} and are rebuilt here into the same classes the local pool throws. Codes are
// "queue.*" (docs/protocol.md §8.1).
import { ZkrError } from '@zkr/core';
import {
  AbortError,
  ArtifactError,
  InputError,
  ProverClosedError,
  ProverError,
  QueueFullError,
  TimeoutError,
  WitnessError,
  WorkerCrashedError,
} from '@zkr/prover';

/** The worker's setup of this circuit differs from the one the job must be proved with. */
export class ArtifactMismatchError extends ProverError {
  static override readonly code = 'queue.artifact_mismatch';
  constructor(circuitId: string, expected: string, actual: string) {
    super(
      ArtifactMismatchError.code,
      `${circuitId}: this worker's artifacts ${actual.slice(0, 12)}… differ from the job's ${expected.slice(0, 12)}…; refused instead of proving against another key`,
      {
        details: { circuitId, expected, actual },
      },
    );
  }
}

/** A job payload that is not {v, circuitId, artifactsHash, input}; `field` names what is wrong. */
export class MalformedJobError extends ProverError {
  static override readonly code = 'queue.malformed_job';
  declare readonly field: string;
  constructor(message: string, field: string) {
    super(MalformedJobError.code, `malformed job: ${message}`, { field, details: { field } });
  }
}

/** The queue gave up on a job (its retries were spent on lost leases or crashes). */
export class JobFailedError extends ProverError {
  static override readonly code = 'queue.job_failed';
  constructor(message: string, details: unknown) {
    super(JobFailedError.code, message, { details });
  }
}

/** The queue's database is unreachable or refused a command. */
export class QueueUnavailableError extends ProverError {
  static override readonly code = 'queue.unavailable';
  constructor(message: string, cause?: unknown) {
    super(QueueUnavailableError.code, message, { cause });
  }
}

export interface SerializedError {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ZkrError) return { code: error.code, message: error.message, details: error.details ?? null };
  return { code: 'prover.prove', message: error instanceof Error ? error.message : String(error) };
}

function field<T>(details: unknown, name: string): T | undefined {
  return details !== null && typeof details === 'object' ? ((details as Record<string, unknown>)[name] as T | undefined) : undefined;
}

/** The typed error a serialized one stands for; other codes stay plain ProverErrors with that code. */
export function rebuildError(error: SerializedError): ProverError {
  const { code, message, details } = error;
  switch (code) {
    case InputError.code:
      return new InputError(message, field<string>(details, 'signal'));
    case WitnessError.code:
      return new WitnessError(message, field<string[]>(details, 'templates') ?? []);
    case ArtifactError.code: {
      const file = field<string>(details, 'file') ?? '';
      return new ArtifactError(file, message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message);
    }
    case ArtifactMismatchError.code:
      return new ArtifactMismatchError(field(details, 'circuitId') ?? '', field(details, 'expected') ?? '', field(details, 'actual') ?? '');
    case MalformedJobError.code:
      return new MalformedJobError(message.replace(/^malformed job: /, ''), field<string>(details, 'field') ?? '');
    case QueueFullError.code:
      return new QueueFullError(field<number>(details, 'limit') ?? 0);
    case TimeoutError.code:
      return new TimeoutError(field<number>(details, 'timeoutMs') ?? 0);
    case AbortError.code:
      return new AbortError();
    case WorkerCrashedError.code:
      return new WorkerCrashedError(new Error(message));
    case ProverClosedError.code:
      return new ProverClosedError();
    default:
      return new ProverError(code, message, { details });
  }
}

/** Reads what pg-boss stored as a failed job's output: our serialized error, or its own. */
export function errorOfFailedJob(output: unknown, jobId: string): ProverError {
  const code = field<string>(output, 'code');
  const message = field<string>(output, 'message');
  if (typeof code === 'string' && typeof message === 'string') return rebuildError({ code, message, details: field(output, 'details') });
  return new JobFailedError(`job ${jobId} failed: ${message ?? 'the queue gave up on it'}`, { jobId, output });
}
