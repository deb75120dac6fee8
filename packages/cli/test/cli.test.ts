// Drives the real binary as a user would: a spawned process, its output and exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

function zkr(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('zkr binary', () => {
  test('--help lists the commands and the exit codes', () => {
    const { code, stdout } = zkr('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/setup/);
    expect(stdout).toMatch(/Exit codes: 0 ok, 1 the operation failed, 2 bad input, 3 missing or corrupt artifact/);
  });

  test('circuits --json prints the registry as JSON', () => {
    const { code, stdout } = zkr('--json', 'circuits');
    expect(code).toBe(0);
    const instances = JSON.parse(stdout) as { name: string; batchSize: number; depth: number }[];
    expect(instances.map((i) => i.name)).toContain('batch_2_d8');
  });

  test('an unknown circuit is bad input (exit 2) with a one-line message, no stack trace', () => {
    const { code, stderr } = zkr('setup', 'batch_999', '--dev');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^zkr: RegistryError \[REGISTRY\]: unknown circuit "batch_999"/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('setup without --dev or --ptau is bad input', () => {
    const { code, stderr } = zkr('setup', 'batch_2_d8');
    expect(code).toBe(2);
    expect(stderr).toMatch(/choose --dev or --ptau FILE/);
  });

  test('a missing ptau file is an artifact error (exit 3) naming the file', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'zkr-cli-')), 'missing.ptau');
    const { code, stderr } = zkr('setup', 'batch_2_d8', '--ptau', missing);
    expect(code).toBe(3);
    expect(stderr).toContain(missing);
  });

  test('a file that is not a ptau is an artifact error', () => {
    const bogus = join(mkdtempSync(join(tmpdir(), 'zkr-cli-')), 'bogus.ptau');
    writeFileSync(bogus, 'not a ptau');
    const { code, stderr } = zkr('setup', 'batch_2_d8', '--ptau', bogus);
    expect(code).toBe(3);
    expect(stderr).toMatch(/not a powers-of-tau file/);
  });

  test('an unknown option is bad input', () => {
    const { code, stderr } = zkr('compile', '--frobnicate');
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option/);
  });

  test('errors under --json are a JSON document', () => {
    const { code, stdout } = zkr('--json', 'setup', 'batch_999', '--dev');
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ error: { name: 'RegistryError', exitCode: 2 } });
  });
});
