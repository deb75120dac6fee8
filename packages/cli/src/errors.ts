// How the CLI reports failures: one line a person can act on, and an exit code a script can
// branch on. Stack traces only with --debug.
import { ZkrError } from '@zkr/core';
import { ArtifactError, RegistryError } from '@zkr/circuits';
import { InsecureSetupError, InvalidFieldError, RollupNotFoundError } from '@zkr/sdk';

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

/** Codes the prover uses for input the caller got wrong. */
const BAD_INPUT_CODES = new Set(['INPUT', 'UNKNOWN_CIRCUIT', 'MALFORMED_PROOF']);

export function exitCodeOf(error: unknown): number {
  if (error instanceof InsecureSetupError) return ExitCode.refused;
  if (error instanceof UsageError || error instanceof InvalidFieldError || error instanceof RegistryError || error instanceof ZkrError || error instanceof RollupNotFoundError) return ExitCode.badInput;
  const code = (error as { code?: unknown } | null)?.code;
  // The circuits' ArtifactError, or the prover's (code ARTIFACT).
  if (error instanceof ArtifactError || code === 'ARTIFACT') return ExitCode.artifact;
  if (typeof code === 'string' && BAD_INPUT_CODES.has(code)) return ExitCode.badInput;
  return ExitCode.failure;
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
