import * as snarkjs from 'snarkjs';
import { readR1csHeader } from '/work/wt/linker/circuits/dist/index.js';
const p = process.argv[2];
console.log(await readR1csHeader(p));
const t = Date.now();
const i = await snarkjs.r1cs.info(p, { info: console.log, warn() {}, debug() {}, error: console.log });
console.log('snarkjs r1cs info ok', (Date.now() - t) / 1000, 's');
await globalThis.curve_bn128?.terminate();
