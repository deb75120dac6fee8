// How the CLI reports failures: one line a person can act on, and an exit code a script can
// branch on. Stack traces only with --debug.
// The error tree alone: loading all of core is for the commands that use it.
import { ZkrError, type ZkrErrorOptions } from '@zkr/core/errors';

export const ExitCode = {
  ok: 0,
  /** The operation ran and failed (an invalid proof, a reverted transaction, an unreachable RPC). */
  failure: 1,
  /** The input is wrong: usage, missing or malformed file, unknown circuit, invalid operation. */
  badInput: 2,
  /** A build artifact is missing or corrupt: compile or set up again. */
  artifact: 3,
  /** Refused as unsafe for funds: an insecure setup's verifiers on a chain that is not a dev chain. */
  refused: 4,
} as const;

type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad input detected by the CLI itself (a missing file, malformed JSON, a bad option). */
export class UsageError extends ZkrError {
  static override readonly code = 'cli.usage';
  constructor(message: string, options: ZkrErrorOptions = {}) {
    super(UsageError.code, message, options);
  }
}

/** The operation failed for a reason outside the user's input. */
export class OperationError extends ZkrError {
  static override readonly code = 'cli.operation';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(OperationError.code, message, options);
  }
}

/**
 * The exit code of each error code, or of a whole namespace ("core": every rule of §8 is bad
 * input). Codes not listed, and errors that are not ZkrErrors, are failures (exit 1).
 */
const EXIT_CODES: Readonly<Record<string, ExitCodeValue>> = {
  core: ExitCode.badInput,
  'cli.usage': ExitCode.badInput,
  'circuits.registry': ExitCode.badInput,
  'circuits.artifact': ExitCode.artifact,
  'prover.input': ExitCode.badInput,
  'prover.unknown_circuit': ExitCode.badInput,
  'prover.malformed_proof': ExitCode.badInput,
  'sdk.invalid_field': ExitCode.badInput,
  'sdk.rollup_not_found': ExitCode.badInput,
  'sdk.insecure_setup': ExitCode.refused,
};

export function exitCodeOf(error: unknown): number {
  // The outermost zkr error decides: an OperationError caused by bad input is still a failure.
  const code = ZkrError.in(error)?.code;
  if (code === undefined) return ExitCode.failure;
  return EXIT_CODES[code] ?? EXIT_CODES[code.slice(0, code.indexOf('.'))] ?? ExitCode.failure;
}

/** ethers' messages embed the whole transaction and RPC payload; its shortMessage is the point. */
export function messageOf(error: unknown): string {
  const short = (error as { shortMessage?: unknown } | null)?.shortMessage;
  return typeof short === 'string' ? short : error instanceof Error ? error.message : String(error);
}

/** The class's name, and the code too where the class does not tell it (a family's own errors, ethers'). */
export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const classCode = (error.constructor as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' && code !== error.name && code !== classCode ? ` [${code}]` : ''}: ${messageOf(error)}`;
  }
  return String(error);
}
