// The test contracts (sol/test: tokens, probes, a malicious receiver, a forwarding operator),
// compiled on demand for the tests and benchmarks of this repository. They are not in the
// published package (neither the sources nor this entry: package.json's publishConfig).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSolidity, type Artifacts } from './compile.js';

const SOL_DIR = fileURLToPath(new URL('../sol/', import.meta.url));

function solidityFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? solidityFiles(join(dir, e.name)) : e.name.endsWith('.sol') ? [join(dir, e.name)] : [],
  );
}

/** Every contract of sol/ and sol/test/ (test contracts import the fixed ones' libraries). */
export function compileTestContracts(): Artifacts {
  return compileSolidity(Object.fromEntries(solidityFiles(SOL_DIR).map((file) => [relative(SOL_DIR, file), readFileSync(file, 'utf8')])));
}
