export * from './wallet.js';
export { enableWasmPoseidon, disableWasmPoseidon } from './wasm-poseidon.js';
export * from './tree.js';
export * from './priority.js';
export * from './layout.js';
export * from './circuit-input.js';
export * from './state.js';
