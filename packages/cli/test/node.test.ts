// `zkr node` is a command like the others (issue 16): --help with an example, its options checked
// by the CLI's parsers before anything starts (exit 2 naming the option, under --json one JSON
// object), the operator key never echoed. A running node is driven by demoNode.test.ts.
import { join } from 'node:path';
import { ExitCode } from '../src/errors.js';
import { closedPort, tempDir, writeIn, zkr } from './zkr.js';

const ROLLUP = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const KEY = `0x${'11'.repeat(32)}`;

describe('zkr node', () => {
  let dir: string;
  let rpc: string;
  let base: string[];

  beforeAll(async () => {
    dir = tempDir();
    rpc = `http://127.0.0.1:${await closedPort()}`;
    base = ['--json', 'node', '--rpc', rpc, '--rollup', ROLLUP, '--circuit', 'batch_2_d8', '--data-dir', join(dir, 'data')];
  });

  test("--help lists startNode's options with an example, like every command", async () => {
    const { code, stdout } = await zkr(['node', '--help']);
    expect(code).toBe(0);
    for (const option of [
      '--rpc',
      '--rollup',
      '--deployment',
      '--circuit',
      '--operator-key-file',
      '--db',
      '--data-dir',
      '--host',
      '--port',
      '--fee-account',
      '--batches-per-tx',
      '--max-wait-ms',
      '--confirmations',
      '--poll-ms',
      '--rate-limit',
      '--queue',
      '--backend',
    ]) {
      expect(stdout).toContain(option);
    }
    expect(stdout).toMatch(/Examples:\n {2}\$ ZKR_OPERATOR_KEY=0x\.\.\. zkr node --rpc /);
  });

  const refused = async (args: string[], env: Record<string, string>, field: string, message: RegExp) => {
    const { code, stdout, stderr } = await zkr(args, env);
    expect({ code, stdout }).toEqual({ code: ExitCode.badInput, stdout: '' });
    const { error } = JSON.parse(stderr) as { error: { code: string; field: string; message: string } };
    expect(error).toMatchObject({ field, exitCode: ExitCode.badInput });
    expect(error.message).toMatch(message);
    return stderr;
  };

  test('each option value is checked before anything starts, exit 2 naming the option', async () => {
    const env = { ZKR_OPERATOR_KEY: KEY };
    await refused(['--json', 'node', '--rollup', ROLLUP], env, '--rpc', /needs --deployment FILE, or --rpc URL and --rollup ADDRESS/);
    await refused([...base.slice(0, 3), 'not-a-url', ...base.slice(4)], env, '--rpc', /--rpc must be an http\(s\) JSON-RPC URL/);
    await refused(['--json', 'node', '--rpc', rpc, '--rollup', '0x1234'], env, '--rollup', /--rollup/);
    await refused(['--json', 'node', '--rpc', rpc, '--rollup', ROLLUP], env, '--circuit', /--circuit is required without --deployment/);
    await refused([...base, '--port', '70000'], env, '--port', /at most 65535/);
    await refused([...base, '--batches-per-tx', '0'], env, '--batches-per-tx', /positive integer/);
    await refused([...base, '--max-wait-ms', 'soon'], env, '--max-wait-ms', /non-negative decimal integer/);
    await refused([...base, '--backend', 'gpu'], env, '--backend', /auto, native or snarkjs/);
    await refused([...base, '--db', 'mysql://x'], env, '--db', /postgres:\/\//);
  });

  test('the deployment file gives the RPC, the rollup and the default circuit; another circuit is refused', async () => {
    const deployment = writeIn(dir, 'deployment.json', {
      version: 1,
      rpc,
      chainId: 31337,
      rollup: ROLLUP,
      operator: ROLLUP,
      depth: 8,
      circuits: { 1: 'batch_1_d8', 2: 'batch_2_d8' },
      deployBlock: 1,
    });
    await refused(
      ['--json', 'node', '-d', deployment, '--circuit', 'batch_4_d8'],
      { ZKR_OPERATOR_KEY: KEY },
      '--circuit',
      /not one of the deployment's circuits \(batch_1_d8, batch_2_d8\)/,
    );
    await refused(['--json', 'node', '-d', deployment, '--rollup', ROLLUP], { ZKR_OPERATOR_KEY: KEY }, '--rollup', /exclude each other/);
    // Everything checked: the next step reaches L1, which is down (exit 1).
    const { code, stderr } = await zkr(['--json', 'node', '-d', deployment], { ZKR_OPERATOR_KEY: KEY });
    expect(code).toBe(ExitCode.failure);
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'cli.operation', message: expect.stringContaining(`L1 RPC ${rpc} is unreachable`) } });
  });

  test('the operator key: from the environment or a file, never echoed', async () => {
    await refused(base, {}, '--operator-key-file', /pass --operator-key-file FILE or set \$ZKR_OPERATOR_KEY/);
    const secret = `0x${'ab'.repeat(31)}`; // 31 bytes: not a key
    const fromEnv = await refused(base, { ZKR_OPERATOR_KEY: secret }, 'ZKR_OPERATOR_KEY', /32 bytes of hex/);
    expect(fromEnv).not.toContain('abab');
    const file = writeIn(dir, 'operator.key', `${secret}\n`);
    const fromFile = await refused([...base, '--operator-key-file', file], {}, '--operator-key-file', /32 bytes of hex/);
    expect(fromFile).not.toContain('abab');
    await refused([...base, '--operator-key-file', join(dir, 'none.key')], {}, '--operator-key-file', /operator key file not found/);
    const order = `0x${'ff'.repeat(32)}`; // above the curve order
    await refused(base, { ZKR_OPERATOR_KEY: order }, 'ZKR_OPERATOR_KEY', /not a secp256k1 private key/);
  });
});
