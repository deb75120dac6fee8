// Compiles the Solidity sources with the solc npm package's JS API (standard JSON, optimizer
// on): no compiler download. Verifiers are generated from @zkr/circuits' verification keys
// (batchVerifier.ts). Cached by source hash.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';
import { exportSolidityVerifier, verifierContractName } from '@zkr/circuits';
import { batchVerifierName, batchVerifierOf, type BatchVerifierExport } from './batchVerifier.js';

export interface CompiledContract {
  readonly abi: unknown[];
  readonly bytecode: string;
  /** A batch verifier's key: its hash and the setup it comes from (deployRollup checks it). */
  readonly verificationKey?: Omit<BatchVerifierExport, 'source'>;
}

export type Artifacts = Record<string, CompiledContract>;

const SOL_DIR = fileURLToPath(new URL('../sol/', import.meta.url));
const CACHE_DIR = process.env['ZKR_CONTRACTS_CACHE'] ?? fileURLToPath(new URL('../.cache/', import.meta.url));

function solidityFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? solidityFiles(join(dir, e.name)) : e.name.endsWith('.sol') ? [join(dir, e.name)] : []));
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

export async function compileContracts(options: CompileOptions = {}): Promise<Artifacts> {
  const sources: Record<string, { content: string }> = {};
  for (const file of solidityFiles(SOL_DIR)) sources[relative(SOL_DIR, file)] = { content: readFileSync(file, 'utf8') };
  const keys: Record<string, Omit<BatchVerifierExport, 'source'>> = {};
  for (const circuit of options.circuits ?? []) {
    const { source, ...key } = await batchVerifierOf(circuit, options.setup === undefined ? {} : { setup: options.setup });
    sources[`verifiers/${batchVerifierName(circuit)}.sol`] = { content: source };
    keys[batchVerifierName(circuit)] = key;
  }
  // Where each verifier's key comes from is not in the compiler's output: added on every call.
  const withKeys = (artifacts: Artifacts): Artifacts => {
    for (const [name, key] of Object.entries(keys)) if (artifacts[name]) artifacts[name] = { ...artifacts[name], verificationKey: key };
    return artifacts;
  };
  for (const circuit of options.snarkjsVerifiers ?? []) {
    sources[`verifiers/${verifierContractName(circuit)}.sol`] = { content: await exportSolidityVerifier(circuit) };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const key = createHash('sha256').update(solc.version()).update(JSON.stringify(input)).digest('hex').slice(0, 16);
  const cached = join(CACHE_DIR, `contracts-${key}.json`);
  if (existsSync(cached)) return withKeys(JSON.parse(readFileSync(cached, 'utf8')) as Artifacts);

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
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(cached, JSON.stringify(artifacts));
  return withKeys(artifacts);
}
