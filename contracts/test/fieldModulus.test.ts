// The field modulus is defined once, as @zkr/core's FIELD_MODULUS; the Solidity sources keep
// their own constant (a library constant cannot be imported from TypeScript), so this test holds
// each one to core's (the generated verifiers write core's value: batchVerifier.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIELD_MODULUS } from '@zkr/core';

const SOL_DIR = fileURLToPath(new URL('../sol/', import.meta.url));

const scalarFieldConstants = (source: string): bigint[] => [...source.matchAll(/constant\s+R\s*=\s*(\d+)\s*;/g)].map((m) => BigInt(m[1]!));

test("every Solidity source's scalar field constant R is core's FIELD_MODULUS", () => {
  const constants = readdirSync(SOL_DIR)
    .filter((name) => name.endsWith('.sol'))
    .flatMap((name) => scalarFieldConstants(readFileSync(SOL_DIR + name, 'utf8')));
  expect(constants.length).toBeGreaterThan(0);
  for (const r of constants) expect(r).toBe(FIELD_MODULUS);
});
