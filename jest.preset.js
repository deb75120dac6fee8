// Shared jest setup: TypeScript sources run as ESM through ts-jest (needs
// node --experimental-vm-modules, which every package's test script passes).
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
