// The contract's surface (issue 16): IRollup declares every external function, error and event of
// Rollup, each with NatSpec; and the storage words the gas figures of docs/protocol.md §9 rely on
// (issue 17) stay single words. Compiled with solc directly, for its documentation and storage
// layout outputs; no chain needed.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

const SOL_DIR = fileURLToPath(new URL('../sol/', import.meta.url));

interface AbiEntry {
  readonly type: string;
  readonly name?: string;
  readonly inputs?: readonly { readonly type: string; readonly components?: readonly unknown[] }[];
}
interface Doc {
  readonly methods?: Record<string, { notice?: string; details?: string }>;
  readonly errors?: Record<string, { notice?: string; details?: string }[]>;
  readonly events?: Record<string, { notice?: string; details?: string }>;
}
interface StorageLayout {
  readonly storage: readonly { label: string; slot: string; type: string }[];
  readonly types: Record<string, { numberOfBytes: string; value?: string; members?: readonly { label: string; slot: string }[] }>;
}
interface Compiled {
  readonly abi: AbiEntry[];
  readonly userdoc: Doc;
  readonly devdoc: Doc;
  readonly storageLayout: StorageLayout;
}

let rollup: Compiled;
let iface: Compiled;
beforeAll(() => {
  // The fixed sources and the layout constants the build generates (scripts/layout-sol.mjs).
  const files = [...readdirSync(SOL_DIR).filter((f) => f.endsWith('.sol')), 'generated/Layout.sol'];
  const sources = Object.fromEntries(files.map((f) => [f, { content: readFileSync(SOL_DIR + f, 'utf8') }]));
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'userdoc', 'devdoc', 'storageLayout'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, Compiled>>;
  };
  const problems = (output.errors ?? []).filter((e) => e.severity !== 'info');
  expect(problems.map((e) => e.formattedMessage)).toEqual([]); // no error, no warning
  rollup = output.contracts['Rollup.sol']!['Rollup']!;
  iface = output.contracts['IRollup.sol']!['IRollup']!;
});

/** A tuple's canonical type, as in a signature: (t1,t2,...). */
function typeOf(input: { readonly type: string; readonly components?: readonly unknown[] }): string {
  if (!input.type.startsWith('tuple')) return input.type;
  const components = (input.components ?? []) as { type: string; components?: unknown[] }[];
  return `(${components.map(typeOf).join(',')})${input.type.slice('tuple'.length)}`;
}
const signature = (e: AbiEntry): string => `${e.name}(${(e.inputs ?? []).map(typeOf).join(',')})`;
const surface = (c: Compiled, type: string): string[] =>
  c.abi
    .filter((e) => e.type === type)
    .map(signature)
    .sort();

test.each(['function', 'error', 'event'])('IRollup declares every %s of Rollup, and nothing else', (type) => {
  expect(surface(rollup, type).length).toBeGreaterThan(0);
  expect(surface(iface, type)).toEqual(surface(rollup, type));
});

test('every function, error and event of IRollup has NatSpec', () => {
  const documented = (doc: { notice?: string; details?: string } | undefined): boolean => Boolean(doc?.notice?.trim() || doc?.details?.trim());
  const missing = [
    ...surface(iface, 'function').filter((s) => !documented(iface.userdoc.methods?.[s]) && !documented(iface.devdoc.methods?.[s])),
    ...surface(iface, 'error').filter((s) => !(iface.userdoc.errors?.[s] ?? []).some(documented)),
    ...surface(iface, 'event').filter((s) => !documented(iface.userdoc.events?.[s]) && !documented(iface.devdoc.events?.[s])),
  ];
  expect(missing).toEqual([]);
});

test('every state-changing function says who may call it and what it reverts with', () => {
  const changing = iface.abi.filter((e) => e.type === 'function' && !['view', 'pure'].includes((e as { stateMutability?: string }).stateMutability ?? ''));
  const undocumented = changing.map(signature).filter((s) => {
    const details = iface.devdoc.methods?.[s]?.details ?? '';
    return !/(only|Anyone)/i.test(details) || !(/Rollup__\w+/.test(details) || /Reverts/.test(details));
  });
  expect(undocumented).toEqual([]);
});

describe('storage words (gas, docs/protocol.md §7.2 and §9)', () => {
  const variable = (label: string) => rollup.storageLayout.storage.find((s) => s.label === label)!;
  const bytesOf = (type: string): number => Number(rollup.storageLayout.types[type]!.numberOfBytes);

  test('the batch number, consumed priority count, next account index and frozen flag share one word', () => {
    const progress = variable('progress');
    expect(bytesOf(progress.type)).toBe(32);
    expect(rollup.storageLayout.types[progress.type]!.members!.map((m) => [m.label, m.slot])).toEqual([
      ['batchNumber', '0'],
      ['consumedPriority', '0'],
      ['nextAccountIndex', '0'],
      ['frozen', '0'],
    ]);
  });

  test("an account's owner and token share one word", () => {
    const accounts = variable('accounts');
    const record = rollup.storageLayout.types[accounts.type]!.value!;
    expect(bytesOf(record)).toBe(32);
    expect(rollup.storageLayout.types[record]!.members!.map((m) => [m.label, m.slot])).toEqual([
      ['owner', '0'],
      ['tokenId', '0'],
    ]);
  });
});
