// Progress for long work (compile, setup, proving, submit): a bar with its total and ETA when the
// stream is a terminal, plain numbered lines otherwise, nothing under --json. Work without a
// known total (total 0) is plain lines everywhere: a bar with nothing to fill says nothing.
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import type { SingleBar } from 'cli-progress';
import type { Output } from './io.js';

export interface Progress {
  /** Units of work the bar fills, as known now. */
  readonly total: number;
  /** Units done. */
  readonly done: number;
  /** One unit done; `message` says what. */
  tick(message?: string): void;
  /** What is happening now, without a unit done. */
  note(message: string): void;
  /** Work found on the way (e.g. a dev ptau to generate before a setup). */
  addToTotal(units: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Units of work; 0 when unknown. */
  readonly total?: number;
  /** Where to draw (default stderr, which keeps stdout for results). */
  readonly stream?: Writable & { isTTY?: boolean };
}

// cli-progress is loaded on first draw, not when zkr starts (see lazy.ts).
const load = (): typeof import('cli-progress') => createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');

function drawnBar(title: string, total: number, stream: Writable): SingleBar {
  const cliProgress = load();
  const bar = new cliProgress.SingleBar(
    { stream, format: `${title} [{bar}] {value}/{total} | ETA {eta_formatted} | {step}`, hideCursor: true, etaBuffer: 4, etaAsynchronousUpdate: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { step: '' });
  return bar;
}

export function startProgress(output: Output, title: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  let total = options.total ?? 0;
  let done = 0;
  const counted = {
    get total() {
      return total;
    },
    get done() {
      return done;
    },
  };
  if (output.json) {
    return Object.assign(counted, {
      tick: () => {
        done++;
      },
      note() {},
      addToTotal: (n: number) => {
        total += n;
      },
      stop() {},
    });
  }
  if (stream.isTTY !== true || total === 0) {
    const line = (text: string) => stream.write(`${text}\n`);
    line(total === 0 ? title : `${title} (${total} steps)`);
    return Object.assign(counted, {
      tick: (message?: string) => {
        done++;
        line(`  [${done}/${total === 0 ? '?' : total}]${message === undefined ? '' : ` ${message}`}`);
      },
      note: (message: string) => line(`  ${message}`),
      addToTotal: (n: number) => {
        total += n;
      },
      stop() {},
    });
  }
  const bar = drawnBar(title, total, stream);
  return Object.assign(counted, {
    tick: (message?: string) => {
      done++;
      bar.increment(1, message === undefined ? {} : { step: message });
    },
    note: (message: string) => bar.update({ step: message }),
    addToTotal: (n: number) => {
      total += n;
      bar.setTotal(total);
    },
    stop: () => bar.stop(),
  });
}

/**
 * Feeds a library's free-form progress messages into `progress`, whose total counts the `expected`
 * stages: each message starts a stage and ends the one before; a message starting none of them
 * (a compile or a dev ptau the library found it must do first) is work found on the way and grows
 * the total. finish() ends the last stage, so the bar ends full.
 */
export function stageTracker(progress: Progress, expected: readonly string[]): { onMessage(message: string): void; finish(): void } {
  let open = false;
  return {
    onMessage(message) {
      if (!expected.some((stage) => message.startsWith(stage))) progress.addToTotal(1);
      if (open) progress.tick();
      open = true;
      progress.note(message);
    },
    finish() {
      if (open) progress.tick();
      open = false;
    },
  };
}
