// The API reference cannot rot: TypeDoc (the root typedoc.json: one module per public package,
// entry points from each package.json `exports`) builds it with warnings as errors, so a broken
// {@link}, a bad doc tag or a public signature naming a type its package does not export fails
// here. Written to a temporary folder; `npm run docs` writes it to docs/api/.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from './process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The root's pinned TypeDoc (a devDependency of the workspace root). */
const TYPEDOC = join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');

test('TypeDoc builds the API reference of every public package without a warning', async () => {
  const out = mkdtempSync(join(tmpdir(), 'zkr-api-'));
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await runNode([TYPEDOC, '--out', out, '--logLevel', 'Warn'], { cwd: ROOT, timeoutMs: 540_000 });
    console.log(`typedoc: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect({ code, output: stdout + stderr }).toEqual({ code: 0, output: '' });
    // Every public package is a module of the reference.
    const modules = readdirSync(join(out, 'modules'));
    for (const name of ['core', 'circuits', 'prover', 'prover-native', 'queue', 'contracts', 'sdk', 'node', 'cli'])
      expect(modules).toContain(`_zkr_${name}.html`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
