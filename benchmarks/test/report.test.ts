import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineId } from '../src/machine.js';
import { mergeIntoRecord } from '../src/records.js';
import { writeReport, type BatchesPerTxGas, type GasResult } from '../src/report.js';
import { median } from '../src/stats.js';
import { mergeGasRows, withMarginalGas } from '../src/suites/gas.js';
import type { NativeComparison } from '../src/suites/native.js';
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
  expect(summary['constraintsPerTransfer']).toEqual({
    depth: 8,
    value: 100,
    machine: 'Intel(R) Xeon(R) Processor, 2 cores, 24 GiB, Node v20.0.0, linux',
    date: '2026-01-02T03:04:05.000Z',
  });
  expect(summary['poolVsSnarkjs']).toBeNull();
  expect(summary['nativeVsSnarkjs']).toBeNull();
});

/** A gas row of batch size `batchSize` with k = 1 and k = 8 rows, gas per batch given. */
function gasRow(batchSize: number, perBatch: [number, number], marginal: [number, number]): GasResult {
  const k = (batchesPerTx: number, gasPerBatch: number, marginalGasPerTransfer: number): BatchesPerTxGas => ({
    batchesPerTx,
    totalGas: gasPerBatch * batchesPerTx,
    calldataGas: 0,
    verificationGas: 0,
    gasPerBatch,
    gasPerTransfer: Math.round(gasPerBatch / batchSize),
    vsSingle: gasPerBatch / perBatch[0],
    marginalGasPerTransfer,
  });
  return {
    circuit: `batch_${batchSize}`,
    depth: 8,
    batchSize,
    transfers: batchSize,
    totalGas: perBatch[0],
    verificationGas: 0,
    calldataGas: 0,
    otherGas: 0,
    gasPerTransfer: Math.round(perBatch[0] / batchSize),
    marginalGasPerTransfer: marginal[0],
    calldataBytesPerTransfer: 14,
    withdrawals: { totalGas: 0, calldataGas: 0, gasPerWithdrawal: 0, processingGasPerWithdrawal: 0 },
    batchesPerTx: [k(1, perBatch[0], marginal[0]), k(8, perBatch[1], marginal[1])],
  };
}

test('the gas section has a row per k and projects the largest registered batch from the slope at each k', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkr-report-'));
  const instances = [{ name: 'batch_32', batchSize: 32, depth: 24, constraints: 0, perSlot: 0 }];
  writeReport(
    {
      machine,
      date: '2026-01-02T03:04:05.000Z',
      mode: 'full',
      constraints: { instances, perSlotByDepth: [], sha256PerSlot: 0 },
      gas: [gasRow(1, [1000, 400], [100, 20]), gasRow(8, [1700, 540], [100, 20])],
      notes: [],
    },
    dir,
  );
  const md = readFileSync(join(dir, 'RESULTS.md'), 'utf8');
  expect(md).toContain('| batch_8 | 8 | 8 | 4320 |');
  expect(md).toContain('- 1 batch per transaction: about 4100 gas per batch, 128 per transfer.');
  expect(md).toContain('- 8 batches per transaction: about 1020 gas per batch, 32 per transfer.');
});

test('a --suite run replaces only its suites in the newest record and keeps the others', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkr-report-'));
  const constraints = { instances: [], perSlotByDepth: [{ depth: 8, perSlot: 100, fixed: 10 }], sha256PerSlot: 50 };
  writeReport({ machine, date: '2026-01-02T03:04:05.000Z', mode: 'full', constraints, gas: [gasRow(1, [1, 1], [0, 0])], notes: ['kept'] }, dir);
  const gas = [gasRow(1, [2000, 900], [0, 0])];
  const merged = mergeIntoRecord({ machine, date: '2026-01-02T09:00:00.000Z', mode: 'full', gas, notes: [] }, ['gas'], dir);
  expect(merged.date).toBe('2026-01-02T03:04:05.000Z');
  expect(merged.constraints).toEqual(constraints);
  expect(merged.gas).toEqual(gas);
  expect(merged.notes).toEqual(['kept', 'gas measured again at 2026-01-02T09:00:00.000Z (`node dist/run.js --suite gas`).']);
  // A later day: the other suites are carried over from the newest earlier record, which says so.
  writeReport(merged, dir);
  const later = mergeIntoRecord({ machine, date: '2026-01-05T00:00:00.000Z', mode: 'full', gas, notes: [] }, ['gas'], dir);
  expect(later.date).toBe('2026-01-05T00:00:00.000Z');
  expect(later.constraints).toEqual(constraints);
  expect(later.notes).toEqual([
    'kept',
    'gas measured again at 2026-01-05T00:00:00.000Z (`node dist/run.js --suite gas`).',
    'constraints carried over from results/2c-intel-xeon-2026-01-02.json (a full run of 2026-01-02T03:04:05.000Z).',
  ]);
  // Each suite keeps the date it was measured, wherever it is carried.
  expect(merged.measuredAt).toEqual({ constraints: '2026-01-02T03:04:05.000Z', gas: '2026-01-02T09:00:00.000Z' });
  expect(later.measuredAt).toEqual({ constraints: '2026-01-02T03:04:05.000Z', gas: '2026-01-05T00:00:00.000Z' });
  writeReport(later, dir);
  const summary = JSON.parse(readFileSync(join(dir, 'results', 'summary.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  expect(summary['constraintsPerTransfer']?.['date']).toBe('2026-01-02T03:04:05.000Z');
  expect(summary['gasPerTransfer']?.['date']).toBe('2026-01-05T00:00:00.000Z');
  // No record of this machine at all: the partial run stands alone.
  expect(
    mergeIntoRecord({ machine, date: '2026-01-03T00:00:00.000Z', mode: 'full', gas, notes: [] }, ['gas'], mkdtempSync(join(tmpdir(), 'zkr-report-')))
      .constraints,
  ).toBeUndefined();
});

test("a --gas-sizes run merges its rows into the record's gas rows by circuit, each row dated, the slopes over all", () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkr-report-'));
  writeReport(
    { machine, date: '2026-01-02T03:04:05.000Z', mode: 'full', gas: [gasRow(1, [1000, 900], [0, 0]), gasRow(2, [1100, 950], [0, 0])], notes: [] },
    dir,
  );
  const big = gasRow(128, [13_800, 7_500], [0, 0]);
  const merged = mergeIntoRecord({ machine, date: '2026-01-02T09:00:00.000Z', mode: 'full', gas: [big], notes: [] }, ['gas'], dir, (previous, now) =>
    withMarginalGas(mergeGasRows(previous, now)),
  );
  expect(merged.gas?.map((g) => [g.batchSize, g.measuredAt])).toEqual([
    [1, '2026-01-02T03:04:05.000Z'],
    [2, '2026-01-02T03:04:05.000Z'],
    [128, '2026-01-02T09:00:00.000Z'],
  ]);
  // (13,800 - 1,000) / (128 - 1) at k = 1, (7,500 - 900) / 127 at k = 8
  expect(merged.gas?.[2]?.marginalGasPerTransfer).toBe(101);
  expect(merged.gas?.[2]?.batchesPerTx?.[1]?.marginalGasPerTransfer).toBe(52);
  writeReport(merged, dir);
  expect(readFileSync(join(dir, 'RESULTS.md'), 'utf8')).toContain(
    'Rows measured on different days: batch sizes 1, 2 on 2026-01-02; batch sizes 128 on 2026-01-02',
  );
  const summary = JSON.parse(readFileSync(join(dir, 'results', 'summary.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  expect(summary['gasPerTransferBatched']).toMatchObject({ batchSize: 128, batchesPerTx: 8, value: 59 });
});

test('a run on another machine or of other suites erases no figure: each section and figure keeps its own machine and date', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkr-report-'));
  const other = { ...machine, cpu: 'AMD EPYC 9B14' };
  const constraints = { instances: [], perSlotByDepth: [{ depth: 24, perSlot: 21464, fixed: 8114 }], sha256PerSlot: 15144 };
  writeReport(
    { machine, date: '2026-01-02T03:04:05.000Z', mode: 'full', constraints, gas: [gasRow(1, [1000, 400], [0, 0])], notes: ['from the first run'] },
    dir,
  );
  // Gas again, on another machine, later.
  writeReport({ machine: other, date: '2026-01-04T00:00:00.000Z', mode: 'full', gas: [gasRow(8, [1700, 540], [100, 20])], notes: ['from the gas run'] }, dir);
  // A quick run does not displace full figures of the same suite.
  writeReport(
    {
      machine,
      date: '2026-01-05T00:00:00.000Z',
      mode: 'quick',
      constraints: { ...constraints, perSlotByDepth: [{ depth: 8, perSlot: 1, fixed: 1 }] },
      notes: [],
    },
    dir,
  );
  const summary = JSON.parse(readFileSync(join(dir, 'results', 'summary.json'), 'utf8')) as Record<string, Record<string, unknown> | null>;
  expect(summary['constraintsPerTransfer']).toMatchObject({ depth: 24, value: 21464, date: '2026-01-02T03:04:05.000Z' });
  expect(summary['gasPerTransfer']).toMatchObject({ batchSize: 8, batchesPerTx: 1, value: 213, date: '2026-01-04T00:00:00.000Z' });
  expect(String(summary['gasPerTransfer']?.['machine'])).toContain('AMD EPYC 9B14');
  const md = readFileSync(join(dir, 'RESULTS.md'), 'utf8');
  expect(md).toContain(
    `Measured on Intel(R) Xeon(R) Processor, 2 cores, 24 GiB, Node v20.0.0, linux, 2026-01-02T03:04:05.000Z (full run; record \`results/${machineId(machine)}-2026-01-02.json\`).`,
  );
  expect(md).toContain(
    `Measured on AMD EPYC 9B14, 2 cores, 24 GiB, Node v20.0.0, linux, 2026-01-04T00:00:00.000Z (full run; record \`results/${machineId(other)}-2026-01-04.json\`).`,
  );
  expect(md).toContain('- from the first run');
  expect(md).toContain('- from the gas run');
});

test('the native suite writes the nativeVsSnarkjs figure of its largest circuit and its table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkr-report-'));
  const row = (circuit: string, power: number, nativeMs: number): NativeComparison => ({
    circuit,
    power,
    constraints: 1000,
    nativeMs,
    snarkjsMs: 4 * nativeMs,
    ratio: 4,
    nativePeakMiB: 100,
    snarkjsPeakMiB: 300,
    rounds: 3,
  });
  writeReport({ machine, date: '2026-01-02T03:04:05.000Z', mode: 'full', native: [row('batch_4_d24', 17, 2000), row('batch_2_d8', 15, 300)], notes: [] }, dir);
  const summary = JSON.parse(readFileSync(join(dir, 'results', 'summary.json'), 'utf8')) as Record<string, unknown>;
  expect(summary['nativeVsSnarkjs']).toMatchObject({
    circuit: 'batch_4_d24',
    power: 17,
    ratio: 4,
    nativePeakMiB: 100,
    snarkjsPeakMiB: 300,
    date: '2026-01-02T03:04:05.000Z',
  });
  expect(readFileSync(join(dir, 'RESULTS.md'), 'utf8')).toContain('| batch_4_d24 | 2^17 | 1,000 | 2.00 | 8.00 | 4.00 | 100 | 300 | n/a |');
});
