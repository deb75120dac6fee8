// The node's one SQL schema (docs/protocol.md §13.2), the same on both drivers: PGlite embeds
// PostgreSQL itself, so no statement needs a second dialect. Applied at every start; each
// statement is idempotent.

/** Where an operation is: accepted -> batched -> proved -> submitted -> verified, or rejected. */
export const OPERATION_STATUSES = ['accepted', 'batched', 'proved', 'submitted', 'verified', 'rejected'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export const BATCH_STATUSES = ['built', 'proved', 'submitted', 'verified'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** sent: broadcast, not yet confirmed; confirmed: mined with enough confirmations; dropped: gone
 * from L1 (reorg, replaced) and abandoned; reverted: mined and failed. */
export const TRANSACTION_STATUSES = ['sent', 'confirmed', 'dropped', 'reverted'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

export const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS operations (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('transfer', 'withdraw')),
    sender INTEGER NOT NULL,
    nonce TEXT NOT NULL,
    body JSONB NOT NULL,
    signature_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN (${list(OPERATION_STATUSES)})),
    reason JSONB,
    batch_number INTEGER,
    accepted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX IF NOT EXISTS operations_status ON operations (status, id)`,
  `CREATE TABLE IF NOT EXISTS batches (
    number INTEGER PRIMARY KEY,
    batch_size INTEGER NOT NULL,
    operations JSONB NOT NULL,
    operation_ids JSONB NOT NULL,
    old_root TEXT NOT NULL,
    new_root TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN (${list(BATCH_STATUSES)})),
    proof JSONB,
    tx_hash TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS transactions (
    hash TEXT PRIMARY KEY,
    nonce BIGINT NOT NULL,
    raw TEXT NOT NULL,
    batch_numbers JSONB NOT NULL,
    status TEXT NOT NULL CHECK (status IN (${list(TRANSACTION_STATUSES)})),
    block_number BIGINT,
    sent_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    block BIGINT NOT NULL,
    batches INTEGER NOT NULL,
    state JSONB NOT NULL
  )`,
];
