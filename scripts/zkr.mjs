#!/usr/bin/env node
// Entry point behind the README commands. Needs only Node 20+ and npm: it brings its own
// pinned pnpm into .tools/, installs the workspace, builds it, then runs the task asked for.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const toolsDir = join(root, '.tools');
const binDirs = [join(toolsDir, 'node_modules', '.bin'), join(root, 'node_modules', '.bin')];
// The README's commands are hermetic: compiled circuits, setups and contracts go to the
// repository's cache folder (circuits/.cache), not the user's cache, unless ZKR_CACHE_DIR is set.
const env = { ...process.env, PATH: [...binDirs, process.env.PATH].join(':'), ZKR_CACHE_DIR: process.env.ZKR_CACHE_DIR || join(root, 'circuits', '.cache') };

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`zkr: '${[cmd, ...args].join(' ')}' failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

function ensurePnpm() {
  if (existsSync(join(toolsDir, 'node_modules', '.bin', 'pnpm'))) return;
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', toolsDir, `pnpm@${pnpmVersion}`]);
}

function installAndBuild() {
  ensurePnpm();
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  run('pnpm', ['install', ...frozen, '--reporter=append-only']);
  // The native prover (Rust): cargo build --release when cargo exists, else a one-line notice
  // and proofs use snarkjs.
  run('node', ['packages/prover-native/build.mjs']);
  run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
}

// @zkr/core's browser test signs in headless Chromium: Debian's package, installed when missing
// (apt-get runs as root only; elsewhere the test says what to install).
const CHROMIUM = '/usr/bin/chromium';
function ensureChromium() {
  if (existsSync(CHROMIUM) || process.getuid?.() !== 0) return;
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install().status !== 0) {
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
}

// Format and lint (biome, TypeScript/JavaScript/JSON), Solidity lint (solhint), then every
// package's typecheck with its tests included (docs/protocol.md §12). Each step fails fast.
function lint() {
  run('pnpm', ['exec', 'biome', 'check', '--error-on-warnings', '.']);
  run('pnpm', ['--filter', '@zkr/contracts', 'lint']);
  run('pnpm', ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']);
}

const tasks = {
  // Lint and typecheck first (seconds), so a style or type error fails before the long tests.
  // Tests run one package at a time: proving already uses both cores.
  test: () => {
    lint();
    ensureChromium();
    run('pnpm', ['exec', 'turbo', 'run', 'test', '--concurrency=1']);
  },
  lint,
  demo: () => run('node', ['packages/cli/dist/bin.js', 'demo', ...process.argv.slice(3)]),
  bench: () => run('node', ['benchmarks/dist/run.js', ...process.argv.slice(3)]),
  build: () => {},
};

const task = tasks[process.argv[2] ?? ''];
if (!task) {
  console.error(`usage: node scripts/zkr.mjs <${Object.keys(tasks).join('|')}>`);
  process.exit(2);
}
installAndBuild();
task();
