import preset from '../jest.preset.js';

// Circuit compiles, dev setups and proofs take minutes on 2 cores.
export default { ...preset, testTimeout: 600_000 };
