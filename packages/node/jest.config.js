import preset from '../../jest.preset.js';

// The crash test runs a node process, anvil and PostgreSQL, and proves many batches.
// forceExit: every test passes and stops what it started (by pid), but some in-process handle
// (still to be found: PGlite, pg or fastify) keeps jest alive after the run, which hung `npm test`.
export default { ...preset, testTimeout: 900_000, forceExit: true };
