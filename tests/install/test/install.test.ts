// zkr as a dependency: every public package packed with `pnpm pack` (which rewrites workspace:
// and catalog: to versions), the tarballs installed with npm into a fresh project, and a small
// real flow run there (flow.mjs) against anvil. The tarballs hold no workspace:/catalog: ranges
// and no test contracts. The circuit comes from the repository's cache (ZKR_CACHE_DIR, set by
// jest.preset.js), so nothing is compiled or set up here.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The public packages: everything the workspace publishes (benchmarks and this test are private). */
const PACKAGES = [
  'packages/core',
  'packages/prover-native',
  'circuits',
  'packages/prover',
  'packages/queue',
  'contracts',
  'packages/sdk',
  'packages/node',
  'packages/cli',
];

interface Packed {
  readonly name: string;
  readonly tarball: string;
  readonly files: readonly string[];
  readonly manifest: string;
}

let dir: string;
const packed: Packed[] = [];

/** `pnpm pack` of `pkg` into `out`: the tarball, its file list and its package.json as packed. */
async function pack(pkg: string, out: string): Promise<Packed> {
  const cwd = join(ROOT, pkg);
  const name = (JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { name: string }).name;
  const { stdout } = await run('pnpm', ['pack', '--pack-destination', out], { cwd });
  const tarball = stdout
    .trim()
    .split('\n')
    .filter((line) => line.endsWith('.tgz'))
    .at(-1)!;
  const files = (await run('tar', ['-tzf', tarball])).stdout.trim().split('\n');
  const manifest = (await run('tar', ['-xzOf', tarball, 'package/package.json'])).stdout;
  return { name, tarball, files, manifest };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zkr-install-'));
  mkdirSync(join(dir, 'tarballs'));
  for (const pkg of PACKAGES) packed.push(await pack(pkg, join(dir, 'tarballs')));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the tarballs hold no workspace: or catalog: ranges, and one licence with its text', () => {
  for (const { name, manifest, files } of packed) {
    expect({ name, workspace: manifest.includes('workspace:'), catalog: manifest.includes('catalog:') }).toEqual({ name, workspace: false, catalog: false });
    const { license, description } = JSON.parse(manifest) as { license?: string; description?: string };
    expect({ name, license, licenseFile: files.includes('package/LICENSE'), described: (description ?? '').length > 0 }).toEqual({
      name,
      license: 'MIT',
      licenseFile: true,
      described: true,
    });
  }
});

test('@zkr/contracts ships no test contracts, nor compiled into its artifacts', async () => {
  const contracts = packed.find((p) => p.name === '@zkr/contracts')!;
  expect(contracts.files.filter((file) => /sol\/test\/|testContracts/.test(file))).toEqual([]);
  expect(contracts.files).toEqual(
    expect.arrayContaining([
      'package/sol/Rollup.sol',
      'package/sol/generated/Layout.sol',
      'package/dist/generated/artifacts.js',
      'package/dist/generated/artifacts.d.ts',
    ]),
  );
  const artifacts = (await run('tar', ['-xzOf', contracts.tarball, 'package/dist/generated/artifacts.js'])).stdout;
  for (const name of ['TestToken', 'FeeToken', 'GasProbe', 'KeyCheckProbe', 'MaliciousReceiver', 'OperatorForwarder', 'AcceptAllVerifier'])
    expect(artifacts).not.toContain(name);
  // The published exports leave the test-contracts entry out.
  expect(Object.keys((JSON.parse(contracts.manifest) as { exports: object }).exports)).toEqual(['.', './artifacts', './testing']);
});

test('the CLI does not depend on the benchmark harness', () => {
  const cli = JSON.parse(packed.find((p) => p.name === '@zkr/cli')!.manifest) as { dependencies: Record<string, string> };
  expect(Object.keys(cli.dependencies)).not.toContain('@zkr/benchmarks');
});

test('installed with npm into a fresh project, the packages deploy, prove, submit and sync', async () => {
  const project = join(dir, 'project');
  mkdirSync(project);
  const dependencies = Object.fromEntries(packed.map(({ name, tarball }) => [name, `file:${tarball}`]));
  // Every @zkr/* range inside the tarballs resolves to these tarballs, never to the registry.
  const overrides = Object.fromEntries(packed.map(({ name }) => [name, `$${name}`]));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'zkr-user', private: true, type: 'module', dependencies, overrides }, null, 2));
  // Install scripts stay off: none of ours has one, and anvil's would fetch from the network.
  await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, maxBuffer: 1 << 26 });
  for (const { name } of packed) {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { description?: string };
    expect(installed.description).toBe(JSON.parse(packed.find((p) => p.name === name)!.manifest).description);
  }
  copyFileSync(fileURLToPath(new URL('./flow.mjs', import.meta.url)), join(project, 'flow.mjs'));
  const flow = await node(project, ['flow.mjs']);
  const result = JSON.parse(flow.trim().split('\n').at(-1)!) as Record<string, string | number>;
  expect(result['batchNumber']).toBe('2');
  expect(result['syncedRoot']).toBe(result['l1Root']);
  expect(result['pendingWithdrawal']).toBe(String(10n ** 17n));
  expect(result['abiEvents']).toBeGreaterThan(10);

  // The CLI's bin runs from the install, without the benchmark harness: `zkr bench` says how to get it.
  const bin = join('node_modules', '@zkr', 'cli', 'dist', 'bin.js');
  expect((await node(project, [bin, '--version'])).trim()).toMatch(/^\d+\.\d+\.\d+/);
  const bench = await ran(project, [bin, 'bench', '--quick']);
  expect({ code: bench.code, stderr: bench.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('npm install @zkr/benchmarks') });
});

/** Stops the anvil a failed or hung flow.mjs reported starting (it prints "anvil pid N"). */
function stopReportedAnvil(stderr: string): void {
  const pid = /anvil pid (\d+)/.exec(stderr)?.[1];
  if (pid === undefined) return;
  try {
    process.kill(Number(pid), 'SIGTERM');
  } catch {
    // already stopped by the flow itself
  }
}

/** Runs node in `cwd` to its end; stopped by its pid if it hangs. */
function ran(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => process.kill(child.pid!, 'SIGTERM'), 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs node in `cwd`: its stdout, or the failure with its stderr (and the anvil it left stopped). */
async function node(cwd: string, args: string[]): Promise<string> {
  const { code, stdout, stderr } = await ran(cwd, args);
  if (code === 0) return stdout;
  stopReportedAnvil(stderr);
  throw new Error(`node ${args.join(' ')} exited ${code}:\n${stderr}`);
}
