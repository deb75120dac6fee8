// Compiles a circuit with circom 2 (the `circom2` npm package: circom built to WASM/WASI) into
// the cache, keyed by a hash of every source it reads, the compiler version and the flags.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { defaultCacheDir, sha256Hex } from './cache.js';
import { CompileError } from './errors.js';
import { readR1csHeader } from './r1cs.js';
import { getInstance, mainSource, TEMPLATES_DIR } from './registry.js';
import { linkBatchInstance } from './link/batch.js';

const require = createRequire(import.meta.url);
const CIRCOM_CLI = require.resolve('circom2/cli.js');
const CIRCOM_VERSION = (require('circom2/package.json') as { version: string }).version;
const CIRCOMLIB_DIR = join(dirname(require.resolve('circomlib/package.json')), 'circuits');

export type CompileTarget =
  /** A registry instance. */
  | { readonly name: string }
  /** Any circuit: a .circom file with a main component; files beside it may be included. */
  | { readonly name: string; readonly source: string }
  /** A generated main file over the templates directory (the parts of a linked batch). */
  | { readonly name: string; readonly mainSource: string };

export interface CompileOptions {
  /** circom's optimisation level; --O2 drops linear constraints (2.15x fewer on a Merkle path here). */
  readonly optimization?: 1 | 2;
  readonly cacheDir?: string;
  readonly onProgress?: (message: string) => void;
}

export interface CompiledCircuit {
  readonly name: string;
  /** 'linked': joined from compiled parts by src/link/; `wasm` is then its link plan (JSON). */
  readonly build: 'monolithic' | 'linked';
  readonly dir: string;
  readonly r1cs: string;
  readonly wasm: string;
  readonly sym: string;
  readonly constraints: number;
  readonly publicInputs: number;
  readonly sourceHash: string;
}

async function circomFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.circom')) files.set(entry.name, await readFile(join(dir, entry.name), 'utf8'));
  }
  return files;
}

/** The sources a compile reads: the template directory, the main file, circomlib (by version). */
async function collectSources(target: CompileTarget): Promise<{ dir: string; main: string }> {
  if ('source' in target) return { dir: dirname(target.source), main: await readFile(target.source, 'utf8') };
  if ('mainSource' in target) return { dir: TEMPLATES_DIR, main: target.mainSource };
  return { dir: TEMPLATES_DIR, main: mainSource(getInstance(target.name)) };
}

function runCircom(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CIRCOM_CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // circom2 colours its messages; keep them readable in errors and logs.
      const text = stripVTControlCharacters(output);
      if (code === 0 && !/error\[/.test(text)) resolve(text);
      else
        reject(
          new CompileError(
            `circom failed (exit ${code}): ${text
              .split('\n')
              .filter((l) => /error/i.test(l))
              .slice(0, 5)
              .join('; ')}`,
            text,
          ),
        );
    });
  });
}

/** Builds a circuit: circom compiles it whole, or, for a registry instance built "linked", its parts are compiled and linked. */
export async function compileCircuit(target: CompileTarget, options: CompileOptions = {}): Promise<CompiledCircuit> {
  if (!('source' in target) && !('mainSource' in target)) {
    const instance = getInstance(target.name);
    if (instance.build === 'linked') return linkBatchInstance(instance, options);
  }
  return compileWithCircom(target, options);
}

/** Compiles one circom main with circom2 into the cache. */
export async function compileWithCircom(target: CompileTarget, options: CompileOptions = {}): Promise<CompiledCircuit> {
  const optimization = options.optimization ?? 2;
  const { dir: sourceDir, main } = await collectSources(target);
  const sources = await circomFiles(sourceDir);
  const circomlibVersion = (require('circomlib/package.json') as { version: string }).version;
  const fingerprint = JSON.stringify({
    main,
    sources: [...sources.entries()].sort(),
    circomlibVersion,
    compiler: CIRCOM_VERSION,
    optimization,
  });
  const sourceHash = sha256Hex(fingerprint);
  const dir = join(options.cacheDir ?? defaultCacheDir(), 'circuits', `${target.name}-${sourceHash.slice(0, 16)}`);
  const done = join(dir, 'compiled.json');
  const paths = { r1cs: join(dir, 'main.r1cs'), wasm: join(dir, 'main_js', 'main.wasm'), sym: join(dir, 'main.sym') };

  if (!existsSync(done)) {
    options.onProgress?.(`compiling ${target.name} (circom ${CIRCOM_VERSION}, --O${optimization})`);
    await rm(dir, { recursive: true, force: true });
    // circom2 runs under WASI and only sees paths below its working directory (no symlinked
    // node_modules), so the sources are staged inside the build directory.
    const staged = join(dir, 'src');
    await mkdir(staged, { recursive: true });
    await cp(CIRCOMLIB_DIR, staged, { recursive: true });
    for (const [file, text] of sources) await writeFile(join(staged, file), text);
    await writeFile(join(staged, 'main.circom'), main);
    await runCircom(dir, ['src/main.circom', '--r1cs', '--wasm', '--sym', `--O${optimization}`, '-o', '.']);
    await rm(staged, { recursive: true, force: true });
    const header = await readR1csHeader(paths.r1cs);
    await writeFile(done, JSON.stringify({ name: target.name, sourceHash, constraints: header.constraints, publicInputs: header.publicInputs }, null, 2));
  }
  const info = JSON.parse(await readFile(done, 'utf8')) as { constraints: number; publicInputs: number };
  return { name: target.name, build: 'monolithic', dir, ...paths, constraints: info.constraints, publicInputs: info.publicInputs, sourceHash };
}
