import type { Logger } from 'pino';
import PgBoss from 'pg-boss';
import type { SqlExecutor } from '../read-model/read-db';
import type { BatchQueue, QueuedItem } from './batch-queue';

const QUEUE = 'channel-batch-items';
const key = (i: QueuedItem) => `${i.batchId}:${i.seq}`;

/**
 * With DATABASE_URL: pg-boss 10 (its own schema in the read model's PostgreSQL). A batch's jobs
 * are inserted in the batch's own SQL transaction, so a batch is never accepted without its jobs.
 * A job taken and never settled (the gateway was killed) is expired by pg-boss and retried; at
 * start the jobs a previous run of this gateway held are retried at once.
 */
export class PgBossBatchQueue implements BatchQueue {
  /** pg-boss job ids of the items this process holds. */
  private readonly held = new Map<string, string>();

  private constructor(private readonly boss: PgBoss) {}

  static async start(connectionString: string, logger: Logger, leaseSeconds: number): Promise<PgBossBatchQueue> {
    const boss = new PgBoss({ connectionString, max: 4, schedule: false, application_name: 'estate-ledger-batch-queue' });
    boss.on('error', (err: Error) => logger.warn({ err }, 'pg-boss error'));
    await boss.start();
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 1_000, retryDelay: 1, expireInSeconds: leaseSeconds });
    return new PgBossBatchQueue(boss);
  }

  async enqueue(tx: SqlExecutor, batchId: string, seqs: number[]): Promise<void> {
    if (seqs.length === 0) return;
    const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.query(text, values) }) };
    await this.boss.insert(seqs.map((seq) => ({ name: QUEUE, data: { batchId, seq }, singletonKey: `${batchId}:${seq}` })), { db });
  }

  /** The lease is the queue's expiry, fixed when it was created. */
  async take(limit: number): Promise<QueuedItem[]> {
    const jobs = await this.boss.fetch<QueuedItem>(QUEUE, { batchSize: limit });
    return jobs.map((j) => {
      this.held.set(key(j.data), j.id);
      return { batchId: j.data.batchId, seq: j.data.seq };
    });
  }

  /** One statement for all of them. */
  async settle(items: QueuedItem[], outcome: 'done' | 'retry'): Promise<void> {
    const ids = items.flatMap((i) => this.held.get(key(i)) ?? []);
    items.forEach((i) => this.held.delete(key(i)));
    if (ids.length === 0) return;
    if (outcome === 'done') await this.boss.complete(QUEUE, ids);
    else await this.boss.fail(QUEUE, ids);
  }

  /** Jobs still active belong to a killed run (one worker per database): they are failed now, so pg-boss retries them. */
  async releaseAll(): Promise<void> {
    const { rows } = await this.boss.getDb().executeSql(`SELECT id FROM pgboss.job WHERE name = $1 AND state = 'active'`, [QUEUE]);
    const ids = (rows as Array<{ id: string }>).map((r) => r.id);
    if (ids.length) await this.boss.fail(QUEUE, ids);
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true });
  }
}
