// The README's complete example, run as a user runs it: a real node process on the compiled
// program, importing the workspace packages by their names (real circuit, proofs and anvil).
import { fileURLToPath } from 'node:url';
import { runNode } from './process.js';

const PROGRAM = fileURLToPath(new URL('../dist/quickstart.js', import.meta.url));
const UNIT = 10n ** 15n;

/** The value the program printed after `label`. */
function printed(stdout: string, label: string): string {
  const line = stdout.split('\n').find((l) => l.startsWith(`${label}:`));
  if (line === undefined) throw new Error(`the example printed no "${label}:" line:\n${stdout}`);
  return line.slice(label.length + 1).trim();
}

test('the complete example deploys, deposits, transfers, proves, submits, withdraws on L1 and syncs', async () => {
  const { code, stdout, stderr } = await runNode([PROGRAM], { cwd: fileURLToPath(new URL('..', import.meta.url)), timeoutMs: 540_000 });
  expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toMatch(/^rollup deployed at 0x[0-9a-fA-F]{40}$/m);
  expect(printed(stdout, 'deposited')).toBe("accounts 0 (operator's fees), 1 (Alice), 2 (Bob)");
  expect(stdout).toMatch(/^batches 1-3 \(the deposits\) verified on L1, \d+ gas$/m);
  expect(stdout).toMatch(/^batches 4-5 \(transfer, withdrawal\) verified on L1, \d+ gas$/m);
  // Bob's whole credit reached his L1 balance (gas added back).
  expect(printed(stdout, 'withdrawn on L1')).toBe(`${3n * UNIT} wei (credited ${3n * UNIT})`);
  // Alice: 5 units less 2 sent and a fee of 0.01; Bob: 1 + 2 received - 3 withdrawn.
  expect(printed(stdout, 'synced balances')).toBe(`Alice ${5n * UNIT - 2n * UNIT - UNIT / 100n}, Bob 0`);
  expect(printed(stdout, 'roots agree')).toBe('yes');
});
