// The node's durable state (docs/protocol.md §13.2): operations and their status, built batches
// and their proofs, sent L1 transactions, and a snapshot of the verified L2 state. Every change
// of status is one SQL transaction, so a crash leaves each row in one state or the next.
import type { Groth16ProofJson } from '@zkr/sdk';
import type { OperationJson, SignedOperationJson } from '../operationJson.js';
import { DuplicateOperationError } from '../errors.js';
import type { Database, Sql } from './database.js';
import { SCHEMA, type BatchStatus, type OperationStatus, type TransactionStatus } from './schema.js';

/** Why an accepted operation was rejected later (a batch could not include it). */
export interface RejectReason {
  readonly code: string;
  readonly field: string | undefined;
  readonly message: string;
}

export interface StoredOperation {
  readonly id: number;
  readonly body: SignedOperationJson;
  readonly status: OperationStatus;
  readonly reason: RejectReason | null;
  readonly batchNumber: number | null;
  readonly acceptedAt: Date;
}

export interface NewBatch {
  readonly number: number;
  readonly batchSize: number;
  /** Every slot's operation but the padding, priority operations included, in order. */
  readonly operations: readonly OperationJson[];
  /** The stored operations it includes, in order. */
  readonly operationIds: readonly number[];
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
}

export interface StoredBatch extends NewBatch {
  readonly status: BatchStatus;
  readonly proof: Groth16ProofJson | null;
  readonly txHash: string | null;
}

export interface StoredTransaction {
  readonly hash: string;
  readonly nonce: number;
  readonly raw: string;
  readonly batchNumbers: readonly number[];
  readonly status: TransactionStatus;
}

export interface StoredSnapshot {
  readonly block: number;
  readonly batches: number;
  readonly state: unknown;
}

const json = (value: unknown): string => JSON.stringify(value);

interface OperationRow {
  id: number;
  body: SignedOperationJson;
  status: OperationStatus;
  reason: RejectReason | null;
  batch_number: number | null;
  accepted_at: Date | string;
}

const operationOf = (row: OperationRow): StoredOperation => ({
  id: Number(row.id),
  body: row.body,
  status: row.status,
  reason: row.reason,
  batchNumber: row.batch_number === null ? null : Number(row.batch_number),
  acceptedAt: new Date(row.accepted_at),
});

interface BatchRow {
  number: number;
  batch_size: number;
  operations: OperationJson[];
  operation_ids: number[];
  old_root: string;
  new_root: string;
  status: BatchStatus;
  proof: Groth16ProofJson | null;
  tx_hash: string | null;
}

const batchOf = (row: BatchRow): StoredBatch => ({
  number: Number(row.number),
  batchSize: Number(row.batch_size),
  operations: row.operations,
  operationIds: row.operation_ids,
  oldRoot: BigInt(row.old_root),
  newRoot: BigInt(row.new_root),
  status: row.status,
  proof: row.proof,
  txHash: row.tx_hash,
});

const OPERATION_COLUMNS = 'id::integer AS id, body, status, reason, batch_number, accepted_at';
const BATCH_COLUMNS = 'number, batch_size, operations, operation_ids, old_root, new_root, status, proof, tx_hash';

export class NodeStore {
  private constructor(readonly db: Database) {}

  static async open(db: Database): Promise<NodeStore> {
    await db.transaction(async (sql) => {
      for (const statement of SCHEMA) await sql.query(statement);
    });
    return new NodeStore(db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ---- operations ----

  /** Stores an accepted operation; a signature already stored is a DuplicateOperationError. */
  async accept(body: SignedOperationJson, signatureKey: string): Promise<number> {
    const rows = await this.db.query<{ id: number }>(
      `INSERT INTO operations (kind, sender, nonce, body, signature_key, status) VALUES ($1, $2, $3, $4::jsonb, $5, 'accepted')
       ON CONFLICT (signature_key) DO NOTHING RETURNING id::integer AS id`,
      [body.type, body.from, body.nonce, json(body), signatureKey],
    );
    if (rows[0]) return Number(rows[0].id);
    throw new DuplicateOperationError((await this.operationBySignature(signatureKey))!);
  }

  async operationBySignature(signatureKey: string): Promise<number | undefined> {
    const rows = await this.db.query<{ id: number }>('SELECT id::integer AS id FROM operations WHERE signature_key = $1', [signatureKey]);
    return rows[0] === undefined ? undefined : Number(rows[0].id);
  }

  async operation(id: number): Promise<StoredOperation | undefined> {
    const rows = await this.db.query<OperationRow>(`SELECT ${OPERATION_COLUMNS} FROM operations WHERE id = $1`, [id]);
    return rows[0] && operationOf(rows[0]);
  }

  /** Operations in `status`, oldest first. */
  async operationsIn(status: OperationStatus, limit = 1_000_000): Promise<StoredOperation[]> {
    return (await this.db.query<OperationRow>(`SELECT ${OPERATION_COLUMNS} FROM operations WHERE status = $1 ORDER BY id LIMIT $2`, [status, limit])).map(
      operationOf,
    );
  }

  /** Operations not yet verified nor rejected, in the order they will be applied. */
  async unsettledOperations(): Promise<StoredOperation[]> {
    return (
      await this.db.query<OperationRow>(
        `SELECT ${OPERATION_COLUMNS} FROM operations WHERE status NOT IN ('verified', 'rejected') ORDER BY batch_number NULLS LAST, id`,
      )
    ).map(operationOf);
  }

  async countByStatus(): Promise<Record<OperationStatus, number>> {
    const rows = await this.db.query<{ status: OperationStatus; count: number }>('SELECT status, count(*)::integer AS count FROM operations GROUP BY status');
    const counts = { accepted: 0, batched: 0, proved: 0, submitted: 0, verified: 0, rejected: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  async reject(id: number, reason: RejectReason): Promise<void> {
    await this.db.query(`UPDATE operations SET status = 'rejected', reason = $2::jsonb, updated_at = now() WHERE id = $1 AND status = 'accepted'`, [
      id,
      json(reason),
    ]);
  }

  // ---- batches ----

  /** Records built batches and moves their operations to `batched`, in one transaction. */
  async saveBatches(batches: readonly NewBatch[]): Promise<void> {
    await this.db.transaction(async (sql) => {
      for (const b of batches) {
        await sql.query(
          `INSERT INTO batches (number, batch_size, operations, operation_ids, old_root, new_root, status) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, 'built')`,
          [b.number, b.batchSize, json(b.operations), json(b.operationIds), b.oldRoot.toString(), b.newRoot.toString()],
        );
        await setOperations(sql, b.operationIds, 'batched', b.number);
      }
    });
  }

  async saveProofs(proofs: readonly { number: number; proof: Groth16ProofJson }[]): Promise<void> {
    await this.db.transaction(async (sql) => {
      for (const { number, proof } of proofs) {
        await sql.query(`UPDATE batches SET status = 'proved', proof = $2::jsonb WHERE number = $1`, [number, json(proof)]);
        await sql.query(`UPDATE operations SET status = 'proved', updated_at = now() WHERE batch_number = $1`, [number]);
      }
    });
  }

  async batches(options: { limit: number; before?: number }): Promise<StoredBatch[]> {
    const rows = await this.db.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM batches WHERE number < $1 ORDER BY number DESC LIMIT $2`, [
      options.before ?? 2 ** 31 - 1,
      options.limit,
    ]);
    return rows.map(batchOf);
  }

  async batchesNumbered(numbers: readonly number[]): Promise<StoredBatch[]> {
    const rows = await this.db.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM batches WHERE number = ANY($1::integer[]) ORDER BY number`, [
      `{${numbers.join(',')}}`,
    ]);
    return rows.map(batchOf);
  }

  /** Batches built or proved but never sent: a crash came first. Their operations go back to
   * `accepted` so they are batched again (on the state L1 holds now). */
  async discardUnsentBatches(): Promise<number> {
    return this.db.transaction(async (sql) => {
      const rows = await sql.query<{ number: number }>(`DELETE FROM batches WHERE status IN ('built', 'proved') RETURNING number`);
      await sql.query(`UPDATE operations SET status = 'accepted', batch_number = NULL, updated_at = now() WHERE status IN ('batched', 'proved')`);
      return rows.length;
    });
  }

  // ---- L1 transactions ----

  /** Records a signed transaction before it is broadcast: after a crash it is awaited or sent
   * again (same nonce, same hash), never built anew. */
  async recordTransaction(tx: Omit<StoredTransaction, 'status'>): Promise<void> {
    await this.db.transaction(async (sql) => {
      await sql.query(`INSERT INTO transactions (hash, nonce, raw, batch_numbers, status) VALUES ($1, $2, $3, $4::jsonb, 'sent')`, [
        tx.hash,
        tx.nonce,
        tx.raw,
        json(tx.batchNumbers),
      ]);
      for (const number of tx.batchNumbers) {
        await sql.query(`UPDATE batches SET status = 'submitted', tx_hash = $2 WHERE number = $1`, [number, tx.hash]);
        await sql.query(`UPDATE operations SET status = 'submitted', updated_at = now() WHERE batch_number = $1`, [number]);
      }
    });
  }

  /** The transaction sent and not yet settled (at most one: the node sends one at a time). */
  async liveTransaction(): Promise<StoredTransaction | undefined> {
    const rows = await this.db.query<{ hash: string; nonce: string; raw: string; batch_numbers: number[]; status: TransactionStatus }>(
      `SELECT hash, nonce::text AS nonce, raw, batch_numbers, status FROM transactions WHERE status = 'sent' ORDER BY nonce LIMIT 1`,
    );
    const row = rows[0];
    return row && { hash: row.hash, nonce: Number(row.nonce), raw: row.raw, batchNumbers: row.batch_numbers, status: row.status };
  }

  /** The transaction's batches are on L1 with enough confirmations: they and their operations
   * are verified, and the snapshot moves to the state after them, in one transaction. */
  async confirmTransaction(hash: string, blockNumber: number, snapshot: StoredSnapshot): Promise<void> {
    await this.db.transaction(async (sql) => {
      const [tx] = await sql.query<{ batch_numbers: number[] }>(
        `UPDATE transactions SET status = 'confirmed', block_number = $2 WHERE hash = $1 RETURNING batch_numbers`,
        [hash, blockNumber],
      );
      for (const number of tx?.batch_numbers ?? []) {
        await sql.query(`UPDATE batches SET status = 'verified' WHERE number = $1`, [number]);
        await sql.query(`UPDATE operations SET status = 'verified', updated_at = now() WHERE batch_number = $1`, [number]);
      }
      await saveSnapshot(sql, snapshot);
    });
  }

  /** The transaction will never land (dropped, or reverted): its batches are deleted and their
   * operations batched again. */
  async abandonTransaction(hash: string, status: 'dropped' | 'reverted'): Promise<void> {
    await this.db.transaction(async (sql) => {
      const [tx] = await sql.query<{ batch_numbers: number[] }>(`UPDATE transactions SET status = $2 WHERE hash = $1 RETURNING batch_numbers`, [hash, status]);
      for (const number of tx?.batch_numbers ?? []) {
        await sql.query(`DELETE FROM batches WHERE number = $1`, [number]);
        await sql.query(`UPDATE operations SET status = 'accepted', batch_number = NULL, updated_at = now() WHERE batch_number = $1`, [number]);
      }
    });
  }

  // ---- snapshot ----

  async snapshot(): Promise<StoredSnapshot | undefined> {
    const rows = await this.db.query<{ block: string; batches: number; state: unknown }>(
      'SELECT block::text AS block, batches, state FROM snapshot WHERE id = 1',
    );
    const row = rows[0];
    return row && { block: Number(row.block), batches: Number(row.batches), state: row.state };
  }

  async saveSnapshot(snapshot: StoredSnapshot): Promise<void> {
    await saveSnapshot(this.db, snapshot);
  }
}

async function setOperations(sql: Sql, ids: readonly number[], status: OperationStatus, batchNumber: number): Promise<void> {
  if (ids.length === 0) return;
  await sql.query(`UPDATE operations SET status = $1, batch_number = $2, updated_at = now() WHERE id = ANY($3::bigint[])`, [
    status,
    batchNumber,
    `{${ids.join(',')}}`,
  ]);
}

async function saveSnapshot(sql: Sql, snapshot: StoredSnapshot): Promise<void> {
  await sql.query(
    `INSERT INTO snapshot (id, block, batches, state) VALUES (1, $1, $2, $3::jsonb) ON CONFLICT (id) DO UPDATE SET block = EXCLUDED.block, batches = EXCLUDED.batches, state = EXCLUDED.state`,
    [snapshot.block, snapshot.batches, json(snapshot.state)],
  );
}
