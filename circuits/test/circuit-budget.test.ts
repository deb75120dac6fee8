// Constraint budgets: every test instance of circuits/circuits.json must compile within its
// `constraintBudget`, and one transfer slot at the production depth (24, i.e. 12 levels) within
// the 24,000 the design allows (signature included).
import { compileCircuit, loadRegistry } from '../src/index.js';
import { compileTemplate } from './helpers/witness.js';

const SLOT_BUDGET_DEPTH_24 = 24_000;

describe('constraint budgets', () => {
  const instances = loadRegistry().filter((i) => i.use === 'test');

  test('the registry gives every test instance a budget', () => {
    expect(instances.length).toBeGreaterThan(0);
    for (const i of instances) expect(i.constraintBudget).not.toBeNull();
  });

  test.each(instances.map((i) => [i.name, i.constraintBudget] as const))('%s fits %s constraints', async (name, budget) => {
    const { constraints } = await compileCircuit({ name });
    expect(constraints).toBeLessThanOrEqual(budget!);
  });

  test(`one slot at depth 24 fits ${SLOT_BUDGET_DEPTH_24} constraints`, async () => {
    const { constraints } = await compileTemplate('t_slot_d24', 'slot.circom', 'Slot(12)');
    expect(constraints).toBeLessThanOrEqual(SLOT_BUDGET_DEPTH_24);
  });
});
