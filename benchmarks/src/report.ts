// Turns a run's results into the committed artifacts: its JSON record, then RESULTS.md, the SVG
// charts and summary.json from the newest figures of every suite across all records (each
// section and figure names its machine and date). Everything is derived, nothing typed by hand.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine, type Machine } from './machine.js';
import { latestSuites, readRecords, recordPath, type LatestSuites, type Measured, type StoredRecord } from './records.js';
import { renderBarChart } from './svg.js';
import type { ConstraintsResult } from './suites/constraints.js';
import type { CoreResult } from './suites/core.js';
import type { LargeInstanceResult } from './suites/large.js';
import type { LinkResult } from './suites/link.js';
import type { NativeComparison } from './suites/native.js';
import type { NodeResult } from './suites/node.js';
import type { QueueResult } from './suites/queue.js';
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
  /** When this row was measured, where a run of some batch sizes merged rows of several dates. */
  readonly measuredAt?: string;
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
  readonly queue?: QueueResult;
  readonly node?: NodeResult;
  /** Compile time and peak memory of linked batches (absent in old records). */
  readonly link?: readonly LinkResult[];
  /** The largest registered instance's dev setup and one native proof (absent in old records). */
  readonly large?: LargeInstanceResult;
  readonly notes: string[];
  /** When each suite of a merged record was measured, where that differs from `date` (a suite
   * carried over from an earlier record, or re-run later the same day). */
  readonly measuredAt?: Partial<Record<string, string>>;
}

/** Where a run of some batch sizes merged gas rows of several dates: which rows are of which. */
function rowDates(gas: readonly GasResult[]): string[] {
  const dates = [...new Set(gas.map((g) => g.measuredAt).filter((d): d is string => d !== undefined))].sort();
  if (dates.length < 2) return [];
  const of = (date: string) =>
    gas
      .filter((g) => g.measuredAt === date)
      .map((g) => g.batchSize)
      .join(', ');
  return [`Rows measured on different days: ${dates.map((d) => `batch sizes ${of(d)} on ${d.slice(0, 10)}`).join('; ')}.`, ''];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** A figure of summary.json, with the machine and date it was measured on. */
function figure<T>(measured: Measured<T> | undefined, pick: (value: T) => Record<string, unknown> | undefined): Record<string, unknown> | null {
  const value = measured === undefined ? undefined : pick(measured.value);
  return measured && value ? { ...value, machine: machineLine(measured.machine), date: measured.date } : null;
}

function summary(latest: LatestSuites): Record<string, unknown> {
  // The fastest pool shape on the largest proved circuit.
  const fastestOnLargest = (rows: readonly ProverResult[]): ProverResult | undefined => {
    const largest = Math.max(...rows.map((p) => p.batchSize));
    return rows.filter((p) => p.batchSize === largest).sort((a, b) => b.ratio - a.ratio)[0];
  };
  return {
    constraintsPerTransfer: figure(latest.constraints, (c) => {
      const deepest = c.perSlotByDepth.at(-1);
      return deepest && { depth: deepest.depth, value: deepest.perSlot };
    }),
    poolVsSnarkjs: figure(latest.prover, (rows) => {
      const p = fastestOnLargest(rows);
      return (
        p && {
          circuit: p.circuit,
          config: p.config,
          poolOpsPerSec: p.poolProofsPerSec * p.batchSize,
          baselineOpsPerSec: p.baselineProofsPerSec * p.batchSize,
          ratio: p.ratio,
        }
      );
    }),
    peakMemoryMiB: figure(latest.prover, (rows) => {
      const p = fastestOnLargest(rows);
      return p && { circuit: p.circuit, value: p.peakMemoryMiB };
    }),
    // The largest batch measured, alone in its transaction.
    gasPerTransfer: figure(latest.gas, (rows) => {
      const g = rows.at(-1);
      return g && { batchSize: g.batchSize, batchesPerTx: 1, value: g.gasPerTransfer };
    }),
    // The same batch size with the most batches per transaction measured.
    gasPerTransferBatched: figure(latest.gas, (rows) => {
      const g = rows.at(-1);
      const batched = g?.batchesPerTx?.at(-1);
      return g && batched && { batchSize: g.batchSize, batchesPerTx: batched.batchesPerTx, value: batched.gasPerTransfer };
    }),
    // The largest linked batch: its compile (the link, parts cached) time and peak memory.
    largestBatch: figure(latest.link, (rows) => {
      const l = [...rows].sort((a, b) => a.constraints - b.constraints).at(-1);
      return l && { batchSize: l.batchSize, depth: l.depth, compileSeconds: round1(l.linkSeconds), compilePeakMiB: Math.round(l.linkPeakMiB) };
    }),
    calldataBytesPerTransfer: figure(latest.gas, (rows) => {
      const g = rows.at(-1);
      return g && { batchSize: g.batchSize, value: g.calldataBytesPerTransfer };
    }),
    // Proving over the PostgreSQL job queue against the local pool, 2 worker processes.
    queue: figure(latest.queue, (q) => ({
      engine: q.engine,
      overheadMsPerJob: q.overheadMsPerJob,
      workers: q.workers.map((w) => ({ workers: w.workers, proofsPerSec: w.queueProofsPerSec })),
      throughputVsPool: q.workers.at(-1)?.throughputVsPool,
    })),
    // The node end to end: operations accepted per second at the API, accept -> verified on L1.
    node: figure(latest.node, (n) => ({
      acceptedOpsPerSec: n.acceptedOpsPerSec,
      acceptToVerifiedSeconds: n.acceptToVerifiedSeconds,
      batchSize: n.batchSize,
      batchesPerTransaction: n.batchesPerTransaction,
      backend: n.backend,
    })),
    // The largest test instance's dev setup from an empty cache.
    devSetupSeconds: figure(latest.setup, (s) => {
      const setup = s.instances.at(-1);
      return setup && { circuit: setup.circuit, value: setup.seconds.total };
    }),
    nativeVsSnarkjs: figure(latest.native, nativeFigure),
  };
}

/** The native backend's speed-up per proof on the largest circuit it was measured on. */
function nativeFigure(rows: readonly NativeComparison[]): Record<string, unknown> | undefined {
  const n = rows.reduce<NativeComparison | undefined>((a, b) => (a === undefined || b.power >= a.power ? b : a), undefined);
  return n && { circuit: n.circuit, power: n.power, ratio: n.ratio, nativePeakMiB: n.nativePeakMiB, snarkjsPeakMiB: n.snarkjsPeakMiB };
}

function nativeMarkdown(measured: Measured<readonly NativeComparison[]>): string[] {
  const lines = [
    '## Native prover backend vs snarkjs (alternating, same witness)',
    '',
    measuredOn(measured),
    '',
    "Per proof: each proof in a fresh process that first loads the zkey (kept resident, as a pool worker keeps it), all cores for both; peak RSS of that process. Pool: each backend's default pool, witness included.",
    '',
    '| circuit | power | constraints | native s | snarkjs s | ratio | native peak MiB | snarkjs peak MiB | pool jobs | native pool proofs/s | snarkjs pool proofs/s | pool ratio | rounds |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const n of measured.value) {
    const p = n.pool;
    lines.push(
      `| ${n.circuit} | 2^${n.power} | ${n.constraints.toLocaleString('en')} | ${(n.nativeMs / 1000).toFixed(2)} | ${(n.snarkjsMs / 1000).toFixed(2)} | ${n.ratio.toFixed(2)} | ${n.nativePeakMiB.toFixed(0)} | ${n.snarkjsPeakMiB.toFixed(0)} | ${p?.jobs ?? 'n/a'} | ${p ? p.nativeProofsPerSec.toFixed(3) : 'n/a'} | ${p ? p.snarkjsProofsPerSec.toFixed(3) : 'n/a'} | ${p ? p.ratio.toFixed(2) : 'n/a'} | ${n.rounds} |`,
    );
  }
  lines.push('');
  return lines;
}

/** The line under a section's heading naming the run it comes from. */
function measuredOn(measured: Measured<unknown>): string {
  return `Measured on ${machineLine(measured.machine)}, ${measured.date} (${measured.mode} run; record \`results/${measured.record}\`).`;
}

function markdown(latest: LatestSuites, notes: readonly string[]): string {
  const lines = [
    `# zkr benchmark results`,
    '',
    "Each section shows the newest measurement of its suite in `results/` and names the machine and date it ran on; `results/` keeps every run's full record.",
    '',
  ];
  if (latest.core) {
    const k = latest.core.value;
    lines.push(
      '## @zkr/core',
      '',
      measuredOn(latest.core),
      '',
      '| Poseidon(4)/s | Poseidon(5)/s | EdDSA signatures/s | tree depth | accounts | bulk build s | updates/s | proofs/s |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    lines.push(
      `| ${Math.round(k.poseidon4PerSec)} | ${Math.round(k.poseidon5PerSec)} | ${k.signaturesPerSec.toFixed(1)} | ${k.tree.depth} | ${k.tree.accounts.toLocaleString('en')} | ${k.tree.buildSeconds.toFixed(1)} | ${Math.round(k.tree.updatesPerSec)} | ${Math.round(k.tree.proofsPerSec)} |`,
      '',
    );
  }
  const c = latest.constraints?.value;
  if (latest.constraints && c) {
    lines.push('## Constraints', '', measuredOn(latest.constraints), '', '| depth | per slot (= per transfer) | fixed per batch |', '|---:|---:|---:|');
    for (const d of c.perSlotByDepth) lines.push(`| ${d.depth} | ${d.perSlot.toLocaleString('en')} | ${d.fixed.toLocaleString('en')} |`);
    lines.push('', '| instance | batch | depth | constraints |', '|---|---:|---:|---:|');
    for (const i of c.instances) lines.push(`| ${i.name} | ${i.batchSize} | ${i.depth} | ${i.constraints.toLocaleString('en')} |`);
    lines.push(
      '',
      `SHA-256 public-input alternative: ${c.sha256PerSlot.toLocaleString('en')} constraints per 31-byte slot on top of the above.`,
      '',
      '![constraints](charts/constraints.svg)',
      '',
    );
  } else lines.push('## Constraints', '', 'Not measured in this run.', '');
  const prover = latest.prover?.value ?? [];
  if (latest.prover && prover.length) {
    lines.push(
      '## Proving: pool vs plain snarkjs.groth16.fullProve (alternating, same inputs)',
      '',
      measuredOn(latest.prover),
      '',
      '| circuit | pool shape | pool proofs/s | baseline proofs/s | ratio | pool median latency ms | baseline median latency ms | witness ms | prove ms | peak RSS MiB | rounds |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const p of prover) {
      lines.push(
        `| ${p.circuit} | ${p.config} | ${p.poolProofsPerSec.toFixed(3)} | ${p.baselineProofsPerSec.toFixed(3)} | ${p.ratio.toFixed(2)} | ${p.medianLatencyMs.pool.toFixed(0)} | ${p.medianLatencyMs.baseline.toFixed(0)} | ${p.witnessMs.toFixed(0)} | ${p.proveMs.toFixed(0)} | ${p.peakMemoryMiB.toFixed(0)} | ${p.rounds} |`,
      );
    }
    lines.push('', '![proving](charts/proving.svg)', '', '![latency](charts/latency.svg)', '', '![memory](charts/memory.svg)', '');
  } else lines.push('## Proving', '', 'Not measured in this run.', '');
  const gas = latest.gas?.value ?? [];
  if (latest.gas && gas.length) {
    lines.push(
      '## L1 gas (submitBatches with one batch full of transfers, real proofs, anvil)',
      '',
      measuredOn(latest.gas),
      '',
      ...rowDates(gas),
      "| circuit | batch size | total gas | verification | snarkjs' verifier, same proof | calldata | storage, parsing, events | gas per transfer | marginal gas per transfer | calldata bytes per transfer |",
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const g of gas) {
      lines.push(
        `| ${g.circuit} | ${g.batchSize} | ${g.totalGas} | ${g.verificationGas} | ${g.snarkjsVerificationGas ?? 'n/a'} | ${g.calldataGas} | ${g.otherGas} | ${g.gasPerTransfer} | ${g.marginalGasPerTransfer ?? 'n/a'} | ${g.calldataBytesPerTransfer} |`,
      );
    }
    lines.push(
      '',
      '| circuit | batch size | batch of withdrawals: total gas | calldata | gas per withdrawal | withdrawal processing per withdrawal (beyond a transfer, calldata aside) |',
      '|---|---:|---:|---:|---:|---:|',
    );
    for (const g of gas) {
      const w = g.withdrawals;
      lines.push(`| ${g.circuit} | ${g.batchSize} | ${w.totalGas} | ${w.calldataGas} | ${w.gasPerWithdrawal} | ${w.processingGasPerWithdrawal} |`);
    }
    if (gas.some((g) => g.batchesPerTx?.length)) {
      lines.push(
        '',
        '### k batches per transaction (one multi-proof check: k + 3 pairings)',
        '',
        'The same consecutive full batches of transfers, the first k submitted in one transaction from one snapshot; the baseline is k = 1, one batch per transaction.',
        '',
        '| circuit | batch size | k | total gas | verification (all k) | calldata | gas per batch | gas per transfer | per batch vs k = 1 | marginal gas per transfer |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      );
      for (const g of gas) {
        for (const m of g.batchesPerTx ?? []) {
          lines.push(
            `| ${g.circuit} | ${g.batchSize} | ${m.batchesPerTx} | ${m.totalGas} | ${m.verificationGas} | ${m.calldataGas} | ${m.gasPerBatch} | ${m.gasPerTransfer} | ${m.vsSingle.toFixed(3)} | ${m.marginalGasPerTransfer ?? 'n/a'} |`,
          );
        }
      }
    }
    const projections = projectGas(gas, c?.instances ?? []);
    if (projections.length) {
      const p = projections[0]!;
      lines.push(
        '',
        `Projected, not measured (the harness does not run its dev setup): ${p.circuit}, the largest registered batch (smallest measured batch + ${p.batchSize - p.fromBatchSize} × the measured marginal gas per transfer at the same k; L1 gas does not depend on tree depth):`,
        '',
        ...projections.map(
          (q) =>
            `- ${q.batchesPerTx} batch${q.batchesPerTx === 1 ? '' : 'es'} per transaction: about ${q.gasPerBatch} gas per batch, ${q.gasPerTransfer} per transfer.`,
        ),
      );
    }
    lines.push('', '![gas](charts/gas.svg)', '');
  } else lines.push('## L1 gas', '', 'Not measured in this run.', '');
  if (latest.link?.value.length) {
    lines.push(
      '## Linked batches: compile time and peak memory',
      '',
      measuredOn(latest.link),
      '',
      'The slot and tail parts are compiled once per depth by circom2 (cached; "parts s" is 0 when they were); the batch is linked from them in a process of its own into an empty cache.',
      '',
      '| circuit | batch size | depth | constraints | parts s | link s | link peak RSS MiB |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...latest.link.value.map(
        (l) =>
          `| ${l.circuit} | ${l.batchSize} | ${l.depth} | ${l.constraints.toLocaleString('en')} | ${l.partsSeconds.toFixed(1)} | ${l.linkSeconds.toFixed(1)} | ${l.linkPeakMiB.toFixed(0)} |`,
      ),
      '',
    );
  }
  if (latest.large) {
    const l = latest.large.value;
    lines.push(
      '## The largest instance: dev setup and one native proof',
      '',
      measuredOn(latest.large),
      '',
      'Each in a process of its own (peak RSS its own); the setup from the dev secrets alone (native, no ptau file, docs/protocol.md §7.8), the circuit already linked; the proof of a batch full of signed transfers, the zkey loaded first.',
      '',
      '| circuit | batch size | depth | constraints | domain | setup s | setup peak MiB | witness s | native proof s | proof peak MiB |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${l.circuit} | ${l.batchSize} | ${l.depth} | ${l.constraints.toLocaleString('en')} | 2^${l.power} | ${l.setupSeconds.toFixed(0)} | ${l.setupPeakMiB.toFixed(0)} | ${l.witnessSeconds.toFixed(0)} | ${l.proveSeconds.toFixed(0)} | ${l.provePeakMiB.toFixed(0)} |`,
      '',
    );
  }
  if (latest.setup) {
    const t = latest.setup.value;
    lines.push(
      '## Dev trusted setup (from an empty cache)',
      '',
      measuredOn(latest.setup),
      '',
      '| circuit | constraints | ptau power | compile s | dev ptau s | initial zkey s | contribution s | zkey verify s | total s |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const i of t.instances) {
      const s = i.seconds;
      lines.push(
        `| ${i.circuit} | ${i.constraints.toLocaleString('en')} | ${i.power} | ${s.compile.toFixed(1)} | ${s.ptau.toFixed(1)} | ${s.zkey.toFixed(1)} | ${s.contribution.toFixed(1)} | ${s.verify.toFixed(1)} | ${s.total.toFixed(1)} |`,
      );
    }
    lines.push('', '| comparison (medians, alternating) | zkr s | snarkjs route s | ratio | rounds |', '|---|---:|---:|---:|---:|');
    lines.push(
      `| dev ptau 2^${t.ptau.power}: direct fixed-base vs new accumulator + contribute + prepare phase2 | ${t.ptau.directSeconds.toFixed(2)} | ${t.ptau.snarkjsSeconds.toFixed(2)} | ${t.ptau.ratio.toFixed(1)} | ${t.ptau.rounds} |`,
    );
    if (t.initialZkey)
      lines.push(
        `| initial zkey ${t.initialZkey.circuit}: from the dev secrets vs groth16 setup (newZKey), byte-identical output | ${t.initialZkey.directSeconds.toFixed(1)} | ${t.initialZkey.snarkjsSeconds.toFixed(1)} | ${t.initialZkey.ratio.toFixed(1)} | ${t.initialZkey.rounds} |`,
      );
    if (t.verify)
      lines.push(
        `| zkey verify ${t.verify.circuit}: against the initial zkey vs verifyFromR1cs | ${t.verify.fromInitialSeconds.toFixed(1)} | ${t.verify.fromR1csSeconds.toFixed(1)} | ${t.verify.ratio.toFixed(1)} | ${t.verify.rounds} |`,
      );
    lines.push('');
  }
  if (latest.native) lines.push(...nativeMarkdown(latest.native));
  if (latest.queue) {
    const q = latest.queue.value;
    lines.push(
      '## Proving across machines: the job queue vs the local pool (same proofs)',
      '',
      measuredOn(latest.queue),
      '',
      `${q.engine}; ${q.circuit}, ${q.jobsPerRound} jobs submitted at once per round, medians of ${q.rounds} alternating rounds. Queue overhead per job, one job at a time on one worker: **${q.overheadMsPerJob.toFixed(0)} ms** (${q.queueMsPerJob.toFixed(0)} vs ${q.poolMsPerJob.toFixed(0)} ms per proof); with the jobs submitted all at once the difference is ${q.backlogDeltaMsPerJob.toFixed(0)} ms per job. The database alone moves ${q.emptyJobsPerSec.toLocaleString('en')} empty jobs/s.`,
      '',
      '| workers (queue: processes; pool: threads) | queue proofs/s | pool proofs/s | queue / pool |',
      '|---:|---:|---:|---:|',
      ...q.workers.map((w) => `| ${w.workers} | ${w.queueProofsPerSec.toFixed(3)} | ${w.poolProofsPerSec.toFixed(3)} | ${w.throughputVsPool.toFixed(2)} |`),
      '',
      `Expected with N machines like this one (model: ${q.model}):`,
      '',
      '| machines | proofs/s |',
      '|---:|---:|',
      ...q.expected.map((e) => `| ${e.machines} | ${e.proofsPerSec} |`),
      '',
    );
  }
  if (latest.node) {
    const n = latest.node.value;
    lines.push(
      '## The node: HTTP intake to verified on L1',
      '',
      measuredOn(latest.node),
      '',
      `${n.operations} signed transfers posted by ${n.clients} concurrent clients (signed beforehand) to \`@zkr/node\` on an embedded anvil; ${n.circuit}, ${n.batchesPerTransaction} batches per L1 transaction, ${n.backend} prover pool, ${n.store} store.`,
      '',
      '| accepted ops/s at the API | accept -> verified, median s | accept -> verified, max s |',
      '|---:|---:|---:|',
      `| ${n.acceptedOpsPerSec} | ${n.acceptToVerifiedSeconds} | ${n.maxAcceptToVerifiedSeconds} |`,
      '',
    );
  }
  if (notes.length) lines.push('## Notes', '', ...notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

/** The notes of the records the shown suites come from, each once. */
function notesOf(latest: LatestSuites, records: readonly StoredRecord[]): string[] {
  const used = new Set(Object.values(latest).map((m) => m.record));
  return [...new Set(records.filter((r) => used.has(r.file)).flatMap((r) => r.results.notes))];
}

/** Writes the run's record, then RESULTS.md, summary.json and the charts from every record in
 * `dir` (this one included). */
export function writeReport(results: RunResults, dir: string): string[] {
  mkdirSync(join(dir, 'results'), { recursive: true });
  const record = recordPath(dir, results.machine, results.date);
  writeFileSync(record, `${JSON.stringify(results, null, 2)}\n`);
  return [record, ...renderReport(dir)];
}

/** RESULTS.md, summary.json and the charts from the records in `dir`/results. */
export function renderReport(dir: string): string[] {
  const charts = join(dir, 'charts');
  mkdirSync(charts, { recursive: true });
  const written = [join(dir, 'RESULTS.md'), join(dir, 'results', 'summary.json')];
  const records = readRecords(dir);
  const latest = latestSuites(records);
  writeFileSync(written[0]!, markdown(latest, notesOf(latest, records)));
  writeFileSync(written[1]!, `${JSON.stringify(summary(latest), null, 2)}\n`);
  const chart = (name: string, spec: Parameters<typeof renderBarChart>[0]): void => {
    const file = join(charts, `${name}.svg`);
    writeFileSync(file, renderBarChart(spec));
    written.push(file);
  };
  const c = latest.constraints?.value;
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
  const prover = latest.prover?.value ?? [];
  if (prover.length) {
    chart('proving', {
      title: 'Operations proven per second: pool vs plain snarkjs',
      yLabel: 'ops/s',
      categories: prover.map((p) => `${p.circuit} ${p.config}`),
      series: [
        { name: 'pool', values: prover.map((p) => p.poolProofsPerSec * p.batchSize) },
        { name: 'snarkjs fullProve', values: prover.map((p) => p.baselineProofsPerSec * p.batchSize) },
      ],
    });
    chart('latency', {
      title: 'Median proof latency: pool (queued jobs) vs plain snarkjs',
      yLabel: 'ms',
      categories: prover.map((p) => `${p.circuit} ${p.config}`),
      series: [
        { name: 'pool', values: prover.map((p) => p.medianLatencyMs.pool) },
        { name: 'snarkjs fullProve', values: prover.map((p) => p.medianLatencyMs.baseline) },
      ],
    });
    chart('memory', {
      title: 'Peak resident memory of the benchmark process after each pool shape',
      yLabel: 'MiB',
      categories: prover.map((p) => `${p.circuit} ${p.config}`),
      series: [{ name: 'peak RSS', values: prover.map((p) => p.peakMemoryMiB) }],
    });
  }
  const gas = latest.gas?.value ?? [];
  if (gas.length) {
    chart('gas', {
      title: 'L1 gas per transfer vs batch size',
      yLabel: 'gas',
      categories: gas.map((g) => `batch ${g.batchSize}`),
      series: [
        { name: 'one batch per transaction', values: gas.map((g) => g.gasPerTransfer) },
        ...[...new Set(gas.flatMap((g) => (g.batchesPerTx ?? []).map((m) => m.batchesPerTx)))]
          .filter((k) => k > 1)
          .map((k) => ({
            name: `${k} batches per transaction`,
            values: gas.map((g) => g.batchesPerTx?.find((m) => m.batchesPerTx === k)?.gasPerTransfer ?? null),
          })),
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
    return [
      {
        circuit: largest.name,
        batchSize: largest.batchSize,
        fromBatchSize: smallest.batchSize,
        batchesPerTx: m.batchesPerTx,
        gasPerBatch,
        gasPerTransfer: Math.round(gasPerBatch / largest.batchSize),
      },
    ];
  });
}
