#!/usr/bin/env node
// zkr-node: the node's own command (`zkr node` runs the same); see command.ts.
import { runNodeMain } from './command.js';

runNodeMain(process.argv.slice(2));
