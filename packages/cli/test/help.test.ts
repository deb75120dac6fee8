// --help answers at once (issue 16): starting zkr loads commander and the CLI's own modules, not
// the packages its commands run (core, circuits, contracts, prover, queue, ethers, snarkjs).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEV_CHAIN_IDS } from '@zkr/sdk';
import { DEV_CHAINS_HELP } from '../src/commands/deploy.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const LOG_LOADS = fileURLToPath(new URL('./fixtures/log-loads.mjs', import.meta.url));
const CLI_DIST = new URL('../dist/', import.meta.url).href;
/** Light packages startup may load: argument parsing, EIP-55 address checks, core's error tree
 * (@zkr/core/errors, which imports nothing), and @zkr/sdk/codec
 * (the option parsers; it loads no ethers, and none of the sdk's other modules). */
const SDK_CODEC = ['codec.js', 'batchPlan.js', 'operations.js', 'fields.js'].map((file) => `/sdk/dist/${file}`);
const ALLOWED_PACKAGES = ['/commander/', '/@noble/hashes/', '/core/dist/errors.js', ...SDK_CODEC];

function loadedBy(args: string[]): string[] {
  const ran = spawnSync(process.execPath, ['--import', LOG_LOADS, BIN, ...args], { encoding: 'utf8' });
  expect(ran.status).toBe(0);
  return ran.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED '))
    .map((line) => line.slice('LOADED '.length))
    .filter((url) => !url.startsWith('node:') && !url.startsWith('data:') && !url.startsWith(CLI_DIST));
}

test.each(['--help', 'sign transfer --help', 'submit --help', 'deploy --help', 'keygen --help', 'node --help', '--json node --help'])(
  'zkr %s loads only commander and @noble/hashes',
  (args) => {
    const heavy = loadedBy(args.split(' ')).filter((url) => !ALLOWED_PACKAGES.some((p) => url.includes(p)));
    expect(heavy).toEqual([]);
  },
);

test("deploy --help names the development chains as @zkr/sdk's DEV_CHAIN_IDS holds them", () => {
  expect(DEV_CHAINS_HELP).toBe([...DEV_CHAIN_IDS].join(', '));
  const help = spawnSync(process.execPath, [BIN, 'deploy', '--help'], { encoding: 'utf8' }).stdout;
  expect(help).toContain(`not a development chain (${DEV_CHAINS_HELP})`);
});

test('every command and subcommand has an example in its --help', () => {
  const help = (args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--help'], { encoding: 'utf8' }).stdout;
  const commandsOf = (text: string) =>
    [...(text.split('Commands:')[1]?.matchAll(/^ {2}([a-z][a-z0-9-]*)/gm) ?? [])].map((m) => m[1]!).filter((c) => c !== 'help');
  const all = commandsOf(help([])).flatMap((c) => [[c], ...commandsOf(help([c])).map((sub) => [c, sub])]);
  expect(all.length).toBeGreaterThan(20);
  const missing = all.filter((c) => !/Examples?:\n(?: {2}\$ .*\n)* {2}\$ (\S+=\S+ )?zkr /.test(help(c))).map((c) => c.join(' '));
  expect(missing).toEqual([]);
}, 120_000);
