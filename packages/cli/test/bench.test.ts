// zkr bench --quick end to end: the report lands in the chosen folder, nowhere else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, zkr, zkrJson } from './zkr.js';

describe('zkr bench', () => {
  test('--help explains quick and full runs', async () => {
    const { code, stdout } = await zkr(['bench', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--quick/);
    expect(stdout).toMatch(/Full: .*depth-24/s);
    expect(stdout).toMatch(/default: "zkr-bench"/);
  });

  // About 20 s with the depth-8 compiles cached; the compiles add minutes to a cold cache.
  test('--quick --out DIR writes RESULTS.md and results/summary.json there', async () => {
    const out = tempDir('zkr-bench-');
    const { files } = await zkrJson<{ files: string[] }>(['bench', '--quick', '--out', out]);
    expect(files).toEqual(expect.arrayContaining([join(out, 'RESULTS.md'), join(out, 'results', 'summary.json')]));
    for (const file of files) expect(file.startsWith(`${out}/`)).toBe(true);
    expect(readFileSync(join(out, 'RESULTS.md'), 'utf8')).toMatch(/\(quick run; record /);
    const summary = JSON.parse(readFileSync(join(out, 'results', 'summary.json'), 'utf8')) as { constraintsPerTransfer: { depth: number; value: unknown } };
    expect(summary.constraintsPerTransfer.depth).toBe(8);
    expect(typeof summary.constraintsPerTransfer.value).toBe('number');
    expect(summary.constraintsPerTransfer.value).toBeGreaterThan(0);
  }, 600_000);
});
