import preset from '../../jest.preset.js';

// npm installs the third-party dependencies from the registry (its cache makes later runs quick).
export default { ...preset, testTimeout: 600_000 };
