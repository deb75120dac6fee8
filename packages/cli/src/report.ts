// How a failure leaves the CLI, whatever raised it (commander's argument checks, a package's
// ZkrError, ethers, a bug): one line for people, or under --json one JSON object on stderr, and
// the exit code of the CLI's table (errors.ts). Every path to an exit goes through reportError.
import { ZkrError } from '@zkr/core/errors';
import { describe, exitCodeOf, messageOf, UsageError } from './errors.js';

/** The code of a failure that is no zkr error (an ethers error, a bug): exit 1 by the table. */
export const UNEXPECTED_CODE = 'cli.unexpected';

export interface ErrorJson {
  readonly error: {
    /** The namespaced code of the outermost zkr error ("sdk.invalid_field"), else cli.unexpected. */
    readonly code: string;
    /** The class of the error thrown ("InvalidFieldError"). */
    readonly name: string;
    readonly message: string;
    /** The option, argument or JSON field to blame, where one is. */
    readonly field?: string;
    readonly details?: unknown;
    readonly exitCode: number;
    /** With --debug only. */
    readonly stack?: string;
  };
}

/** `details` as JSON can hold it: bigints as decimal strings; dropped if it cannot be written. */
function jsonSafe(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  } catch {
    return undefined;
  }
}

export function errorJson(error: unknown, exitCode: number, options: { debug?: boolean } = {}): ErrorJson {
  const zkr = ZkrError.in(error);
  // A foreign error's own code (ethers' CALL_EXCEPTION, Node's ECONNREFUSED) is kept as a detail.
  const foreignCode = (error as { code?: unknown } | null)?.code;
  const details = zkr ? jsonSafe(zkr.details) : typeof foreignCode === 'string' ? { code: foreignCode } : undefined;
  return {
    error: {
      code: zkr?.code ?? UNEXPECTED_CODE,
      name: error instanceof Error ? error.name : 'Error',
      message: messageOf(error),
      ...(zkr?.field === undefined ? {} : { field: zkr.field }),
      ...(details === undefined ? {} : { details }),
      exitCode,
      ...(options.debug && error instanceof Error && error.stack !== undefined ? { stack: error.stack } : {}),
    },
  };
}

export interface ReportOptions {
  readonly json: boolean;
  readonly debug: boolean;
}

/** Writes `error` to stderr (a line, or one JSON object under --json) and sets its exit code. */
export function reportError(error: unknown, options: ReportOptions): void {
  const exitCode = exitCodeOf(error);
  process.exitCode = exitCode;
  if (options.json) {
    process.stderr.write(`${JSON.stringify(errorJson(error, exitCode, options))}\n`);
    return;
  }
  process.stderr.write(`zkr: ${describe(error)}\n`);
  if (options.debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
}

/** The fields of commander's error that the CLI reads (its CommanderError class is not imported). */
interface CommanderErrorLike {
  readonly code: string;
  readonly exitCode: number;
  readonly message: string;
}

/** commander's own code: a usage error keeps it as a detail. */
const COMMANDER_REASONS: Readonly<Record<string, string>> = {
  'commander.unknownOption': 'unknown option',
  'commander.unknownCommand': 'unknown command',
  'commander.missingArgument': 'missing argument',
  'commander.optionMissingArgument': 'option without its value',
  'commander.missingMandatoryOptionValue': 'required option missing',
  'commander.invalidArgument': 'invalid value',
  'commander.conflictingOption': 'conflicting options',
  'commander.excessArguments': 'too many arguments',
  'commander.help': 'no command given',
};

/**
 * The option or argument a commander message quotes: the long flag of "'-i, --input <file>'",
 * the flag of "'--frobnicate'", the name of "missing required argument 'name'".
 */
function quotedField(message: string): string | undefined {
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (quoted === undefined) return undefined;
  return /--[a-zA-Z0-9][\w-]*/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0];
}

/** commander's argument errors as the CLI's UsageError: exit 2, the field named, its reason kept. */
export function usageErrorOf(error: CommanderErrorLike): UsageError {
  const details = { commander: error.code, reason: COMMANDER_REASONS[error.code] ?? 'usage' };
  // commander's message for a missing command is "(outputHelp)": it printed the help instead.
  if (error.code === 'commander.help') return new UsageError('a command is required: --help lists the commands', { details });
  const message = error.message.replace(/^error: /, '');
  const field = error.code === 'commander.excessArguments' ? undefined : quotedField(message);
  return new UsageError(message, { ...(field === undefined ? {} : { field }), details, cause: error });
}

/** commander ends --help, `help` and --version by throwing too (exit override), with exit code 0. */
export function isCleanExit(error: unknown): boolean {
  const { code, exitCode } = (error ?? {}) as { code?: unknown; exitCode?: unknown };
  return typeof code === 'string' && code.startsWith('commander.') && exitCode === 0;
}

/** --json anywhere before a `--` that ends the options: read before commander parses. */
export function jsonRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
