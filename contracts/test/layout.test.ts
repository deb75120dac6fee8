// The contract's batch layout is @zkr/core's: the build generates sol/generated/Layout.sol from
// core (scripts/layout-sol.mjs), and this test holds each generated constant to core's definition
// and the fixed sources to using them instead of copies of their values (docs/protocol.md §6.1).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHUNK_BYTES, OP_LENGTH, OpType, PUBLIC_SCALAR_SIGNALS, PUBLIC_SIGNALS_BEFORE_CHUNKS, publicSignalIndex } from '@zkr/core';

const SOL_DIR = fileURLToPath(new URL('../sol/', import.meta.url));
const WORD = 32;

const constants = new Map(
  [...readFileSync(`${SOL_DIR}generated/Layout.sol`, 'utf8').matchAll(/^uint(?:8|256) constant (\w+) = (0x[0-9a-f]+|\d+);$/gm)].map((m) => [
    m[1]!,
    BigInt(m[2]!),
  ]),
);
const constant = (name: string): bigint => {
  const value = constants.get(name);
  if (value === undefined) throw new Error(`Layout.sol has no constant ${name}`);
  return value;
};
const upperSnake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

test("the public inputs before the chunks, and where each one is, are core's", () => {
  expect(constant('PUBLIC_INPUTS_BEFORE_CHUNKS')).toBe(BigInt(PUBLIC_SIGNALS_BEFORE_CHUNKS));
  for (const name of PUBLIC_SCALAR_SIGNALS) expect([name, constant(`INPUT_${upperSnake(name)}`)]).toEqual([name, BigInt(WORD * publicSignalIndex(name))]);
  expect(constant('INPUT_CHUNKS')).toBe(BigInt(WORD * PUBLIC_SIGNALS_BEFORE_CHUNKS));
  // Rollup writes oldRoot at a batch's first input word without adding its offset.
  expect(publicSignalIndex('oldRoot')).toBe(0);
});

test("op codes, op lengths and the chunk size are core's", () => {
  for (const [name, code] of Object.entries(OpType)) expect([name, constant(`OP_${upperSnake(name)}`)]).toEqual([name, BigInt(code)]);
  const opBits = constant('OP_BITS');
  for (let type = 0; type < 32; type++) {
    const length = OP_LENGTH[type as keyof typeof OP_LENGTH];
    expect([type, (opBits >> BigInt(8 * type)) & 0xffn]).toEqual([type, BigInt(8 * (length ?? 0))]);
  }
  expect(constant('CHUNK_BYTES')).toBe(BigInt(CHUNK_BYTES));
  expect(constant('CHUNK_TYPE_SHIFT')).toBe(BigInt(8 * (CHUNK_BYTES - 1)));
  expect(constant('CHUNK_PAD_BITS')).toBe(BigInt(8 * (WORD - CHUNK_BYTES)));
  const set = (...types: number[]): bigint => types.reduce((s, t) => s | (1n << BigInt(t)), 0n);
  expect(constant('PRIORITY_TYPES')).toBe(set(OpType.Deposit, OpType.ForcedExit));
  expect(constant('CREDIT_TYPES')).toBe(set(OpType.Withdraw, OpType.ForcedExit));
  // Rollup._nextCredit finds both credit types by one range check from OP_WITHDRAW.
  expect(OpType.ForcedExit).toBe(OpType.Withdraw + 1);
});

test('the fixed Solidity sources keep no copy of the layout: they import it', () => {
  const sources = readdirSync(SOL_DIR)
    .filter((f) => f.endsWith('.sol'))
    .map((f) => [f, readFileSync(SOL_DIR + f, 'utf8')] as const);
  const copies = [/\b6 \+ batchSize/, /add\(6, batchSize\)/, /\bconstant (OP_|PUBLIC_INPUTS_BEFORE|CHUNK_|PRIORITY_TYPES|CREDIT_TYPES)/, /0xa0f8702008/];
  for (const [file, source] of sources) for (const copy of copies) expect([file, copy.test(source)]).toEqual([file, false]);
  expect(readFileSync(`${SOL_DIR}Rollup.sol`, 'utf8')).toContain('from "./generated/Layout.sol"');
});
