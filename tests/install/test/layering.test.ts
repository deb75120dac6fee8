// The packages' layering (docs/protocol.md §12): core, prover-native < circuits < prover < queue < contracts < sdk < node < cli.
// A package's runtime dependencies and its sources' imports name only packages below it, so each
// installs and runs without what sits above; the benchmark harness is nobody's dependency.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Bottom to top. */
const LAYERS: readonly [string, string][] = [
  ['@zkr/core', 'packages/core'],
  ['@zkr/prover-native', 'packages/prover-native'],
  ['@zkr/circuits', 'circuits'],
  ['@zkr/prover', 'packages/prover'],
  ['@zkr/queue', 'packages/queue'],
  ['@zkr/contracts', 'contracts'],
  ['@zkr/sdk', 'packages/sdk'],
  ['@zkr/node', 'packages/node'],
  ['@zkr/cli', 'packages/cli'],
];
const rank = new Map(LAYERS.map(([name], i) => [name, i]));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? (entry === 'generated' ? [] : sources(path)) : path.endsWith('.ts') ? [path] : [];
  });
}

test.each(LAYERS)('%s depends on, and imports, only packages below it', (name, dir) => {
  const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const dependencies = Object.keys(manifest.dependencies ?? {}).filter((dep) => dep.startsWith('@zkr/'));
  const imported = new Set<string>();
  const srcDir = join(ROOT, dir, 'src');
  if (dir !== 'packages/prover-native') {
    for (const file of sources(srcDir))
      for (const [, pkg] of readFileSync(file, 'utf8').matchAll(/from '(@zkr\/[a-z-]+)/g)) if (pkg !== name) imported.add(pkg!);
  }
  const above = [...dependencies, ...imported].filter((dep) => !(rank.get(dep)! < rank.get(name)!));
  expect(above).toEqual([]);
  // Every package a source imports is a declared dependency (`zkr bench` loads the harness only if installed).
  expect([...imported].filter((dep) => !dependencies.includes(dep) && dep !== '@zkr/benchmarks')).toEqual([]);
});
