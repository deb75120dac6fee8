// The committed benchmark records: one JSON file per machine and day under results/. A run
// writes its own record; RESULTS.md and summary.json then show, for each suite, the newest
// measurement found in any record, with its machine and date, so that no run, partial or on
// another machine, erases another suite's figures.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { machineId, type Machine } from './machine.js';
import type { GasResult, RunResults } from './report.js';

export const SUITES = ['setup', 'core', 'constraints', 'prover', 'gas', 'native', 'queue', 'node', 'link', 'large'] as const;
/** What a run without --suite measures: all but 'large' (its 2^23 setup and proof take an hour here). */
export const DEFAULT_SUITES: readonly Suite[] = SUITES.filter((suite) => suite !== 'large');
export type Suite = (typeof SUITES)[number];

/** Where a run's JSON record goes: one file per machine and day. */
export function recordPath(dir: string, machine: Machine, date: string): string {
  return join(dir, 'results', `${machineId(machine)}-${date.slice(0, 10)}.json`);
}

export interface StoredRecord {
  /** The record's file name under results/. */
  readonly file: string;
  readonly results: RunResults;
}

const RECORD_NAME = /^.+-\d{4}-\d{2}-\d{2}\.json$/;

/** Every run record under `dir`/results (summary.json is not one). */
export function readRecords(dir: string): StoredRecord[] {
  const results = join(dir, 'results');
  if (!existsSync(results)) return [];
  return readdirSync(results)
    .filter((name) => RECORD_NAME.test(name))
    .sort()
    .map((file) => ({ file, results: JSON.parse(readFileSync(join(results, file), 'utf8')) as RunResults }));
}

/** A suite's figures with the run they come from. */
export interface Measured<T> {
  readonly value: T;
  readonly machine: Machine;
  readonly date: string;
  readonly mode: RunResults['mode'];
  readonly record: string;
}

export type LatestSuites = { readonly [S in Suite]?: Measured<NonNullable<RunResults[S]>> };

/** For each suite, its newest full-mode measurement in `records` (a quick run's only where no
 * full run measured the suite: quick figures come from toy sizes). */
export function latestSuites(records: readonly StoredRecord[]): LatestSuites {
  const latest: Partial<Record<Suite, Measured<unknown>>> = {};
  for (const suite of SUITES) {
    const rank = ({ results }: StoredRecord): string => `${results.mode === 'full' ? 1 : 0}${measuredAt(results, suite)}`;
    const holding = records.filter((r) => r.results[suite] !== undefined);
    const newest = holding.sort((a, b) => rank(a).localeCompare(rank(b))).at(-1);
    if (newest === undefined) continue;
    const { machine, mode } = newest.results;
    latest[suite] = { value: newest.results[suite], machine, date: measuredAt(newest.results, suite), mode, record: newest.file };
  }
  return latest as LatestSuites;
}

/** When `suite` of `results` was measured. */
export function measuredAt(results: RunResults, suite: Suite): string {
  return results.measuredAt?.[suite] ?? results.date;
}

/** The newest record of this machine from `date`'s day or before, if any (records are named
 * by machine and day, so the names sort by date). */
function newestRecord(outDir: string, measured: RunResults): string | undefined {
  const today = basename(recordPath(outDir, measured.machine, measured.date));
  const prefix = today.slice(0, -'YYYY-MM-DD.json'.length);
  const names = readRecords(outDir)
    .map((r) => r.file)
    .filter((n) => n.startsWith(prefix) && /^\d{4}-\d{2}-\d{2}\.json$/.test(n.slice(prefix.length)) && n <= today);
  const newest = names.at(-1);
  return newest === undefined ? undefined : join(outDir, 'results', newest);
}

/** A partial run replaces its suites in the newest record of the same machine and keeps the
 * rest, with one note per re-run suite saying when. A record of an earlier day is carried into
 * today's, with a note naming it (its own file stays as it was). */
export function mergeIntoRecord(
  measured: RunResults,
  suites: readonly Suite[],
  outDir: string,
  /** Given, the gas rows are merged (earlier rows, then this run's) instead of replaced. */
  mergeGas?: (previous: readonly GasResult[], now: readonly GasResult[]) => GasResult[],
): RunResults {
  const file = newestRecord(outDir, measured);
  if (file === undefined) return measured;
  const previous = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  const dated = (rows: readonly GasResult[], date: string) => rows.map((row) => ({ ...row, measuredAt: row.measuredAt ?? date }));
  const merged = (suite: Suite): unknown =>
    suite === 'gas' && mergeGas && measured.gas
      ? mergeGas(dated(previous.gas ?? [], measuredAt(previous, 'gas')), dated(measured.gas, measured.date))
      : measured[suite];
  const replaced = Object.fromEntries(suites.map((suite) => [suite, merged(suite)]));
  const remeasured = (suite: Suite): string => `${suite} measured again at `;
  const command = `\`node dist/run.js --suite ${suites.join(',')}${measured.mode === 'quick' ? ' --quick' : ''}\``;
  const notes = [
    ...previous.notes.filter((n) => !suites.some((suite) => n.startsWith(remeasured(suite)))),
    ...suites.map((suite) => `${remeasured(suite)}${measured.date} (${command}).`),
  ];
  const kept = SUITES.filter((suite) => !suites.includes(suite) && previous[suite] !== undefined);
  // Every suite keeps the date it was measured, whichever record carries it.
  const dates = Object.fromEntries([...kept.map((suite) => [suite, measuredAt(previous, suite)]), ...suites.map((suite) => [suite, measured.date])]);
  if (previous.date.slice(0, 10) === measured.date.slice(0, 10)) return { ...previous, ...replaced, machine: measured.machine, notes, measuredAt: dates };
  const carried = kept.length === 0 ? [] : [`${kept.join(', ')} carried over from results/${basename(file)} (a ${previous.mode} run of ${previous.date}).`];
  return {
    ...previous,
    ...replaced,
    machine: measured.machine,
    date: measured.date,
    notes: [...notes.filter((n) => !n.includes(' carried over from ')), ...carried],
    measuredAt: dates,
  };
}
