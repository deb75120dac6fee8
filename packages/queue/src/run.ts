// Builds a worker or a queue prover from registry circuit names: the set-up artifacts in the
// local cache, checked against their manifest, named by their hash.
import { getInstance, loadArtifacts } from '@zkr/circuits';
import { artifactsHashOf } from './artifacts.js';
import { ProverWorker, type ProverWorkerOptions, type WorkerCircuit } from './worker.js';

export async function localCircuit(name: string, cacheDir?: string): Promise<WorkerCircuit> {
  const artifacts = await loadArtifacts(getInstance(name).name, cacheDir === undefined ? {} : { cacheDir });
  return {
    files: { wasm: artifacts.wasm, zkey: artifacts.zkey, vkey: artifacts.vkey, manifest: artifacts.manifest },
    artifactsHash: artifactsHashOf(artifacts.manifestData),
  };
}

/** Circuit id => artifacts hash, as QueueProverOptions.circuits wants it. */
export async function localArtifactHashes(names: readonly string[], cacheDir?: string): Promise<Record<string, string>> {
  const entries = await Promise.all(names.map(async (name) => [name, (await localCircuit(name, cacheDir)).artifactsHash] as const));
  return Object.fromEntries(entries);
}

export type WorkerLaunch = Omit<ProverWorkerOptions, 'circuits'> & { readonly circuits: readonly string[]; readonly cacheDir?: string };

export async function startWorkerFor(launch: WorkerLaunch): Promise<ProverWorker> {
  const { cacheDir, circuits: names, ...rest } = launch;
  const circuits = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await localCircuit(name, cacheDir)] as const)));
  return ProverWorker.start({ ...rest, circuits });
}

/** Runs a worker until SIGINT or SIGTERM, then stops it gracefully. */
export async function runWorkerUntilSignalled(launch: WorkerLaunch): Promise<ProverWorker> {
  const worker = await startWorkerFor(launch);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await worker.stop();
  return worker;
}
