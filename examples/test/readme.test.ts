// The README shows the complete example as it is: its block after the marker comment is
// examples/src/quickstart.ts byte for byte, so the example users read is the one that is tested.
import { readFileSync } from 'node:fs';

const README = new URL('../../README.md', import.meta.url);
const PROGRAM = new URL('../src/quickstart.ts', import.meta.url);
const MARKER = '<!-- the file examples/src/quickstart.ts';

/** The body of the first ```ts block after `marker` in `markdown`. */
function blockAfter(markdown: string, marker: string): string {
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no "${marker}" marker`);
  const open = markdown.indexOf('```ts\n', at);
  const close = markdown.indexOf('\n```\n', open);
  if (open < 0 || close < 0) throw new Error('README.md: no ```ts block after the example marker');
  return markdown.slice(open + '```ts\n'.length, close + 1);
}

test("the README's example block is examples/src/quickstart.ts", () => {
  const shown = blockAfter(readFileSync(README, 'utf8'), MARKER);
  // On a difference: copy examples/src/quickstart.ts into the README's block (or the other way).
  expect(shown).toBe(readFileSync(PROGRAM, 'utf8'));
});
