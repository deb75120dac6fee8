// Re-measures the figures in docs/protocol.md (core's crypto): the import time of core (before
// dir given as argv[2], e.g. an older build's dist, against this build) and per-call Poseidon and
// EdDSA times of core's default against circomlibjs' WASM. Rounds alternate; medians reported.
// Usage: node scripts/measure-crypto.mjs [path/to/old/dist/index.js]
import { execFileSync } from 'node:child_process';
import { buildEddsa, buildPoseidon } from 'circomlibjs';
import * as core from '../dist/index.js';

const ROUNDS = 9;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (xs, unit) => `median ${median(xs).toFixed(1)} ${unit} (${xs.map((x) => x.toFixed(0)).join(' ')})`;

function importMs(entry) {
  const script = `const t = performance.now(); await import(${JSON.stringify(entry)}); console.log(performance.now() - t);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

/** Runs each named function `calls` times per round, the functions alternating; µs per call. */
function alternate(calls, fns) {
  const times = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t = performance.now();
      for (let i = 0; i < calls; i++) fn(i);
      times[name].push(((performance.now() - t) / calls) * 1000);
    }
  }
  for (const [name, xs] of Object.entries(times)) console.log(`  ${name}: ${fmt(xs, 'µs')}`);
}

const oldEntry = process.argv[2];
if (oldEntry) {
  const entries = { before: new URL(oldEntry, `file://${process.cwd()}/`).href, after: new URL('../dist/index.js', import.meta.url).href };
  const times = { before: [], after: [] };
  for (let r = 0; r < ROUNDS; r++) for (const k of ['before', 'after']) times[k].push(importMs(entries[k]));
  console.log('import @zkr/core');
  for (const k of ['before', 'after']) console.log(`  ${k}: ${fmt(times[k], 'ms')}`);
}

const wasmPoseidon = await buildPoseidon();
const wasmEddsa = await buildEddsa();
const F = wasmEddsa.F;
const inputs4 = Array.from({ length: 200 }, (_, i) => [BigInt(i), 7n * BigInt(i), 3n, 2n ** 200n + BigInt(i)]);
console.log('Poseidon, 4 inputs (a tree node)');
alternate(200, {
  'core default (poseidon-lite)': (i) => core.poseidon(inputs4[i]),
  'circomlibjs WASM': (i) => wasmPoseidon.F.toObject(wasmPoseidon(inputs4[i])),
});
const key = new Uint8Array(32).fill(7);
const pub = core.publicKeyOf(key);
const sig = core.signMessage(key, 42n);
const theirSig = wasmEddsa.signPoseidon(key, F.e(42n));
const theirPub = wasmEddsa.prv2pub(key);
console.log('EdDSA-Poseidon sign');
alternate(20, { 'core (src/eddsa.ts)': () => core.signMessage(key, 42n), 'circomlibjs WASM': () => wasmEddsa.signPoseidon(key, F.e(42n)) });
console.log('EdDSA-Poseidon verify');
alternate(20, {
  'core (src/eddsa.ts)': () => core.verifySignature(pub, 42n, sig),
  'circomlibjs WASM': () => wasmEddsa.verifyPoseidon(F.e(42n), theirSig, theirPub),
});
