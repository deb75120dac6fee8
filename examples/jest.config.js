import preset from '../jest.preset.js';

// The example proves five batches and, from an empty cache, makes the dev setup of batch_1_d8.
export default { ...preset, testTimeout: 600_000 };
