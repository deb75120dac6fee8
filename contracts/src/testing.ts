// @zkr/contracts/testing: a local L1 for tests and demos, as a dev dependency.
export { startAnvil, type Anvil } from './anvil.js';
