// Compiles the per-setup Solidity at deploy time with the solc npm package's JS API (standard
// JSON, the settings the fixed contracts were built with): no compiler download. The fixed
// contracts (Rollup, Poseidon) were compiled at build time (artifacts.ts); a verifier embeds its
// setup's verification key, so it exists only once a setup does. Cached by source hash.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import solc from 'solc';
import { defaultCacheDir, exportSolidityVerifier, verifierContractName } from '@zkr/circuits';
import { fixedArtifacts } from './artifacts.js';
import { batchVerifierName, batchVerifierOf, type BatchVerifierExport } from './batchVerifier.js';
import { SOLC_SETTINGS } from './generated/artifacts.js';

export interface CompiledContract {
  readonly abi: readonly unknown[];
  readonly bytecode: string;
  /** A batch verifier's key: its hash and the setup it comes from (deployRollup checks it). */
  readonly verificationKey?: Omit<BatchVerifierExport, 'source'>;
}

export type Artifacts = Record<string, CompiledContract>;

/** Where compiled contracts are cached: ZKR_CONTRACTS_CACHE, else `contracts/` in the zkr cache. */
export function contractsCacheDir(): string {
  return process.env['ZKR_CONTRACTS_CACHE'] ?? join(defaultCacheDir(), 'contracts');
}

/** Solidity sources (path => text) compiled with the zkr settings, cached by solc version and input. */
export function compileSolidity(sources: Readonly<Record<string, string>>): Artifacts {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([path, content]) => [path, { content }])),
    settings: { ...SOLC_SETTINGS, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const key = createHash('sha256').update(solc.version()).update(JSON.stringify(input)).digest('hex').slice(0, 16);
  const cacheDir = contractsCacheDir();
  const cached = join(cacheDir, `contracts-${key}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as Artifacts;

  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc: ${errors.map((e) => e.formattedMessage).join('\n')}`);
  const artifacts: Artifacts = {};
  for (const file of Object.values(output.contracts)) {
    for (const [name, contract] of Object.entries(file)) artifacts[name] = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, JSON.stringify(artifacts));
  return artifacts;
}

export interface CompileOptions {
  /** Registry circuits whose verifiers (BatchVerifier_<circuit>) to include; they must be set up. */
  readonly circuits?: readonly string[];
  /** The setup the verifiers' keys come from ('dev' or a ptau's sha256 prefix); default: each
   * circuit's preferred one (@zkr/circuits' loadArtifacts). Pass the setup the proofs use. */
  readonly setup?: string;
  /** Circuits whose snarkjs-exported single-proof verifiers (Groth16Verifier_<circuit>) to include:
   * only the gas benchmark's baseline, never deployed by the rollup. */
  readonly snarkjsVerifiers?: readonly string[];
}

/** The fixed contracts (built with the package) and the verifiers of `options.circuits`. */
export async function compileContracts(options: CompileOptions = {}): Promise<Artifacts> {
  const sources: Record<string, string> = {};
  const keys: Record<string, Omit<BatchVerifierExport, 'source'>> = {};
  for (const circuit of options.circuits ?? []) {
    const { source, ...key } = await batchVerifierOf(circuit, options.setup === undefined ? {} : { setup: options.setup });
    sources[`verifiers/${batchVerifierName(circuit)}.sol`] = source;
    keys[batchVerifierName(circuit)] = key;
  }
  for (const circuit of options.snarkjsVerifiers ?? []) sources[`verifiers/${verifierContractName(circuit)}.sol`] = await exportSolidityVerifier(circuit);
  const artifacts: Artifacts = { ...fixedArtifacts(), ...(Object.keys(sources).length > 0 ? compileSolidity(sources) : {}) };
  // Where each verifier's key comes from is not in the compiler's output: added on every call.
  for (const [name, key] of Object.entries(keys)) if (artifacts[name]) artifacts[name] = { ...artifacts[name], verificationKey: key };
  return artifacts;
}
