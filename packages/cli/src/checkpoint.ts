// A sync checkpoint on disk (`zkr sync --checkpoint FILE`): the state a sync rebuilt and the last
// block it read, so the next sync reads only later blocks. It names its rollup and chain: a
// checkpoint of another rollup is bad input, never silently applied.
import { existsSync } from 'node:fs';
import type { RollupState, RollupStateJSON } from '@zkr/core';
import type { SyncCheckpoint } from '@zkr/sdk';
import { UsageError } from './errors.js';
import { readJsonFile, writeJsonFile } from './io.js';
import { loadCore } from './lazy.js';
import { objectAt, parseCount } from './parse.js';

interface CheckpointFile {
  readonly version: 1;
  readonly chainId: number;
  readonly rollup: string;
  readonly block: number;
  readonly batches: number;
  readonly state: RollupStateJSON;
}

/** The checkpoint in `file` for this rollup, or undefined if there is no file yet. */
export async function readCheckpoint(file: string, rollup: { chainId: number; address: string }): Promise<SyncCheckpoint | undefined> {
  if (!existsSync(file)) return undefined;
  const json = objectAt(readJsonFile(file, 'sync checkpoint'), `sync checkpoint ${file}`);
  const at = (key: string): string => `sync checkpoint ${file}: "${key}"`;
  if (json['version'] !== 1) throw new UsageError(`${at('version')} must be 1`);
  if (json['chainId'] !== rollup.chainId || String(json['rollup']).toLowerCase() !== rollup.address.toLowerCase()) {
    throw new UsageError(
      `sync checkpoint ${file} is of rollup ${String(json['rollup'])} on chain ${String(json['chainId'])}, not ${rollup.address} on chain ${rollup.chainId}`,
    );
  }
  const { RollupState } = await loadCore();
  let state: RollupState;
  try {
    state = RollupState.fromJSON(objectAt(json['state'], at('state')) as unknown as RollupStateJSON);
  } catch (error) {
    throw new UsageError(`${at('state')} is not a rollup state: ${(error as Error).message}`);
  }
  return { state, block: parseCount(json['block'], at('block')), batches: parseCount(json['batches'], at('batches')) };
}

export function writeCheckpoint(file: string, rollup: { chainId: number; address: string }, checkpoint: SyncCheckpoint): void {
  const body: CheckpointFile = {
    version: 1,
    chainId: rollup.chainId,
    rollup: rollup.address,
    block: checkpoint.block,
    batches: checkpoint.batches,
    state: checkpoint.state.toJSON(),
  };
  writeJsonFile(file, body);
}
