// @zkr/core/wallet: what a wallet needs (keys, signing, operation encoding, Poseidon, the
// account leaf) and nothing that needs Node: no node: built-ins, no Buffer, no top-level await,
// no WASM. test/browser.test.ts bundles this entry and signs in headless Chromium.
export * from './errors.js';
export * from './field.js';
export { poseidon, POSEIDON_MAX_INPUTS } from './poseidon.js';
export * from './keys.js';
export * from './account.js';
export * from './float.js';
export * from './operations.js';
export * from './domain.js';
