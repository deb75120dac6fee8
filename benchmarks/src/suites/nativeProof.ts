// One backend's proofs of one witness in a fresh process, so that each backend's peak RSS is
// its own: `node nativeProof.js <native|snarkjs> <zkey> <wtns> <proofs>`. The zkey is loaded
// first and kept, as a pool worker keeps it; the last proof is timed. Prints JSON.
import { readFileSync } from 'node:fs';
import { peakRssMiB } from './rss.js';

const [backend, zkeyPath, wtnsPath, count] = process.argv.slice(2);
const wtns = new Uint8Array(readFileSync(wtnsPath!));
let prove: () => Promise<unknown>;
if (backend === 'native') {
  const { native, loadError } = await import('@zkr/prover-native');
  if (!native) throw loadError;
  const zkey = new native.NativeZkey(zkeyPath!);
  prove = async () => zkey.prove(wtns);
} else {
  const snarkjs = await import('snarkjs');
  const zkey = new Uint8Array(readFileSync(zkeyPath!));
  prove = () => snarkjs.groth16.prove(zkey, { type: 'mem', data: wtns });
}
let ms = 0;
for (let i = 0; i < Number(count); i++) {
  const start = performance.now();
  await prove();
  ms = performance.now() - start;
}
process.stdout.write(`${JSON.stringify({ ms, peakMiB: peakRssMiB() })}\n`);
// snarkjs keeps its curve's worker threads alive (iden3/snarkjs#152).
process.exit(0);
