import type { ReadDb } from '../read-model/read-db';
import type { Clock } from '../register-clock';
import type { BatchQueue, QueuedItem } from './batch-queue';

/**
 * The items table itself as the queue: pending rows in arrival order, taken with a lease
 * (FOR UPDATE SKIP LOCKED, so concurrent takers on PostgreSQL never share a row). Works the same
 * on PGlite, where the embedded default has no other database.
 */
export class TableBatchQueue implements BatchQueue {
  constructor(
    private readonly db: ReadDb,
    private readonly clock: Clock,
  ) {}

  /** The rows are the queue: inserting them queued them. */
  async enqueue(): Promise<void> {}

  async take(limit: number, leaseMs: number): Promise<QueuedItem[]> {
    const now = this.clock.now();
    const rows = await this.db.query<{ batch_id: string; seq: number }>(
      `UPDATE channel_batch_items i SET leased_until = $2::timestamptz
       FROM (SELECT batch_id, seq FROM channel_batch_items
             WHERE status = 'PENDING' AND (leased_until IS NULL OR leased_until < $1::timestamptz)
             ORDER BY created_at, batch_id, seq LIMIT $3 FOR UPDATE SKIP LOCKED) c
       WHERE i.batch_id = c.batch_id AND i.seq = c.seq
       RETURNING i.batch_id, i.seq`,
      [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), limit],
      'batch_items_take',
    );
    return rows.map((r) => ({ batchId: r.batch_id, seq: r.seq }));
  }

  /** A finished item left the queue with its status; one given back is taken again when its lease ends. */
  async settle(): Promise<void> {}

  async close(): Promise<void> {}

  async releaseAll(): Promise<void> {
    await this.db.query("UPDATE channel_batch_items SET leased_until = NULL WHERE status = 'PENDING' AND leased_until IS NOT NULL");
  }
}
