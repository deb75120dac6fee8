import preset from '../../jest.preset.js';

// Dev setups of the test circuits (first run) and real proofs take minutes on 2 cores.
export default { ...preset, testTimeout: 300_000 };
