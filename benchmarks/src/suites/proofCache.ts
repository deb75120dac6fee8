// Proofs kept on disk by circuit, zkey and input, so a gas run repeated on a changed contract
// (or resumed after a stop) submits the proofs of an earlier run instead of proving again: at
// 2^21 a batch takes minutes to prove, and the gas of a transaction does not depend on when its
// proof was made. A proof is only reused for the same zkey (its manifest's sha256) and the same
// circuit input, byte for byte, so it is the proof the prover would make now up to its
// randomness; the rollup's verifier still checks every submitted proof.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CircuitArtifacts } from '@zkr/circuits';
import type { ProveFunction } from '@zkr/sdk';

export interface ProofCacheStats {
  hits: number;
  proved: number;
}

const inputKey = (input: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(input, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)))
    .digest('hex');

/** `prove` with its proofs kept under `dir`/<circuit>-<zkey sha256 prefix>/<input sha256>.json. */
export function cachedProver(prove: ProveFunction, files: Readonly<Record<string, CircuitArtifacts>>, dir: string, stats: ProofCacheStats): ProveFunction {
  const zkeyHash = (circuit: string): string => {
    const manifest = JSON.parse(readFileSync(files[circuit]!.manifest, 'utf8')) as { files: { zkey: { sha256: string } } };
    return manifest.files.zkey.sha256.slice(0, 16);
  };
  return async (circuit, input) => {
    const folder = join(dir, `${circuit}-${zkeyHash(circuit)}`);
    const path = join(folder, `${inputKey(input)}.json`);
    if (existsSync(path)) {
      stats.hits++;
      return { proof: JSON.parse(readFileSync(path, 'utf8')) as Awaited<ReturnType<ProveFunction>>['proof'] };
    }
    const { proof } = await prove(circuit, input);
    stats.proved++;
    mkdirSync(folder, { recursive: true });
    writeFileSync(`${path}.partial`, JSON.stringify(proof));
    renameSync(`${path}.partial`, path);
    return { proof };
  };
}
