// snarkjs' Solidity verifier of a set-up circuit, exported from its zkey and renamed per circuit
// so several compile side by side. The rollup uses @zkr/contracts' multi-proof BatchVerifier;
// this one is the gas benchmark's baseline.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { loadArtifacts, type LoadOptions } from './artifacts.js';

function snarkjsTemplate(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('snarkjs'));
  while (!existsSync(join(dir, 'templates', 'verifier_groth16.sol.ejs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('snarkjs templates/verifier_groth16.sol.ejs not found');
    dir = parent;
  }
  return readFileSync(join(dir, 'templates', 'verifier_groth16.sol.ejs'), 'utf8');
}

export function verifierContractName(circuit: string): string {
  return `Groth16Verifier_${circuit}`;
}

export async function exportSolidityVerifier(name: string, options: LoadOptions = {}): Promise<string> {
  const { zkey } = await loadArtifacts(name, options);
  const source = await snarkjs.zKey.exportSolidityVerifier(zkey, { groth16: snarkjsTemplate() });
  return source.replace('contract Groth16Verifier ', `contract ${verifierContractName(name)} `);
}
