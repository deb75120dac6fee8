// One linked compile in a process of its own, so its peak RSS is the linker's alone: prints
// { seconds, peakMiB, constraints } as the last line. Run by link.ts.
import { compileCircuit } from '@zkr/circuits';
import { peakRssMiB } from './rss.js';

const [name, cacheDir] = process.argv.slice(2);
const started = performance.now();
const compiled = await compileCircuit({ name: name! }, { cacheDir: cacheDir! });
process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, peakMiB: peakRssMiB(), constraints: compiled.constraints })}\n`);
