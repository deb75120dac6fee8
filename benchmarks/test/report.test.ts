import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineId } from '../src/machine.js';
import { writeReport } from '../src/report.js';
import { median } from '../src/stats.js';
import { renderBarChart } from '../src/svg.js';

const machine = { cpu: 'Intel(R) Xeon(R) Processor', cores: 2, memoryGiB: 24, node: 'v20.0.0', os: 'linux' };

test('median of odd and even counts, and of nothing', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(() => median([])).toThrow(RangeError);
});

test('bar charts are SVG with one bar per value and escaped text', () => {
  const svg = renderBarChart({ title: 'a < b', yLabel: 'y', categories: ['x1', 'x2'], series: [{ name: 's', values: [1, null] }] });
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('a &#60; b');
  expect(svg.match(/<rect x=/g)?.length).toBe(2); // one bar + one legend swatch
});

test('the report names the machine and writes summary.json with numbers, null where not measured', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkr-report-'));
  const written = writeReport(
    {
      machine,
      date: '2026-01-02T03:04:05.000Z',
      mode: 'quick',
      constraints: { instances: [], perSlotByDepth: [{ depth: 8, perSlot: 100, fixed: 10 }], sha256PerSlot: 50 },
      notes: [],
    },
    dir,
  );
  expect(written).toContain(join(dir, 'results', `${machineId(machine)}-2026-01-02.json`));
  expect(readFileSync(join(dir, 'RESULTS.md'), 'utf8')).toContain('Intel(R) Xeon(R) Processor, 2 cores');
  const summary = JSON.parse(readFileSync(join(dir, 'results', 'summary.json'), 'utf8')) as Record<string, unknown>;
  expect(summary['constraintsPerTransfer']).toEqual({ depth: 8, value: 100 });
  expect(summary['poolVsSnarkjs']).toBeNull();
});
