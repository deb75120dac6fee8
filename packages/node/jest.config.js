import preset from '../../jest.preset.js';

// The crash test runs a node process, anvil and PostgreSQL, and proves 130 batches.
export default { ...preset, testTimeout: 900_000 };
