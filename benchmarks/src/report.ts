// Turns one run's results into the committed artifacts: the JSON record, RESULTS.md, the
// SVG charts and summary.json. Everything here is derived from the run, nothing typed by hand.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineId, machineLine, type Machine } from './machine.js';
import { renderBarChart } from './svg.js';
import type { ConstraintsResult } from './suites/constraints.js';
import type { CoreResult } from './suites/core.js';
import type { NativeComparison } from './suites/native.js';
import type { SetupResult } from './suites/setup.js';

export interface ProverResult {
  readonly circuit: string;
  /** Pool shape: workers x threads per proof. */
  readonly config: string;
  readonly batchSize: number;
  readonly poolProofsPerSec: number;
  readonly baselineProofsPerSec: number;
  readonly ratio: number;
  readonly medianLatencyMs: { pool: number; baseline: number };
  readonly witnessMs: number;
  readonly proveMs: number;
  readonly peakMemoryMiB: number;
  readonly rounds: number;
}

/** k full batches of one circuit submitted in one transaction (one multi-proof check). */
export interface BatchesPerTxGas {
  readonly batchesPerTx: number;
  readonly totalGas: number;
  readonly calldataGas: number;
  /** The verifier alone, for all k proofs. */
  readonly verificationGas: number;
  readonly gasPerBatch: number;
  readonly gasPerTransfer: number;
  /** Gas per batch relative to one batch per transaction (same batches): lower is better. */
  readonly vsSingle: number;
  /** Gas per batch of one more transfer per batch at this k (slope between batch sizes). */
  readonly marginalGasPerTransfer: number | null;
}

export interface GasResult {
  readonly circuit: string;
  readonly depth: number;
  readonly batchSize: number;
  readonly transfers: number;
  readonly totalGas: number;
  readonly verificationGas: number;
  /** snarkjs' exported verifier on the same proof: the baseline ours replaced (absent in old records). */
  readonly snarkjsVerificationGas?: number;
  readonly calldataGas: number;
  /** Storage, parsing, events: total - 21,000 - calldata - verification. */
  readonly otherGas: number;
  readonly gasPerTransfer: number;
  /** Gas of one more transfer in a batch (difference between batch sizes). */
  readonly marginalGasPerTransfer: number | null;
  readonly calldataBytesPerTransfer: number;
  /** The same circuit's batch full of withdrawals, each to a fresh L1 address. */
  readonly withdrawals: {
    readonly totalGas: number;
    readonly calldataGas: number;
    readonly gasPerWithdrawal: number;
    /** Beyond a transfer, calldata aside: crediting the L1 address (storage, event). */
    readonly processingGasPerWithdrawal: number;
  };
  /** k = 1, 2, 4, 8 (and 16 from 2026-12-01) full batches per transaction (absent in old records). */
  readonly batchesPerTx?: readonly BatchesPerTxGas[];
}

export interface RunResults {
  readonly machine: Machine;
  readonly date: string;
  readonly mode: 'quick' | 'full';
  readonly core?: CoreResult;
  readonly constraints?: ConstraintsResult;
  readonly prover?: readonly ProverResult[];
  readonly gas?: readonly GasResult[];
  readonly setup?: SetupResult;
  /** The native prover backend against snarkjs (absent in old records). */
  readonly native?: readonly NativeComparison[];
  readonly notes: string[];
}

function summary(results: RunResults): Record<string, unknown> {
  const deepest = results.constraints?.perSlotByDepth.at(-1);
  // The fastest pool shape on the largest proved circuit.
  const largest = results.prover?.length ? Math.max(...results.prover.map((p) => p.batchSize)) : 0;
  const prover = results.prover?.filter((p) => p.batchSize === largest).sort((a, b) => b.ratio - a.ratio)[0];
  const gas = results.gas?.at(-1);
  const batched = gas?.batchesPerTx?.at(-1);
  const setup = results.setup?.instances.at(-1);
  return {
    machine: machineLine(results.machine),
    date: results.date,
    constraintsPerTransfer: deepest ? { depth: deepest.depth, value: deepest.perSlot } : null,
    poolVsSnarkjs: prover
      ? { circuit: prover.circuit, config: prover.config, poolOpsPerSec: prover.poolProofsPerSec * prover.batchSize, baselineOpsPerSec: prover.baselineProofsPerSec * prover.batchSize, ratio: prover.ratio }
      : null,
    gasPerTransfer: gas ? { batchSize: gas.batchSize, value: gas.gasPerTransfer } : null,
    // The same batch size with the most batches per transaction measured.
    gasPerTransferBatched: batched && gas ? { batchSize: gas.batchSize, batchesPerTx: batched.batchesPerTx, value: batched.gasPerTransfer } : null,
    calldataBytesPerTransfer: gas ? gas.calldataBytesPerTransfer : null,
    peakMemoryMiB: prover ? { circuit: prover.circuit, value: prover.peakMemoryMiB } : null,
    // The largest test instance's dev setup from an empty cache.
    devSetupSeconds: setup ? { circuit: setup.circuit, value: setup.seconds.total } : null,
    nativeVsSnarkjs: nativeFigure(results),
  };
}

/** The native backend's speed-up per proof on the largest circuit it was measured on. */
function nativeFigure(results: RunResults): Record<string, unknown> | null {
  const n = results.native?.reduce<NativeComparison | undefined>((a, b) => (a === undefined || b.power >= a.power ? b : a), undefined);
  return n ? { circuit: n.circuit, power: n.power, ratio: n.ratio, nativePeakMiB: n.nativePeakMiB, snarkjsPeakMiB: n.snarkjsPeakMiB } : null;
}

function nativeMarkdown(native: readonly NativeComparison[]): string[] {
  const lines = [
    '## Native prover backend vs snarkjs (alternating, same witness)',
    '',
    'Per proof: each proof in a fresh process that first loads the zkey (kept resident, as a pool worker keeps it), all cores for both; peak RSS of that process. Pool: each backend\'s default pool, witness included.',
    '',
    '| circuit | power | constraints | native s | snarkjs s | ratio | native peak MiB | snarkjs peak MiB | pool jobs | native pool proofs/s | snarkjs pool proofs/s | pool ratio | rounds |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const n of native) {
    const p = n.pool;
    lines.push(`| ${n.circuit} | 2^${n.power} | ${n.constraints.toLocaleString('en')} | ${(n.nativeMs / 1000).toFixed(2)} | ${(n.snarkjsMs / 1000).toFixed(2)} | ${n.ratio.toFixed(2)} | ${n.nativePeakMiB.toFixed(0)} | ${n.snarkjsPeakMiB.toFixed(0)} | ${p?.jobs ?? 'n/a'} | ${p ? p.nativeProofsPerSec.toFixed(3) : 'n/a'} | ${p ? p.snarkjsProofsPerSec.toFixed(3) : 'n/a'} | ${p ? p.ratio.toFixed(2) : 'n/a'} | ${n.rounds} |`);
  }
  lines.push('');
  return lines;
}

function markdown(results: RunResults): string {
  const lines = [`# zkr benchmark results`, '', `Machine: ${machineLine(results.machine)}  `, `Date: ${results.date}, mode: ${results.mode}`, ''];
  if (results.core) {
    const k = results.core;
    lines.push('## @zkr/core', '', '| Poseidon(4)/s | Poseidon(5)/s | EdDSA signatures/s | tree depth | accounts | bulk build s | updates/s | proofs/s |', '|---:|---:|---:|---:|---:|---:|---:|---:|');
    lines.push(`| ${Math.round(k.poseidon4PerSec)} | ${Math.round(k.poseidon5PerSec)} | ${k.signaturesPerSec.toFixed(1)} | ${k.tree.depth} | ${k.tree.accounts.toLocaleString('en')} | ${k.tree.buildSeconds.toFixed(1)} | ${Math.round(k.tree.updatesPerSec)} | ${Math.round(k.tree.proofsPerSec)} |`, '');
  }
  const c = results.constraints;
  if (c) {
    lines.push('## Constraints', '', '| depth | per slot (= per transfer) | fixed per batch |', '|---:|---:|---:|');
    for (const d of c.perSlotByDepth) lines.push(`| ${d.depth} | ${d.perSlot.toLocaleString('en')} | ${d.fixed.toLocaleString('en')} |`);
    lines.push('', '| instance | batch | depth | constraints |', '|---|---:|---:|---:|');
    for (const i of c.instances) lines.push(`| ${i.name} | ${i.batchSize} | ${i.depth} | ${i.constraints.toLocaleString('en')} |`);
    lines.push('', `SHA-256 public-input alternative: ${c.sha256PerSlot.toLocaleString('en')} constraints per 31-byte slot on top of the above.`, '', '![constraints](charts/constraints.svg)', '');
  } else lines.push('## Constraints', '', 'Not measured in this run.', '');
  if (results.prover?.length) {
    lines.push('## Proving: pool vs plain snarkjs.groth16.fullProve (alternating, same inputs)', '', '| circuit | pool shape | pool proofs/s | baseline proofs/s | ratio | pool median latency ms | baseline median latency ms | witness ms | prove ms | peak RSS MiB | rounds |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const p of results.prover) {
      lines.push(`| ${p.circuit} | ${p.config} | ${p.poolProofsPerSec.toFixed(3)} | ${p.baselineProofsPerSec.toFixed(3)} | ${p.ratio.toFixed(2)} | ${p.medianLatencyMs.pool.toFixed(0)} | ${p.medianLatencyMs.baseline.toFixed(0)} | ${p.witnessMs.toFixed(0)} | ${p.proveMs.toFixed(0)} | ${p.peakMemoryMiB.toFixed(0)} | ${p.rounds} |`);
    }
    lines.push('', '![proving](charts/proving.svg)', '', '![latency](charts/latency.svg)', '', '![memory](charts/memory.svg)', '');
  } else lines.push('## Proving', '', 'Not measured in this run.', '');
  if (results.gas?.length) {
    lines.push(
      '## L1 gas (submitBatches with one batch full of transfers, real proofs, anvil)',
      '',
      "| circuit | batch size | total gas | verification | snarkjs' verifier, same proof | calldata | storage, parsing, events | gas per transfer | marginal gas per transfer | calldata bytes per transfer |",
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const g of results.gas) {
      lines.push(`| ${g.circuit} | ${g.batchSize} | ${g.totalGas} | ${g.verificationGas} | ${g.snarkjsVerificationGas ?? 'n/a'} | ${g.calldataGas} | ${g.otherGas} | ${g.gasPerTransfer} | ${g.marginalGasPerTransfer ?? 'n/a'} | ${g.calldataBytesPerTransfer} |`);
    }
    lines.push('', '| circuit | batch size | batch of withdrawals: total gas | calldata | gas per withdrawal | withdrawal processing per withdrawal (beyond a transfer, calldata aside) |', '|---|---:|---:|---:|---:|---:|');
    for (const g of results.gas) {
      const w = g.withdrawals;
      lines.push(`| ${g.circuit} | ${g.batchSize} | ${w.totalGas} | ${w.calldataGas} | ${w.gasPerWithdrawal} | ${w.processingGasPerWithdrawal} |`);
    }
    if (results.gas.some((g) => g.batchesPerTx?.length)) {
      lines.push(
        '',
        '### k batches per transaction (one multi-proof check: k + 3 pairings)',
        '',
        'The same consecutive full batches of transfers, the first k submitted in one transaction from one snapshot; the baseline is k = 1, one batch per transaction.',
        '',
        '| circuit | batch size | k | total gas | verification (all k) | calldata | gas per batch | gas per transfer | per batch vs k = 1 | marginal gas per transfer |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      );
      for (const g of results.gas) {
        for (const m of g.batchesPerTx ?? []) {
          lines.push(`| ${g.circuit} | ${g.batchSize} | ${m.batchesPerTx} | ${m.totalGas} | ${m.verificationGas} | ${m.calldataGas} | ${m.gasPerBatch} | ${m.gasPerTransfer} | ${m.vsSingle.toFixed(3)} | ${m.marginalGasPerTransfer ?? 'n/a'} |`);
        }
      }
    }
    const projections = projectGas(results.gas, results.constraints?.instances ?? []);
    if (projections.length) {
      const p = projections[0]!;
      lines.push(
        '',
        `Projected, not measured (the harness does not run its dev setup): ${p.circuit}, the largest registered batch (smallest measured batch + ${p.batchSize - p.fromBatchSize} × the measured marginal gas per transfer at the same k; L1 gas does not depend on tree depth):`,
        '',
        ...projections.map((q) => `- ${q.batchesPerTx} batch${q.batchesPerTx === 1 ? '' : 'es'} per transaction: about ${q.gasPerBatch} gas per batch, ${q.gasPerTransfer} per transfer.`),
      );
    }
    lines.push('', '![gas](charts/gas.svg)', '');
  } else lines.push('## L1 gas', '', 'Not measured in this run.', '');
  if (results.setup) {
    const t = results.setup;
    lines.push('## Dev trusted setup (from an empty cache)', '', '| circuit | constraints | ptau power | compile s | dev ptau s | initial zkey s | contribution s | zkey verify s | total s |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const i of t.instances) {
      const s = i.seconds;
      lines.push(`| ${i.circuit} | ${i.constraints.toLocaleString('en')} | ${i.power} | ${s.compile.toFixed(1)} | ${s.ptau.toFixed(1)} | ${s.zkey.toFixed(1)} | ${s.contribution.toFixed(1)} | ${s.verify.toFixed(1)} | ${s.total.toFixed(1)} |`);
    }
    lines.push('', '| comparison (medians, alternating) | zkr s | snarkjs route s | ratio | rounds |', '|---|---:|---:|---:|---:|');
    lines.push(`| dev ptau 2^${t.ptau.power}: direct fixed-base vs new accumulator + contribute + prepare phase2 | ${t.ptau.directSeconds.toFixed(2)} | ${t.ptau.snarkjsSeconds.toFixed(2)} | ${t.ptau.ratio.toFixed(1)} | ${t.ptau.rounds} |`);
    if (t.initialZkey) lines.push(`| initial zkey ${t.initialZkey.circuit}: from the dev secrets vs groth16 setup (newZKey), byte-identical output | ${t.initialZkey.directSeconds.toFixed(1)} | ${t.initialZkey.snarkjsSeconds.toFixed(1)} | ${t.initialZkey.ratio.toFixed(1)} | ${t.initialZkey.rounds} |`);
    if (t.verify) lines.push(`| zkey verify ${t.verify.circuit}: against the initial zkey vs verifyFromR1cs | ${t.verify.fromInitialSeconds.toFixed(1)} | ${t.verify.fromR1csSeconds.toFixed(1)} | ${t.verify.ratio.toFixed(1)} | ${t.verify.rounds} |`);
    lines.push('');
  }
  if (results.native?.length) lines.push(...nativeMarkdown(results.native));
  if (results.notes.length) lines.push('## Notes', '', ...results.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

/** Where a run's JSON record goes: one file per machine and day. */
export function recordPath(dir: string, machine: Machine, date: string): string {
  return join(dir, 'results', `${machineId(machine)}-${date.slice(0, 10)}.json`);
}

export function writeReport(results: RunResults, dir: string): string[] {
  const charts = join(dir, 'charts');
  mkdirSync(join(dir, 'results'), { recursive: true });
  mkdirSync(charts, { recursive: true });
  const record = recordPath(dir, results.machine, results.date);
  const written = [record, join(dir, 'RESULTS.md'), join(dir, 'results', 'summary.json')];
  writeFileSync(record, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(written[1]!, markdown(results));
  writeFileSync(written[2]!, `${JSON.stringify(summary(results), null, 2)}\n`);
  const chart = (name: string, spec: Parameters<typeof renderBarChart>[0]): void => {
    const file = join(charts, `${name}.svg`);
    writeFileSync(file, renderBarChart(spec));
    written.push(file);
  };
  const c = results.constraints;
  if (c) {
    chart('constraints', {
      title: 'Constraints per transfer (one slot) vs tree depth',
      yLabel: 'constraints',
      categories: c.perSlotByDepth.map((d) => `depth ${d.depth}`),
      series: [
        { name: 'slot (multi-input)', values: c.perSlotByDepth.map((d) => d.perSlot) },
        { name: 'slot + SHA-256 input', values: c.perSlotByDepth.map((d) => d.perSlot + c.sha256PerSlot) },
      ],
    });
  }
  if (results.prover?.length) {
    chart('proving', {
      title: 'Operations proven per second: pool vs plain snarkjs',
      yLabel: 'ops/s',
      categories: results.prover.map((p) => `${p.circuit} ${p.config}`),
      series: [
        { name: 'pool', values: results.prover.map((p) => p.poolProofsPerSec * p.batchSize) },
        { name: 'snarkjs fullProve', values: results.prover.map((p) => p.baselineProofsPerSec * p.batchSize) },
      ],
    });
    chart('latency', {
      title: 'Median proof latency: pool (queued jobs) vs plain snarkjs',
      yLabel: 'ms',
      categories: results.prover.map((p) => `${p.circuit} ${p.config}`),
      series: [
        { name: 'pool', values: results.prover.map((p) => p.medianLatencyMs.pool) },
        { name: 'snarkjs fullProve', values: results.prover.map((p) => p.medianLatencyMs.baseline) },
      ],
    });
    chart('memory', {
      title: 'Peak resident memory of the benchmark process after each pool shape',
      yLabel: 'MiB',
      categories: results.prover.map((p) => `${p.circuit} ${p.config}`),
      series: [{ name: 'peak RSS', values: results.prover.map((p) => p.peakMemoryMiB) }],
    });
  }
  if (results.gas?.length) {
    chart('gas', {
      title: 'L1 gas per transfer vs batch size',
      yLabel: 'gas',
      categories: results.gas.map((g) => `batch ${g.batchSize}`),
      series: [
        { name: 'one batch per transaction', values: results.gas.map((g) => g.gasPerTransfer) },
        ...[...new Set(results.gas.flatMap((g) => (g.batchesPerTx ?? []).map((m) => m.batchesPerTx)))]
          .filter((k) => k > 1)
          .map((k) => ({ name: `${k} batches per transaction`, values: results.gas!.map((g) => g.batchesPerTx?.find((m) => m.batchesPerTx === k)?.gasPerTransfer ?? null) })),
      ],
    });
  }
  return written;
}

interface GasProjection {
  readonly circuit: string;
  readonly batchSize: number;
  readonly fromBatchSize: number;
  readonly batchesPerTx: number;
  readonly gasPerBatch: number;
  readonly gasPerTransfer: number;
}

/** Gas of the largest registered batch by linear extrapolation, when it was not measured: one
 * line per k measured (k = 1 from the one-batch rows of records that have no k rows). */
function projectGas(gas: readonly GasResult[], instances: readonly { name: string; batchSize: number }[]): GasProjection[] {
  const smallest = [...gas].sort((a, b) => a.batchSize - b.batchSize)[0];
  const largest = [...instances].sort((a, b) => b.batchSize - a.batchSize)[0];
  if (!smallest || !largest || gas.some((g) => g.batchSize >= largest.batchSize)) return [];
  const measured = smallest.batchesPerTx?.length
    ? smallest.batchesPerTx
    : [{ batchesPerTx: 1, gasPerBatch: smallest.totalGas, marginalGasPerTransfer: smallest.marginalGasPerTransfer }];
  return measured.flatMap((m) => {
    if (m.marginalGasPerTransfer === null) return [];
    const gasPerBatch = m.gasPerBatch + (largest.batchSize - smallest.batchSize) * m.marginalGasPerTransfer;
    return [{ circuit: largest.name, batchSize: largest.batchSize, fromBatchSize: smallest.batchSize, batchesPerTx: m.batchesPerTx, gasPerBatch, gasPerTransfer: Math.round(gasPerBatch / largest.batchSize) }];
  });
}
