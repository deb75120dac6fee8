// Progress (issue 16): a bar with its total on a terminal, numbered plain lines elsewhere,
// nothing under --json; the totals the commands give and the stage tracking of setup.
import { Writable } from 'node:stream';
import type { Output } from '../src/io.js';
import { stageTracker, startProgress } from '../src/progress.js';

class Captured extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const human: Output = { json: false, info() {}, result() {} };
const json: Output = { ...human, json: true };
// cli-progress redraws a terminal bar with cursor moves; what matters is the last state drawn.
// biome-ignore lint/suspicious/noControlCharactersInRegex: splitting at the terminal's escape sequences is the point
const FRAME_BREAK = /\r|\u001b(?:\[[0-9;?]*[A-Za-z]|[78])/;
const lastFrame = (text: string): string =>
  text
    .split(FRAME_BREAK)
    .filter((s) => s.trim() !== '')
    .at(-1) ?? '';

test('not a terminal: a title with the total, then one numbered line per step', () => {
  const stream = new Captured(false);
  const progress = startProgress(human, 'submit', { total: 3, stream });
  progress.tick('proved a batch with batch_2_d8');
  progress.note('sending');
  progress.tick('proved a batch with batch_2_d8');
  progress.tick('verified on L1');
  progress.stop();
  expect(stream.text).toBe(
    'submit (3 steps)\n  [1/3] proved a batch with batch_2_d8\n  sending\n  [2/3] proved a batch with batch_2_d8\n  [3/3] verified on L1\n',
  );
  expect([progress.done, progress.total]).toEqual([3, 3]);
});

test('a terminal: a bar that ends at its total, with an ETA', () => {
  const stream = new Captured(true);
  const progress = startProgress(human, 'compile', { total: 2, stream });
  progress.tick('batch_1_d8');
  progress.tick('batch_2_d8');
  progress.stop();
  expect(lastFrame(stream.text)).toMatch(/^compile \[[█░]+\] 2\/2 \| ETA \S+ \| batch_2_d8/);
  expect(stream.text).not.toContain('0/0');
});

test('a terminal with no known total gets plain lines: an empty bar says nothing', () => {
  const stream = new Captured(true);
  const progress = startProgress(human, 'bench', { stream });
  progress.note('core hashing');
  progress.stop();
  expect(stream.text).toBe('bench\n  core hashing\n');
});

test('--json: nothing is written, the counts still hold', () => {
  const stream = new Captured(true);
  const progress = startProgress(json, 'prove', { total: 2, stream });
  progress.tick();
  progress.stop();
  expect(stream.text).toBe('');
  expect([progress.done, progress.total]).toEqual([1, 2]);
});

test('setup stages: expected stages fill the total, unexpected work grows it, and the bar ends full', () => {
  const stream = new Captured(false);
  const progress = startProgress(human, 'setup batch_1_d8', { total: 3, stream });
  const stages = stageTracker(progress, ['groth16 setup', 'phase-2 contribution', 'verifying the zkey']);
  for (const message of [
    'generating INSECURE dev powers of tau 2^8',
    'dev ptau 2^8: power sections',
    'groth16 setup of batch_1_d8',
    'phase-2 contribution',
    'verifying the zkey against the initial zkey and the ptau',
  ]) {
    stages.onMessage(message);
  }
  stages.finish();
  expect([progress.done, progress.total]).toEqual([5, 5]);
  expect(stream.text.split('\n').filter((l) => /^\s+\[\d\/\d\]$/.test(l))).toHaveLength(5);
});
