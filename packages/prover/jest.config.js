import preset from '../../jest.preset.js';

// The first run sets up the fixture circuit; proving 1,000 jobs takes a while on 2 cores.
export default { ...preset, testTimeout: 300_000 };
