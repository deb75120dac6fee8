// `zkr demo --node` (issue 19): the demo through a `zkr node` process, run as a user runs it. L1
// deposits, transfers and a withdrawal posted over HTTP, each followed to verified; the root on L1
// equals the node's and the one a fresh sync rebuilds; the node and anvil are stopped by their
// pids and the node's data directory is removed. batch_2_d8 is set up by the demo itself.
import { existsSync } from 'node:fs';
import { zkr } from './zkr.js';

const LIFECYCLE = ['accepted', 'batched', 'proved', 'submitted', 'verified'];

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Summary {
  node: { pid: number; url: string; circuit: string; dataDir: string };
  anvilPid: number;
  operations: { id: number; label: string; statuses: { status: string; seconds: number }[]; batch: number; txHash: string }[];
  batches: number;
  transactions: number;
  withdrawnWei: string;
  root: string;
  nodeRoot: string;
  syncedRoot: string;
  nodeStopped: string;
}

test('zkr demo --node: transfers over HTTP to the node, every status followed to verified, the same root everywhere, everything stopped', async () => {
  const ran = await zkr(['--json', 'demo', '--node']);
  if (ran.code !== 0) throw new Error(`zkr demo --node exited ${ran.code}:\n${ran.stdout}${ran.stderr}`);
  const summary = JSON.parse(ran.stdout) as Summary;

  expect(summary.operations.map((op) => op.label)).toEqual([
    'Alice -> Bob 2 units',
    'Bob -> Carol 1 unit',
    'Carol withdraws 1 unit to L1',
    'Alice -> Carol 1 unit',
  ]);
  for (const op of summary.operations) {
    const statuses = op.statuses.map((s) => s.status);
    expect(statuses[0]).toBe('accepted');
    expect(statuses.at(-1)).toBe('verified');
    // Seen in lifecycle order (a status the node held for less than a poll may be skipped).
    expect(statuses.map((s) => LIFECYCLE.indexOf(s))).toEqual([...statuses.map((s) => LIFECYCLE.indexOf(s))].sort((a, b) => a - b));
    expect(op.batch).toBeGreaterThanOrEqual(3); // batches 1 and 2 serve the four L1 deposits
    expect(op.txHash).toMatch(/^0x[0-9a-f]{64}$/);
  }
  // Four deposits and four operations in batches of 2, two batches per transaction at most.
  expect(summary.batches).toBeGreaterThanOrEqual(4);
  expect(summary.transactions).toBeGreaterThanOrEqual(2);
  expect(summary.withdrawnWei).toBe((10n ** 15n).toString());
  expect(summary.syncedRoot).toBe(summary.root);
  expect(summary.nodeRoot).toBe(summary.root);

  expect(summary.nodeStopped).toBe('stopped');
  expect(alive(summary.node.pid)).toBe(false);
  expect(alive(summary.anvilPid)).toBe(false);
  expect(existsSync(summary.node.dataDir)).toBe(false);
}, 600_000);
