// Compiles and dev-sets-up the registry's test instances (or the names given), so other
// packages' tests and the demo find their artifacts in the cache. Re-runs are cache hits.
import { terminateSnarkjsCurve } from './curve.js';
import { loadRegistry } from './registry.js';
import { setupCircuit } from './setup.js';

const names = process.argv.slice(2);
const instances =
  names.length > 0
    ? names
    : loadRegistry()
        .filter((i) => i.use === 'test')
        .map((i) => i.name);
for (const name of instances) {
  const started = Date.now();
  const artifacts = await setupCircuit({ name }, { onProgress: (m) => console.log(`[${name}] ${m}`) });
  console.log(`[${name}] ready: ${artifacts.constraints} constraints, ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
await terminateSnarkjsCurve();
