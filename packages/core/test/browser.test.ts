// A wallet can use @zkr/core (issue 16): the wallet entry bundles for the browser (esbuild fails
// on any node: built-in; an IIFE cannot hold top-level await), and in headless Chromium it makes
// a key and signs a transfer that Node verifies and signs identically.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { bytesToHex, checkOperationSignature, computeDomain, encodeOperation, hexToBytes, publicKeyOf, signOperation, type TransferOp } from '../src/index.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const walletEntry = fileURLToPath(new URL('../src/wallet.ts', import.meta.url));

const CHAIN_ID = 31337n;
const ROLLUP = '0x5FbDB2315678afecb367f642d3b4c8a8F1d5B6a3';
const TRANSFER: TransferOp = { type: 'transfer', from: 3, to: 7, amount: 1_000_000n, fee: 10n };
const NONCE = 4n;

/** What the page hands back; bigints travel as decimal strings. */
interface BrowserResult {
  privateKey: string;
  publicKey: { ax: string; ay: string };
  signature: { r8x: string; r8y: string; s: string };
  encoded: string;
}

// Runs in the page against the bundle's global `zkr` (the wallet entry).
const PAGE_SCRIPT = `
window.run = () => {
  const privateKey = zkr.randomPrivateKey();
  const publicKey = zkr.publicKeyOf(privateKey);
  const domain = zkr.computeDomain(${CHAIN_ID}n, '${ROLLUP}');
  const op = { type: 'transfer', from: ${TRANSFER.from}, to: ${TRANSFER.to}, amount: ${TRANSFER.amount}n, fee: ${TRANSFER.fee}n };
  const signed = zkr.signOperation(privateKey, { domain, op, nonce: ${NONCE}n });
  const s = signed.signature;
  return {
    privateKey: zkr.bytesToHex(privateKey),
    publicKey: { ax: String(publicKey.ax), ay: String(publicKey.ay) },
    signature: { r8x: String(s.r8x), r8y: String(s.r8y), s: String(s.s) },
    encoded: zkr.bytesToHex(zkr.encodeOperation(signed)),
  };
};`;

let server: Server;
let context: BrowserContext;
let profile: string;
let bundle: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (the README's test command does, as root)`);
  const built = await build({
    entryPoints: [walletEntry],
    bundle: true,
    format: 'iife',
    globalName: 'zkr',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  bundle = built.outputFiles[0]!.text;
  const pages: Record<string, [string, string]> = {
    '/': ['text/html', '<!doctype html><script src="/wallet.js"></script><script src="/page.js"></script>'],
    '/wallet.js': ['text/javascript', bundle],
    '/page.js': ['text/javascript', PAGE_SCRIPT],
  };
  server = createServer((request, response) => {
    const page = pages[request.url ?? ''];
    response.writeHead(page ? 200 : 404, { 'content-type': page?.[0] ?? 'text/plain' }).end(page?.[1] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  profile = mkdtempSync(join(tmpdir(), 'zkr-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('the wallet bundle reaches no Node built-in and no Buffer', () => {
  expect(bundle).not.toMatch(/\bBuffer\b/);
  expect(bundle).not.toMatch(/["']node:/);
});

test('Chromium makes a key and signs a transfer; Node verifies it and signs the same', async () => {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const result = (await page.evaluate('window.run()')) as BrowserResult;
  expect(errors).toEqual([]);

  const privateKey = hexToBytes(result.privateKey, 'privateKey');
  expect(privateKey).toHaveLength(32);
  const publicKey = publicKeyOf(privateKey);
  expect({ ax: String(publicKey.ax), ay: String(publicKey.ay) }).toEqual(result.publicKey);

  const domain = computeDomain(CHAIN_ID, ROLLUP);
  const signature = { r8x: BigInt(result.signature.r8x), r8y: BigInt(result.signature.r8y), s: BigInt(result.signature.s) };
  const fromBrowser = { ...TRANSFER, signature };
  expect(() => checkOperationSignature(publicKey, { domain, op: fromBrowser, nonce: NONCE }, 'signature')).not.toThrow();

  const inNode = signOperation(privateKey, { domain, op: TRANSFER, nonce: NONCE });
  expect(inNode.signature).toEqual(signature);
  expect(bytesToHex(encodeOperation(inNode))).toBe(result.encoded);
}, 60_000);
