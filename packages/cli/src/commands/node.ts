// zkr node: the long-running operator of @zkr/node (HTTP API, durable store, batcher, proving,
// crash-safe L1 submission; docs/protocol.md §13). Its options are the node's own (`zkr-node`),
// passed through unchanged, so both commands take the same arguments.
import type { Command } from 'commander';
import { loadNode } from '../lazy.js';

export function registerNodeCommand(program: Command): void {
  program
    .command('node')
    .description('run the node: accept signed operations over HTTP, batch, prove and submit them to L1, surviving crashes')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[options...]', "the node's options (zkr node --help lists them)")
    .addHelpText('after', '\nExample:\n  $ ZKR_OPERATOR_KEY=0x... zkr node --rpc http://127.0.0.1:8545 --rollup 0x... --circuit batch_4_d8')
    .action(async (args: string[]) => (await loadNode()).runNodeMain(args));
}
