import type { InjectionToken } from 'tsyringe';
import type { SqlExecutor } from '../read-model/read-db';

/** An item to process: its batch and position. */
export interface QueuedItem {
  batchId: string;
  seq: number;
}

/**
 * The durable queue of batch items. Each item's state (stage, result) lives in
 * channel_batch_items whatever the adapter; the queue says which item a worker takes next and
 * keeps two workers from taking the same one.
 */
export interface BatchQueue {
  /** Queues a new batch's items, inside the SQL transaction that inserts them. */
  enqueue(tx: SqlExecutor, batchId: string, seqs: number[]): Promise<void>;
  /** Takes up to `limit` items for `leaseMs`; an item not finished by then is taken again. */
  take(limit: number, leaseMs: number): Promise<QueuedItem[]>;
  /** The worker is done with the items (`done`), or gives them back to be taken again later (`retry`). */
  settle(items: QueuedItem[], outcome: 'done' | 'retry'): Promise<void>;
  /** Items a previous run of this gateway held when it stopped are free again (one worker per database). */
  releaseAll(): Promise<void>;
  close(): Promise<void>;
}

export const BATCH_QUEUE: InjectionToken<BatchQueue> = Symbol('BatchQueue');
