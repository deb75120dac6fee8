#!/usr/bin/env node
// Builds the native prover with cargo (release: debug arkworks is ~10x slower) and copies the
// library to zkr-prover-native.<platform-arch-abi>.node beside this file, where index.js looks.
// Without cargo it prints one line and succeeds: @zkr/prover then proves with snarkjs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localBinary } from './index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const cargo = process.env.CARGO ?? 'cargo';

if (spawnSync(cargo, ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.log('zkr: no Rust toolchain (cargo) found: the native prover is not built, proofs use snarkjs');
  process.exit(0);
}
const build = spawnSync(cargo, ['build', '--release', '--locked', '--quiet'], { cwd: here, stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`zkr: cargo build of the native prover failed (exit ${build.status ?? build.signal})`);
  process.exit(1);
}
const lib =
  { linux: 'libzkr_prover_native.so', darwin: 'libzkr_prover_native.dylib', win32: 'zkr_prover_native.dll' }[process.platform] ?? 'libzkr_prover_native.so';
const built = join(process.env.CARGO_TARGET_DIR ?? join(here, 'target'), 'release', lib);
if (!existsSync(built)) {
  console.error(`zkr: cargo finished but ${built} is missing`);
  process.exit(1);
}
// Copied beside, then renamed: a running process may have the old binary mapped.
copyFileSync(built, `${localBinary}.tmp`);
renameSync(`${localBinary}.tmp`, localBinary);
