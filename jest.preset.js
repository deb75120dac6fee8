// Shared jest setup: TypeScript sources run as ESM through ts-jest (needs
// node --experimental-vm-modules, which every package's test script passes).
import { fileURLToPath } from 'node:url';

// Tests are hermetic: they use the repository's cache (circuits/.cache), not the user's, unless
// ZKR_CACHE_DIR says otherwise. Set here, the test workers and the CLIs they spawn inherit it.
process.env.ZKR_CACHE_DIR ||= fileURLToPath(new URL('./circuits/.cache/', import.meta.url));

/** @type {import('jest').Config} */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // Sources import './x.js'; under ts-jest the file is './x.ts'.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
