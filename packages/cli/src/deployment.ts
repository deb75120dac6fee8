// The deployment file `zkr deploy` writes and every later command reads with --deployment: where
// the rollup lives and which circuits prove its batches. A missing or malformed file is bad input
// (exit 2), like every other input file; exit 3 is kept for build artifacts (circuits, zkeys).
import { readJsonFile, writeJsonFile } from './io.js';
import { objectAt, parseAddress, parseCount, parseRpcUrl } from './parse.js';
import { UsageError } from './errors.js';

/** A verifier the rollup registered, and the setup its key comes from. */
export interface DeployedVerifier {
  readonly circuit: string;
  readonly address: string;
  /** keccak256 of its verification key, as its VK_HASH constant holds it on-chain. */
  readonly vkHash: string;
  /** The circuit setup it was generated from: 'dev', or a ptau's sha256 prefix. */
  readonly setup: string;
  /** True when the setup's toxic waste is known: anyone holding it can forge batches. */
  readonly insecure: boolean;
  readonly insecureReason?: string;
}

export interface Deployment {
  /** 2 adds governor and verifiers; a version-1 file lacks them. */
  readonly version: 1 | 2;
  /** The RPC the rollup was deployed through; --rpc overrides it. */
  readonly rpc: string;
  readonly chainId: number;
  readonly rollup: string;
  readonly operator: string;
  /** Who may register tokens and verifiers (the deployer). */
  readonly governor?: string;
  readonly depth: number;
  /** Batch size => registry circuit whose verifier the rollup registered for it. */
  readonly circuits: Readonly<Record<number, string>>;
  readonly deployBlock: number;
  /** Batch size => the verifier registered for it. */
  readonly verifiers?: Readonly<Record<number, DeployedVerifier>>;
}

function verifiersAt(value: unknown, at: (key: string) => string): Record<number, DeployedVerifier> {
  const verifiers: Record<number, DeployedVerifier> = {};
  for (const [size, raw] of Object.entries(objectAt(value, at('verifiers')))) {
    const entry = objectAt(raw, at(`verifiers.${size}`));
    const text = (key: string): string => {
      if (typeof entry[key] !== 'string') throw new UsageError(`${at(`verifiers.${size}.${key}`)} must be a string`);
      return entry[key] as string;
    };
    if (typeof entry['insecure'] !== 'boolean') throw new UsageError(`${at(`verifiers.${size}.insecure`)} must be true or false`);
    verifiers[parseCount(size, at('verifiers'))] = {
      circuit: text('circuit'),
      address: parseAddress(entry['address'], at(`verifiers.${size}.address`)),
      vkHash: text('vkHash'),
      setup: text('setup'),
      insecure: entry['insecure'],
      ...(typeof entry['insecureReason'] === 'string' ? { insecureReason: entry['insecureReason'] } : {}),
    };
  }
  return verifiers;
}

export function readDeployment(file: string): Deployment {
  const json = objectAt(readJsonFile(file, 'deployment'), `deployment file ${file}`);
  const at = (key: string): string => `deployment file ${file}: "${key}"`;
  const version = json['version'];
  if (version !== 1 && version !== 2) throw new UsageError(`${at('version')} must be 1 or 2, received ${JSON.stringify(version)}`);
  const circuits: Record<number, string> = {};
  for (const [size, name] of Object.entries(objectAt(json['circuits'], at('circuits')))) {
    if (typeof name !== 'string') throw new UsageError(`${at(`circuits.${size}`)} must be a circuit name`);
    circuits[parseCount(size, at('circuits'))] = name;
  }
  if (Object.keys(circuits).length === 0) throw new UsageError(`${at('circuits')} names no circuit`);
  return {
    version,
    rpc: parseRpcUrl(json['rpc'], at('rpc')),
    chainId: parseCount(json['chainId'], at('chainId')),
    rollup: parseAddress(json['rollup'], at('rollup')),
    operator: parseAddress(json['operator'], at('operator')),
    ...(version === 2 ? { governor: parseAddress(json['governor'], at('governor')) } : {}),
    depth: parseCount(json['depth'], at('depth')),
    circuits,
    deployBlock: parseCount(json['deployBlock'], at('deployBlock')),
    ...(version === 2 ? { verifiers: verifiersAt(json['verifiers'], at) } : {}),
  };
}

export function writeDeployment(file: string, deployment: Deployment): void {
  writeJsonFile(file, deployment);
}
