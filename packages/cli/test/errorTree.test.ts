// Walks every package's exports: each error class zkr exports is a ZkrError whose code is its
// own and lives in its package's namespace (docs/protocol.md §8.1). The CLI is the one package
// that sees all the others, so the walk lives here.
import * as circuits from '@zkr/circuits';
import * as linkWitness from '@zkr/circuits/link-witness';
import * as contracts from '@zkr/contracts';
import * as core from '@zkr/core';
import * as node from '@zkr/node';
import * as prover from '@zkr/prover';
import * as queue from '@zkr/queue';
import * as sdk from '@zkr/sdk';
import * as cliErrors from '../src/errors.js';

const { ZkrError, causeChain } = core;

const packages: Record<string, Record<string, unknown>[]> = {
  core: [core],
  circuits: [circuits, linkWitness],
  prover: [prover],
  queue: [queue],
  contracts: [contracts],
  sdk: [sdk],
  node: [node],
  cli: [cliErrors],
};

interface Found {
  readonly namespace: string;
  readonly name: string;
  readonly cls: (abstract new (...args: never[]) => Error) & { code?: unknown };
}

function errorClassesOf(namespace: string, modules: Record<string, unknown>[]): Found[] {
  return modules.flatMap((module) =>
    Object.entries(module)
      .filter((entry): entry is [string, Found['cls']] => typeof entry[1] === 'function' && entry[1].prototype instanceof Error)
      .map(([name, cls]) => ({ namespace, name, cls })),
  );
}

const found = Object.entries(packages).flatMap(([namespace, modules]) => errorClassesOf(namespace, modules));

describe('the error tree', () => {
  test('finds the error classes of every package', () => {
    for (const namespace of Object.keys(packages)) expect(found.some((f) => f.namespace === namespace)).toBe(true);
  });

  test.each(found.map((f) => [`${f.namespace}: ${f.name}`, f] as const))('%s is a ZkrError with a code of its namespace', (_, { cls }) => {
    expect(cls === ZkrError || cls.prototype instanceof ZkrError).toBe(true);
    expect(typeof cls.code).toBe('string');
    // A class re-exported by a package above its own (the prover's ArtifactError) keeps its code.
    const namespaces = found.filter((f) => f.cls === cls).map((f) => f.namespace);
    expect(namespaces).toContain(cls === ZkrError ? 'core' : String(cls.code).split('.')[0]);
  });

  test('no two classes share a code', () => {
    const classes = [...new Set(found.map((f) => f.cls))];
    const codes = classes.map((cls) => cls.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  test("one ArtifactError: the prover and the queue throw the circuits package's", () => {
    expect(prover.ArtifactError).toBe(circuits.ArtifactError);
    expect(new circuits.ArtifactError('x.zkey', 'is truncated')).toMatchObject({ code: 'circuits.artifact', file: 'x.zkey', message: 'x.zkey: is truncated' });
  });

  test("an instance carries its class's code and keeps instanceof along its family", () => {
    const timeout = new prover.TimeoutError(5);
    expect(timeout.code).toBe(prover.TimeoutError.code);
    expect(timeout).toBeInstanceOf(prover.ProverError);
    expect(timeout).toBeInstanceOf(ZkrError);
    const malformed = new queue.MalformedJobError('no input', 'input');
    expect(malformed).toMatchObject({ code: 'queue.malformed_job', field: 'input' });
    expect(malformed).toBeInstanceOf(prover.ProverError);
    const field = new sdk.InvalidFieldError('amount', 'amount must be a non-negative decimal integer');
    expect(field).toMatchObject({ code: 'sdk.invalid_field', field: 'amount', name: 'InvalidFieldError' });
  });

  test('causeChain walks causes outermost first, and ZkrError.in finds the first zkr error', () => {
    const root = new Error('ECONNREFUSED');
    const usage = new cliErrors.UsageError('bad --rpc', { cause: root });
    const outer = new Error('wrapped', { cause: usage });
    expect(causeChain(outer)).toEqual([outer, usage, root]);
    expect(ZkrError.in(outer)).toBe(usage);
    expect(ZkrError.in(root)).toBeUndefined();
    const cyclic = new Error('a') as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    expect(causeChain(cyclic)).toEqual([cyclic]);
  });

  test('the CLI maps codes to exit codes by its table', () => {
    const { exitCodeOf, ExitCode } = cliErrors;
    expect(exitCodeOf(new core.InsufficientBalance('too little'))).toBe(ExitCode.badInput);
    expect(exitCodeOf(new circuits.ArtifactError('a.zkey', 'missing'))).toBe(ExitCode.artifact);
    expect(exitCodeOf(new prover.ProverError('prover.unknown_circuit', 'no such circuit'))).toBe(ExitCode.badInput);
    expect(exitCodeOf(new prover.TimeoutError(1))).toBe(ExitCode.failure);
    expect(exitCodeOf(new sdk.InsecureSetupError(1, []))).toBe(ExitCode.refused);
    expect(exitCodeOf(new cliErrors.OperationError('failed', { cause: new cliErrors.UsageError('inner') }))).toBe(ExitCode.failure);
    expect(exitCodeOf(new Error('raw'))).toBe(ExitCode.failure);
  });
});
