// Two drivers behind one small interface: PostgreSQL by URL (node-postgres) and the embedded
// default, PGlite (PostgreSQL compiled to WASM, in this process, data in a directory). The store
// speaks plain SQL to either (docs/protocol.md §13.2 says why PGlite is the default).
import { mkdirSync } from 'node:fs';

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Database extends Sql {
  /** Runs `body` in one SQL transaction: all its statements commit together or none does. */
  transaction<T>(body: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

/** `url` (postgres://...) for a PostgreSQL server, otherwise an embedded PGlite in `dataDir`. */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  if (options.url !== undefined) return openPostgres(options.url);
  if (options.dataDir === undefined) throw new TypeError('openDatabase: give a PostgreSQL url or an embedded dataDir');
  return openPglite(options.dataDir);
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg');
  // One connection: the node writes from one place at a time, and one session keeps every read
  // consistent with the writes before it.
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined); // a dropped idle connection is replaced on next use
  const query = async <T>(runner: { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }> }, text: string, params?: readonly unknown[]) =>
    (await runner.query(text, params === undefined ? undefined : [...params])).rows as T[];
  return {
    kind: 'postgres',
    query: (text, params) => query(pool, text, params),
    async transaction(body) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await body({ query: (text, params) => query(client, text, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir);
  return {
    kind: 'pglite',
    query: async (text, params) => (await db.query(text, params === undefined ? undefined : [...params])).rows as never,
    transaction: (body) =>
      db.transaction((tx) => body({ query: async (text, params) => (await tx.query(text, params === undefined ? undefined : [...params])).rows as never })),
    close: () => db.close(),
  };
}
