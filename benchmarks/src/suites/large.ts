// The largest registered instance (256 slots at depth 24, 2^23): its dev setup from an empty
// setup folder and one native proof of a batch full of transfers, each in a process of its own
// for its peak RSS. Long (tens of minutes on 2 shared cores), so it runs once, when asked.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calculateWitness, compileCircuit, getInstance, setupDir, DEV_SETUP_ID } from '@zkr/circuits';
import { sampleBatchInput } from './inputs.js';

const SETUP_CHILD = fileURLToPath(new URL('./largeSetupChild.js', import.meta.url));
const PROOF_CHILD = fileURLToPath(new URL('./nativeProof.js', import.meta.url));

export interface LargeInstanceResult {
  readonly circuit: string;
  readonly batchSize: number;
  readonly depth: number;
  readonly constraints: number;
  /** log2 of the domain. */
  readonly power: number;
  /** The dev setup from the dev secrets alone (native, §7.8), the circuit already linked. */
  readonly setupSeconds: number;
  readonly setupPeakMiB: number;
  /** Witness of a batch full of signed transfers (linked: each part's wasm in turn). */
  readonly witnessSeconds: number;
  /** One native proof, the zkey loaded first (all cores). */
  readonly proveSeconds: number;
  readonly provePeakMiB: number;
}

async function runChild(args: readonly string[], log: (m: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => log(d.toString().trim()));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(out.trim().split('\n').at(-1)!) : reject(new Error(`${args.join(' ')} failed (exit ${code ?? signal})`)),
    );
  });
}

export async function measureLargeInstance(options: { circuit: string; log: (m: string) => void }): Promise<LargeInstanceResult> {
  const { circuit: name, log } = options;
  const instance = getInstance(name);
  const compiled = await compileCircuit({ name }, { onProgress: (m) => log(`large ${name}: ${m}`) });
  // A setup already cached would measure nothing: start from an empty setup folder.
  const dir = setupDir(compiled.dir, DEV_SETUP_ID);
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  const setup = JSON.parse(await runChild([SETUP_CHILD, name], log)) as { seconds: number; peakMiB: number; zkey: string; power: number };
  log(`large ${name}: dev setup (2^${setup.power}) in ${setup.seconds.toFixed(0)} s at ${setup.peakMiB.toFixed(0)} MiB peak`);
  const work = mkdtempSync(join(tmpdir(), 'zkr-large-'));
  try {
    const input = sampleBatchInput(instance.batchSize, instance.depth) as unknown as Record<string, unknown>;
    const started = performance.now();
    const wtns = await calculateWitness(compiled, input);
    const witnessSeconds = (performance.now() - started) / 1000;
    writeFileSync(join(work, 'witness.wtns'), wtns);
    const run = spawnSync(process.execPath, [PROOF_CHILD, 'native', setup.zkey, join(work, 'witness.wtns'), '1'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) throw new Error(`native proof of ${name} failed (exit ${run.status ?? run.signal}): ${run.stderr}`);
    const proof = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { ms: number; peakMiB: number };
    log(`large ${name}: witness ${witnessSeconds.toFixed(0)} s, native proof ${(proof.ms / 1000).toFixed(0)} s at ${proof.peakMiB.toFixed(0)} MiB peak`);
    return {
      circuit: name,
      batchSize: instance.batchSize,
      depth: instance.depth,
      constraints: compiled.constraints,
      power: setup.power,
      setupSeconds: setup.seconds,
      setupPeakMiB: setup.peakMiB,
      witnessSeconds,
      proveSeconds: proof.ms / 1000,
      provePeakMiB: proof.peakMiB,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
