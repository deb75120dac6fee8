// One place that opens pg-boss for zkr: error events routed to a logger (an unhandled 'error'
// would kill the process while the database restarts), the lease sweep interval, queues created once.
import { PgBoss } from 'pg-boss';
import { QueueUnavailableError } from './errors.js';

export interface BossOptions {
  readonly connectionString: string;
  /** How often expired leases and missed heartbeats are swept (pg-boss supervise + monitor). */
  readonly superviseSeconds?: number;
  /** Sweep expired leases from this process (default true; a status reader need not). */
  readonly supervise?: boolean;
  readonly onError?: (error: Error) => void;
}

export async function openBoss(options: BossOptions): Promise<PgBoss> {
  const sweep = options.superviseSeconds ?? 5;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    application_name: 'zkr-queue',
    superviseIntervalSeconds: sweep,
    monitorIntervalSeconds: sweep,
    max: 4,
    supervise: options.supervise ?? true,
  });
  boss.on('error', (error: Error) => options.onError?.(error));
  try {
    await boss.start();
  } catch (cause) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    throw new QueueUnavailableError(`cannot open the job queue at ${redacted(options.connectionString)}: ${(cause as Error).message}`, cause);
  }
  return boss;
}

/** Creates a circuit's queue unless another process already did. */
export async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  if (await boss.getQueue(name)) return;
  try {
    await boss.createQueue(name);
  } catch (error) {
    if (!(await boss.getQueue(name))) throw error;
  }
}

/** A connection string without its password, for messages. */
export function redacted(connectionString: string): string {
  return connectionString.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
