import preset from '../../jest.preset.js';

// The cluster test starts PostgreSQL and three worker processes and proves many jobs.
export default { ...preset, testTimeout: 1_800_000 };
