// How the CLI reports failures: one line a person can act on, and an exit code a script can
// branch on. Stack traces only with --debug.

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

/** Bad input detected by the CLI itself (a missing file, malformed JSON, a bad option). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The operation failed for a reason outside the user's input. */
export class OperationError extends Error {
  override readonly name = 'OperationError';
}

/**
 * Exit code by error class, matched on the class names of the error's prototype chain (so every
 * subclass of core's ZkrError is bad input) rather than by instanceof: classifying an error must
 * not load the packages that define the classes (see lazy.ts).
 */
const EXIT_BY_CLASS: Readonly<Record<string, number>> = {
  InsecureSetupError: ExitCode.refused,
  UsageError: ExitCode.badInput,
  // @zkr/sdk's parsers (operation JSON, batch plans) name the field they reject.
  InvalidFieldError: ExitCode.badInput,
  RegistryError: ExitCode.badInput,
  ZkrError: ExitCode.badInput,
  RollupNotFoundError: ExitCode.badInput,
  // The circuits' ArtifactError (the prover's carries code ARTIFACT).
  ArtifactError: ExitCode.artifact,
};

/** Codes the prover uses: its artifact errors, and input the caller got wrong. */
const EXIT_BY_CODE: Readonly<Record<string, number>> = { ARTIFACT: ExitCode.artifact, INPUT: ExitCode.badInput, UNKNOWN_CIRCUIT: ExitCode.badInput, MALFORMED_PROOF: ExitCode.badInput };

function classNames(error: object): string[] {
  const names: string[] = [];
  for (let proto = Object.getPrototypeOf(error) as { constructor?: { name?: string } } | null; proto !== null && proto !== Error.prototype; proto = Object.getPrototypeOf(proto) as typeof proto) {
    if (typeof proto.constructor?.name === 'string') names.push(proto.constructor.name);
  }
  return names;
}

export function exitCodeOf(error: unknown): number {
  if (typeof error !== 'object' || error === null) return ExitCode.failure;
  for (const name of classNames(error)) {
    const exit = EXIT_BY_CLASS[name];
    if (exit !== undefined) return exit;
  }
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' ? EXIT_BY_CODE[code] : undefined) ?? ExitCode.failure;
}

/** ethers' messages embed the whole transaction and RPC payload; its shortMessage is the point. */
export function messageOf(error: unknown): string {
  const short = (error as { shortMessage?: unknown } | null)?.shortMessage;
  return typeof short === 'string' ? short : error instanceof Error ? error.message : String(error);
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' && code !== error.name ? ` [${code}]` : ''}: ${messageOf(error)}`;
  }
  return String(error);
}
