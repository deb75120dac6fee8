// Progress for long work (compile, setup, proving): a live bar on a terminal, plain lines
// otherwise, nothing under --json.
import cliProgress from 'cli-progress';
import type { Output } from './io.js';

export interface Progress {
  step(message: string): void;
  stop(): void;
}

export function startProgress(output: Output, title: string, total = 0): Progress {
  if (output.json) return { step() {}, stop() {} };
  if (!process.stderr.isTTY || total === 0) {
    output.info(title);
    return { step: (m) => output.info(`  ${m}`), stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${title} [{bar}] {value}/{total} {step}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { step: '' });
  return {
    step: (m) => bar.increment(1, { step: m }),
    stop: () => bar.stop(),
  };
}
