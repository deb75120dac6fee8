// The deployment file `zkr deploy` writes and every later command reads with --deployment: where
// the rollup lives and which circuits prove its batches. A missing or malformed file is bad input
// (exit 2), like every other input file; exit 3 is kept for build artifacts (circuits, zkeys).
import { readJsonFile, writeJsonFile } from './io.js';
import { objectAt, parseAddress, parseCount, parseRpcUrl } from './parse.js';
import { UsageError } from './errors.js';

export interface Deployment {
  readonly version: 1;
  /** The RPC the rollup was deployed through; --rpc overrides it. */
  readonly rpc: string;
  readonly chainId: number;
  readonly rollup: string;
  readonly operator: string;
  readonly depth: number;
  /** Batch size => registry circuit whose verifier the rollup registered for it. */
  readonly circuits: Readonly<Record<number, string>>;
  readonly deployBlock: number;
}

export function readDeployment(file: string): Deployment {
  const json = objectAt(readJsonFile(file, 'deployment'), `deployment file ${file}`);
  const at = (key: string): string => `deployment file ${file}: "${key}"`;
  if (json['version'] !== 1) throw new UsageError(`${at('version')} must be 1, received ${JSON.stringify(json['version'])}`);
  const circuits: Record<number, string> = {};
  for (const [size, name] of Object.entries(objectAt(json['circuits'], at('circuits')))) {
    if (typeof name !== 'string') throw new UsageError(`${at(`circuits.${size}`)} must be a circuit name`);
    circuits[parseCount(size, at('circuits'))] = name;
  }
  if (Object.keys(circuits).length === 0) throw new UsageError(`${at('circuits')} names no circuit`);
  return {
    version: 1,
    rpc: parseRpcUrl(json['rpc'], at('rpc')),
    chainId: parseCount(json['chainId'], at('chainId')),
    rollup: parseAddress(json['rollup'], at('rollup')),
    operator: parseAddress(json['operator'], at('operator')),
    depth: parseCount(json['depth'], at('depth')),
    circuits,
    deployBlock: parseCount(json['deployBlock'], at('deployBlock')),
  };
}

export function writeDeployment(file: string, deployment: Deployment): void {
  writeJsonFile(file, deployment);
}
