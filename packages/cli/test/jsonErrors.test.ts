// --json holds for every failure (issue 16): commander's own argument errors, a bad option value,
// a ZkrError of any package, an unexpected error. Each prints one JSON object on stderr (nothing on
// stdout) with the error's namespaced code, and exits with the code of the CLI's table.
import { createServer, type Server } from 'node:http';
import { InsufficientBalance } from '@zkr/core';
import { ExitCode } from '../src/errors.js';
import { errorJson, isCleanExit, jsonRequested, UNEXPECTED_CODE, usageErrorOf } from '../src/report.js';
import { OFFLINE_ROLLUP, offlineDeployment, tempDir, USER_L2_KEY, writeIn, zkr } from './zkr.js';

const ROLLUP = OFFLINE_ROLLUP;

/** An L1 RPC that names chain 31337 and a contract, then answers every call with no data: ethers
 * fails to decode it (BAD_DATA), an error no zkr package raised. */
function nonsenseRpc(): Promise<{ url: string; server: Server }> {
  const answer = (method: string): string => ({ eth_chainId: '0x7a69', eth_blockNumber: '0x1', eth_getCode: '0x6000' })[method] ?? '0x';
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const calls = JSON.parse(body) as { id: number; method: string } | { id: number; method: string }[];
      const reply = (call: { id: number; method: string }) => ({ jsonrpc: '2.0', id: call.id, result: answer(call.method) });
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(Array.isArray(calls) ? calls.map(reply) : reply(calls)));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })),
  );
}

interface Expected {
  readonly exit: number;
  readonly error: Record<string, unknown>;
}

describe('zkr --json: every failure is one JSON object on stderr', () => {
  let dir: string;
  let deployment: string;
  let rpc: { url: string; server: Server };

  beforeAll(async () => {
    dir = tempDir();
    deployment = offlineDeployment(dir, 'http://127.0.0.1:1');
    rpc = await nonsenseRpc();
  });
  afterAll(async () => {
    rpc.server.closeAllConnections();
    await new Promise<void>((resolve) => rpc.server.close(() => resolve()));
  });

  const commander = (reason: string, name: string) => ({ code: 'cli.usage', details: { commander: `commander.${name}`, reason } });
  const cases: [string, () => string[], Expected][] = [
    [
      'an unknown option',
      () => ['circuits', '--frobnicate'],
      { exit: ExitCode.badInput, error: { ...commander('unknown option', 'unknownOption'), field: '--frobnicate', message: "unknown option '--frobnicate'" } },
    ],
    [
      'an unknown command',
      () => ['frobnicate'],
      { exit: ExitCode.badInput, error: { ...commander('unknown command', 'unknownCommand'), field: 'frobnicate' } },
    ],
    ['a missing argument', () => ['setup'], { exit: ExitCode.badInput, error: { ...commander('missing argument', 'missingArgument'), field: 'name' } }],
    [
      'a missing required option',
      () => ['prove', 'batch_1_d8'],
      { exit: ExitCode.badInput, error: { ...commander('required option missing', 'missingMandatoryOptionValue'), field: '--input' } },
    ],
    [
      'an option without its value',
      () => ['sync', '--rpc'],
      { exit: ExitCode.badInput, error: { ...commander('option without its value', 'optionMissingArgument'), field: '--rpc' } },
    ],
    ['too many arguments', () => ['circuits', 'extra'], { exit: ExitCode.badInput, error: commander('too many arguments', 'excessArguments') }],
    ['no command at all', () => [], { exit: ExitCode.badInput, error: commander('no command given', 'help') }],
    [
      'a bad option value (sdk)',
      () => ['sync', '--rpc', rpc.url, '--rollup', ROLLUP, '--page-size', 'x'],
      { exit: ExitCode.badInput, error: { code: 'sdk.invalid_field', name: 'InvalidFieldError', field: '--page-size' } },
    ],
    [
      'a bad option value (cli)',
      () => ['node', '--rpc', rpc.url, '--rollup', ROLLUP, '--circuit', 'batch_1_d8', '--backend', 'gpu'],
      { exit: ExitCode.badInput, error: { code: 'cli.usage', field: '--backend' } },
    ],
    [
      'a core rule',
      () => ['sign', 'transfer', '-d', deployment, '--l2-key', USER_L2_KEY, '--from', '1', '--to', '300', '--amount', '1', '--fee', '0', '--nonce', '0'],
      { exit: ExitCode.badInput, error: { code: 'core.invalid_operation', name: 'InvalidOperation', field: '--to' } },
    ],
    ['the registry', () => ['setup', 'batch_999', '--dev'], { exit: ExitCode.badInput, error: { code: 'circuits.registry', name: 'RegistryError' } }],
    // batch_2_d8 is compiled first (cached; the demo's circuit): the ptau is read after.
    [
      'a corrupt artifact',
      () => ['setup', 'batch_2_d8', '--ptau', writeIn(dir, 'bogus.ptau', 'not a ptau')],
      { exit: ExitCode.artifact, error: { code: 'circuits.artifact', name: 'ArtifactError', details: { file: expect.stringMatching(/bogus\.ptau$/) } } },
    ],
    ['an unreachable L1', () => ['sync', '-d', deployment], { exit: ExitCode.failure, error: { code: 'cli.operation', name: 'OperationError' } }],
    [
      'an unexpected error (ethers)',
      () => ['sync', '--rpc', rpc.url, '--rollup', ROLLUP],
      { exit: ExitCode.failure, error: { code: UNEXPECTED_CODE, details: { code: 'BAD_DATA' } } },
    ],
  ];

  const expectJsonFailure = async (argv: string[], expected: Expected) => {
    const { code, stdout, stderr } = await zkr(argv, { ZKR_OPERATOR_KEY: `0x${'11'.repeat(32)}` });
    expect({ code, stdout }).toEqual({ code: expected.exit, stdout: '' });
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as { error: Record<string, unknown> };
    expect(parsed.error).toMatchObject({ ...expected.error, exitCode: expected.exit });
    expect(typeof parsed.error.message).toBe('string');
  };

  test.each(cases)('%s', (_, args, expected) => expectJsonFailure(['--json', ...args()], expected), 120_000);

  test('--json after the command too (commander takes the program options anywhere)', () =>
    expectJsonFailure(['circuits', '--frobnicate', '--json'], { exit: ExitCode.badInput, error: { code: 'cli.usage', field: '--frobnicate' } }));

  test('--debug adds the stack to the object instead of a second output', async () => {
    const { code, stderr } = await zkr(['--json', '--debug', 'setup', 'batch_999', '--dev']);
    expect(code).toBe(ExitCode.badInput);
    expect((JSON.parse(stderr) as { error: { stack: string } }).error.stack).toMatch(/RegistryError.*\n\s+at /);
  });

  test('without --json the same usage error stays a line and the help', async () => {
    const { code, stdout, stderr } = await zkr(['circuits', '--frobnicate']);
    expect({ code, stdout }).toEqual({ code: ExitCode.badInput, stdout: '' });
    expect(stderr).toMatch(/^error: unknown option '--frobnicate'\n/);
    expect(stderr).toMatch(/Usage: zkr circuits/);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe("zkr: UsageError: unknown option '--frobnicate'");
  });

  test('--help and help stay clean exits', async () => {
    for (const args of [['--json', '--help'], ['help'], ['--json', 'node', '--help']]) {
      const { code, stderr } = await zkr(args);
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
    }
  });
});

describe('the JSON of an error', () => {
  test("a zkr error's code, field and details (bigints as decimal strings)", () => {
    const error = new InsufficientBalance('balance 1 is below 2', { field: 'op.amount', details: { balance: 1n } });
    expect(errorJson(new Error('wrapped', { cause: error }), 2)).toEqual({
      error: { code: 'core.insufficient_balance', name: 'Error', message: 'wrapped', field: 'op.amount', details: { balance: '1' }, exitCode: 2 },
    });
  });

  test('a foreign error keeps its own code as a detail; details that cannot be JSON are left out', () => {
    const econn = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(errorJson(econn, 1).error).toEqual({
      code: UNEXPECTED_CODE,
      name: 'Error',
      message: 'connect ECONNREFUSED',
      details: { code: 'ECONNREFUSED' },
      exitCode: 1,
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(errorJson(new InsufficientBalance('x', { details: cyclic }), 2).error).not.toHaveProperty('details');
    expect(errorJson('a string thrown', 1).error).toEqual({ code: UNEXPECTED_CODE, name: 'Error', message: 'a string thrown', exitCode: 1 });
  });

  test("commander's errors become usage errors naming the option", () => {
    const usage = usageErrorOf({
      code: 'commander.missingMandatoryOptionValue',
      exitCode: 1,
      message: "error: required option '-d, --deployment <file>' not specified",
    });
    expect(usage).toMatchObject({ code: 'cli.usage', field: '--deployment', message: "required option '-d, --deployment <file>' not specified" });
    expect(isCleanExit({ code: 'commander.helpDisplayed', exitCode: 0 })).toBe(true);
    expect(isCleanExit({ code: 'commander.help', exitCode: 1 })).toBe(false);
    expect(isCleanExit(usage)).toBe(false);
  });

  test('--json is read up to the -- that ends the options', () => {
    expect(jsonRequested(['node', 'zkr', 'sync', '--json'])).toBe(true);
    expect(jsonRequested(['node', 'zkr', 'prove', '--', '--json'])).toBe(false);
  });
});
