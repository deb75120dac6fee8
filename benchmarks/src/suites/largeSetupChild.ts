// One instance's setup in a process of its own, so its peak RSS is the setup's alone:
// `node largeSetupChild.js <circuit>` prints { seconds, peakMiB, zkey, wasm, power } last.
import { readR1csHeader, requiredPower, setupCircuit } from '@zkr/circuits';
import { peakRssMiB } from './rss.js';

const name = process.argv[2]!;
const started = performance.now();
const files = await setupCircuit({ name }, { onProgress: (m) => process.stderr.write(`[setup ${name}] ${m}\n`) });
const seconds = (performance.now() - started) / 1000;
const power = requiredPower(await readR1csHeader(files.r1cs));
process.stdout.write(`${JSON.stringify({ seconds, peakMiB: peakRssMiB(), zkey: files.zkey, wasm: files.wasm, power })}\n`);
process.exit(0);
