// What a job carries and what a worker sends back. Both sides validate: the client before it
// sends (a bad input is the caller's InputError), the worker before it proves (a payload that
// someone else put on the queue is a MalformedJobError naming the field).
import { InputError } from '@zkr/prover';
import { MalformedJobError, type SerializedError } from './errors.js';
import type { Groth16Proof } from '@zkr/prover';

export const PAYLOAD_VERSION = 1;

export type SignalValue = string | number | readonly SignalValue[];
export type CircuitInput = Readonly<Record<string, SignalValue>>;

export interface JobPayload {
  readonly v: typeof PAYLOAD_VERSION;
  readonly circuitId: string;
  /** artifactsHashOf the setup the proof must be made with. */
  readonly artifactsHash: string;
  readonly input: CircuitInput;
}

export type JobOutput =
  | {
      readonly ok: true;
      readonly proof: Groth16Proof;
      readonly publicSignals: string[];
      readonly witnessMs: number;
      readonly proveMs: number;
      readonly worker: string;
      /** The worker's prover backend (absent from workers older than the native backend). */
      readonly backend?: 'native' | 'snarkjs';
    }
  | { readonly ok: false; readonly error: SerializedError; readonly worker: string };

const INTEGER = /^-?(0x[0-9a-fA-F]+|[0-9]+)$/;
const HASH = /^[0-9a-f]{64}$/;
const MAX_DEPTH = 4;

/** The path of the first value that is not an integer (decimal or 0x string, safe number). */
function badValue(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return INTEGER.test(value) ? undefined : path;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? undefined : path;
  if (Array.isArray(value) && depth < MAX_DEPTH) {
    for (let i = 0; i < value.length; i++) {
      const bad = badValue(value[i], `${path}[${i}]`, depth + 1);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  return path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The first problem of a circuit input, as [signal path, message], or undefined. */
function inputProblem(input: unknown): [string, string] | undefined {
  if (!isRecord(input)) return ['input', 'the circuit input must be an object of signal names to values'];
  if (Object.keys(input).length === 0) return ['input', 'the circuit input has no signals'];
  for (const [signal, value] of Object.entries(input)) {
    const bad = badValue(value, signal);
    if (bad !== undefined) return [bad, `input signal ${bad} is not an integer, a decimal or 0x string, or an array of them`];
  }
  return undefined;
}

/** Client side: the input must survive JSON and be integers, or the caller gets InputError. */
export function checkInput(input: unknown): CircuitInput {
  const problem = inputProblem(input);
  if (problem) throw new InputError(problem[1], problem[0]);
  return input as CircuitInput;
}

/** Worker side: anything taken from the queue is checked field by field before it is proved. */
export function parsePayload(data: unknown): JobPayload {
  if (!isRecord(data)) throw new MalformedJobError('the payload is not an object', 'payload');
  if (data.v !== PAYLOAD_VERSION) throw new MalformedJobError(`unsupported payload version ${JSON.stringify(data.v)} (expected ${PAYLOAD_VERSION})`, 'v');
  if (typeof data.circuitId !== 'string' || data.circuitId.length === 0) throw new MalformedJobError('circuitId must be a non-empty string', 'circuitId');
  if (typeof data.artifactsHash !== 'string' || !HASH.test(data.artifactsHash))
    throw new MalformedJobError('artifactsHash must be 64 lowercase hex digits', 'artifactsHash');
  const problem = inputProblem(data.input);
  if (problem) throw new MalformedJobError(problem[1], problem[0] === 'input' ? 'input' : `input.${problem[0]}`);
  return data as unknown as JobPayload;
}

/** Client side: a completed job's output, checked before it becomes the caller's result. */
export function parseOutput(output: unknown, jobId: string): JobOutput {
  if (isRecord(output) && output.ok === true && isRecord(output.proof) && Array.isArray(output.publicSignals)) return output as unknown as JobOutput;
  if (isRecord(output) && output.ok === false && isRecord(output.error) && typeof output.error.code === 'string') return output as unknown as JobOutput;
  throw new MalformedJobError(`job ${jobId} completed with an output that is neither a proof nor an error`, 'output');
}
