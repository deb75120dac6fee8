// An embedded L1: anvil from the @foundry-rs/anvil npm package (its platform package ships the
// binary), listening on 127.0.0.1 only, stopped by the pid this process started.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Anvil {
  readonly rpcUrl: string;
  readonly pid: number;
  stop(): Promise<void>;
}

function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const platformPackage = `@foundry-rs/anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const anvilDir = dirname(require.resolve('@foundry-rs/anvil/package.json'));
  const fromAnvil = createRequire(join(anvilDir, 'package.json'));
  const dir = dirname(fromAnvil.resolve(`${platformPackage}/package.json`));
  for (const candidate of [join(dir, 'bin', 'anvil'), join(dir, 'anvil')]) if (existsSync(candidate)) return candidate;
  throw new Error(`anvil binary not found in ${dir}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForRpc(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`anvil exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('anvil did not answer within 5 s');
}

/** chainId: default anvil's 31337, a local development chain; another id plays a public network. */
export async function startAnvil(options: { port?: number; chainId?: number } = {}): Promise<Anvil> {
  const port = options.port ?? (await freePort());
  const chainId = options.chainId === undefined ? [] : ['--chain-id', String(options.chainId)];
  const child = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', String(port), '--silent', '--code-size-limit', '100000', ...chainId], {
    stdio: 'ignore',
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  await waitForRpc(rpcUrl, child);
  return {
    rpcUrl,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
