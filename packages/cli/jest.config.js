import preset from '../../jest.preset.js';

// Every test spawns the binary (a second or more per run on a busy 2-core machine), so jest's
// 5 s default is too short even for the bad-input cases.
export default { ...preset, testTimeout: 60_000 };
