// Drives the real binary as a user would: a spawned process, its output and exit code.
import { join } from 'node:path';
import { closedPort, OPERATOR_KEY, tempDir, writeIn, zkr } from './zkr.js';

describe('zkr binary', () => {
  test('--help lists the commands and the exit codes', async () => {
    const { code, stdout } = await zkr(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/setup/);
    expect(stdout).toMatch(/Exit codes: 0 ok, 1 the operation failed, 2 bad input, 3 missing or corrupt artifact/);
  });

  test('circuits --json prints the registry as JSON', async () => {
    const { code, stdout } = await zkr(['--json', 'circuits']);
    expect(code).toBe(0);
    const instances = JSON.parse(stdout) as { name: string; batchSize: number; depth: number }[];
    expect(instances.map((i) => i.name)).toContain('batch_2_d8');
  });

  test('an unknown circuit is bad input (exit 2) with a one-line message, no stack trace', async () => {
    const { code, stderr } = await zkr(['setup', 'batch_999', '--dev']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^zkr: RegistryError: unknown circuit "batch_999"/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('setup without --dev or --ptau is bad input', async () => {
    const { code, stderr } = await zkr(['setup', 'batch_2_d8']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/choose --dev or --ptau FILE/);
  });

  test('a missing ptau file is an artifact error (exit 3) naming the file', async () => {
    const missing = join(tempDir(), 'missing.ptau');
    const { code, stderr } = await zkr(['setup', 'batch_2_d8', '--ptau', missing]);
    expect(code).toBe(3);
    expect(stderr).toContain(missing);
  });

  test('a file that is not a ptau is an artifact error', async () => {
    const bogus = writeIn(tempDir(), 'bogus.ptau', 'not a ptau');
    const { code, stderr } = await zkr(['setup', 'batch_2_d8', '--ptau', bogus]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/not a powers-of-tau file/);
  });

  test('an unknown option is bad input', async () => {
    const { code, stderr } = await zkr(['compile', '--frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option/);
  });

  test('--version prints the package version', async () => {
    const { code, stdout } = await zkr(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('errors under --json are one JSON object on stderr, stdout empty', async () => {
    const { code, stdout, stderr } = await zkr(['--json', 'setup', 'batch_999', '--dev']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'circuits.registry', name: 'RegistryError', exitCode: 2 } });
  });

  // Read before any artifact is loaded: no setup needed.
  test('prove with an input file that is not JSON is bad input (exit 2), one line naming the file', async () => {
    const bad = writeIn(tempDir(), 'bad.json', '{"enabled": [1, 0,');
    const { code, stderr } = await zkr(['prove', 'batch_1_d8', '--input', bad]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^zkr: UsageError: /);
    expect(stderr).toContain(`circuit input file ${bad} is not valid JSON: `);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

// Every check below runs before L1 is contacted, except the unreachable RPC's: no anvil needed.
describe('rollup commands: bad input and an unreachable L1', () => {
  let dir: string;
  let deployment: string;
  let rpc: string;

  beforeAll(async () => {
    dir = tempDir();
    rpc = `http://127.0.0.1:${await closedPort()}`;
    const rollup = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    deployment = writeIn(dir, 'deployment.json', {
      version: 1,
      rpc,
      chainId: 31337,
      rollup,
      operator: rollup,
      depth: 8,
      circuits: { 1: 'batch_1_d8' },
      deployBlock: 1,
    });
  });

  test('submit names the bad field of a malformed operations file (exit 2)', async () => {
    const ops = writeIn(dir, 'ops.json', [
      { type: 'deposit', accountIndex: 0 },
      { type: 'transfer', from: 1, to: 0, amount: 'lots', fee: '1' },
    ]);
    const { code, stderr } = await zkr(['submit', '-d', deployment, '--ops', ops, '--private-key', OPERATOR_KEY]);
    expect(code).toBe(2);
    expect(stderr).toBe(`zkr: InvalidFieldError: ${ops}[1].amount must be a non-negative decimal integer, received "lots"\n`);
  });

  test('submit names --batches or --ops when the operations cannot fill the batches (exit 2)', async () => {
    const two = writeIn(dir, 'two.json', [
      { type: 'deposit', accountIndex: 0 },
      { type: 'deposit', accountIndex: 1 },
    ]);
    // The deployment registers batch size 1 only.
    const cases: [string[], string][] = [
      [[two, '--batches', '0'], '--batches must be a positive integer, received "0"'],
      [[two, '--batches', '3'], '--batches 3 is more than the 2 operations of --ops: each batch needs at least one'],
      [[two, '--batches', '1'], '--batches 1 puts up to 2 operations in a batch, the largest registered batch size is 1: pass --batches 2 or more'],
      [[writeIn(dir, 'none.json', [])], '--ops holds no operations; a batch needs at least one'],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await zkr(['submit', '-d', deployment, '--private-key', OPERATOR_KEY, '--ops', ...args]);
      expect({ code, stderr }).toEqual({ code: 2, stderr: `zkr: InvalidFieldError: ${message}\n` });
    }
  });

  test('deposit with a non-numeric amount is bad input (exit 2)', async () => {
    const { code, stderr } = await zkr(['deposit', '-d', deployment, '--private-key', OPERATOR_KEY, '--l2-key', `0x${'01'.repeat(32)}`, '--amount', '1.5eth']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--amount must be a non-negative decimal integer, received "1.5eth"/);
  });

  test('a missing deployment file is bad input (exit 2), like every missing input file', async () => {
    const missing = join(dir, 'nowhere.json');
    const { code, stderr } = await zkr(['--json', 'withdraw', '-d', missing, '--private-key', OPERATOR_KEY]);
    expect(code).toBe(2);
    expect(JSON.parse(stderr)).toEqual({ error: { code: 'cli.usage', name: 'UsageError', message: `deployment file not found: ${missing}`, exitCode: 2 } });
    const { code: syncCode, stderr: syncError } = await zkr(['sync', '-d', missing]);
    expect(syncCode).toBe(2);
    expect(syncError).toMatch(`deployment file not found: ${missing}`);
  });

  test('deploy names circuits that do not fit the depth (exit 2)', async () => {
    const { code, stderr } = await zkr(['deploy', '--rpc', rpc, '--private-key', OPERATOR_KEY, '--circuits', 'batch_4_d24', '--out', join(dir, 'd.json')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--circuits: batch_4_d24 has depth 24, --depth is 8/);
  });

  test('an unreachable L1 RPC fails (exit 1) with a one-line message', async () => {
    const { code, stderr } = await zkr(['sync', '-d', deployment]);
    expect(code).toBe(1);
    expect(stderr).toBe(`zkr: OperationError: L1 RPC ${rpc} is unreachable: connect ECONNREFUSED ${rpc.replace('http://', '')}\n`);
  });
});
