import { inject, injectable } from 'tsyringe';
import type { EventType, LedgerEvent } from '@estate-ledger/chaincode';
import type { CommittedBlock } from '../ledger/ledger-port';
import type { SqlExecutor } from '../read-model/read-db';
import { CLOCK } from '../tokens';
import type { Clock } from '../register-clock';

/** The JSON body of every callback. The event holds pseudonymous references only, never names or ID numbers. */
export interface WebhookPayload {
  /** Stable across retries, replays and rebuilds: receivers dedupe on it. */
  deliveryId: string;
  subscriptionId: string;
  blockNumber: number;
  txIndex: number;
  txId: string;
  event: LedgerEvent | BatchCompletedEvent;
}

/** Sent to a batch's callback when its last item is processed (not a ledger event: txId is `batch:<id>`). */
export interface BatchCompletedEvent {
  type: 'BATCH_COMPLETED';
  batchId: string;
  channelId: string;
  items: number;
  recorded: number;
  refused: number;
  failed: number;
}

interface Target {
  id: string;
  /** Empty: every event type. */
  eventTypes: ReadonlySet<string>;
  fromBlock: number;
}

interface Targets {
  ids: string[];
  byDistrict: Map<string, Target[]>;
}

interface OutboxRow {
  subscription_id: string;
  tx_id: string;
  block_number: number;
  tx_index: number;
  event_type: EventType;
  payload: WebhookPayload;
}

const INSERT_ROWS = `
  INSERT INTO webhook_outbox (subscription_id, tx_id, block_number, tx_index, event_type, payload, status, attempts, next_attempt_at)
  SELECT r.subscription_id, r.tx_id, r.block_number, r.tx_index, r.event_type, r.payload, 'PENDING', 0, $2::timestamptz
  FROM jsonb_to_recordset($1::jsonb) AS r(subscription_id text, tx_id text, block_number bigint, tx_index int, event_type text, payload jsonb)
  ON CONFLICT (subscription_id, tx_id) DO NOTHING
  RETURNING id`;

// The same rows as enqueueBlock builds, from the projected `transactions` table.
const INSERT_MISSING = `
  INSERT INTO webhook_outbox (subscription_id, tx_id, block_number, tx_index, event_type, payload, status, attempts, next_attempt_at)
  SELECT s.id, t.tx_id, t.block_number, t.tx_index, t.event_type,
         jsonb_build_object('deliveryId', s.id || ':' || t.tx_id, 'subscriptionId', s.id, 'blockNumber', t.block_number,
                            'txIndex', t.tx_index, 'txId', t.tx_id, 'event', t.event),
         'PENDING', 0, $3::timestamptz
  FROM webhook_subscriptions s
  JOIN transactions t ON t.district = s.district AND t.block_number > s.from_block
  WHERE s.active
    AND ($1::text[] IS NULL OR s.id = ANY($1::text[]))
    AND ($2::bigint IS NULL OR t.block_number < $2::bigint)
    AND t.code = 'VALID' AND t.event IS NOT NULL
    AND (cardinality(s.event_types) = 0 OR t.event_type = ANY(s.event_types))
    AND NOT EXISTS (SELECT 1 FROM webhook_outbox o WHERE o.subscription_id = s.id AND o.tx_id = t.tx_id)
  ORDER BY t.block_number, t.tx_index
  ON CONFLICT (subscription_id, tx_id) DO NOTHING
  RETURNING id`;

/**
 * Turns committed ledger events into outbox rows, one per matching subscription. The projector
 * calls enqueueBlock inside the projection transaction, so a block's rows commit exactly when its
 * projection does, and the (subscription_id, tx_id) key keeps a rebuild from duplicating them.
 *
 * The active subscriptions are cached (the projector calls this for every block); with none, a
 * block costs no SQL at all. One instance per process (register it as a singleton): the
 * subscription service invalidates this cache.
 */
@injectable()
export class WebhookOutbox {
  private targets?: Targets;
  private generation = 0;
  /** Subscriptions whose earlier blocks are known to be in the outbox. */
  private readonly known = new Set<string>();
  private loaded = false;
  /** Subscriptions back-filled inside the projection of a block, until a later block proves it committed. */
  private readonly unconfirmed = new Map<string, number>();

  constructor(@inject(CLOCK) private readonly clock: Clock) {}

  /** Call after a subscription is created or deactivated. */
  invalidate(): void {
    this.targets = undefined;
    this.generation++;
  }

  /** Inserts the block's deliveries with `tx` (the projection transaction); returns how many rows were new. */
  async enqueueBlock(tx: SqlExecutor, block: CommittedBlock): Promise<number> {
    const targets = this.targets ?? (await this.load(tx));
    if (targets.ids.length === 0) return 0;
    let inserted = await this.catchUp(tx, targets, block.number);

    const rows: OutboxRow[] = [];
    for (const t of block.transactions) {
      const event = t.event;
      if (t.code !== 'VALID' || !event?.district) continue;
      for (const s of targets.byDistrict.get(event.district) ?? []) {
        if (block.number <= s.fromBlock || (s.eventTypes.size > 0 && !s.eventTypes.has(event.type))) continue;
        const payload: WebhookPayload = { deliveryId: `${s.id}:${t.txId}`, subscriptionId: s.id, blockNumber: block.number, txIndex: t.index, txId: t.txId, event };
        rows.push({ subscription_id: s.id, tx_id: t.txId, block_number: block.number, tx_index: t.index, event_type: event.type, payload });
      }
    }
    if (rows.length > 0) {
      inserted += (await tx.query(INSERT_ROWS, [JSON.stringify(rows), this.clock.now().toISOString()], 'webhook_outbox_enqueue')).length;
    }
    return inserted;
  }

  /**
   * Re-creates the rows of projected transactions that an active subscription should have but
   * has not (all subscriptions when `subscriptionIds` is omitted), before `beforeBlock` if given.
   */
  async insertMissing(db: SqlExecutor, scope: { subscriptionIds?: string[]; beforeBlock?: number } = {}): Promise<number> {
    const rows = await db.query(INSERT_MISSING, [scope.subscriptionIds ?? null, scope.beforeBlock ?? null, this.clock.now().toISOString()]);
    return rows.length;
  }

  /**
   * Queues a batch's completion for its callback subscription. The (subscription, `batch:<id>`)
   * key makes it once only, however often a restarted worker finds the batch complete.
   */
  async enqueueBatchCompleted(db: SqlExecutor, subscriptionId: string, event: BatchCompletedEvent): Promise<boolean> {
    const txId = `batch:${event.batchId}`;
    const [checkpoint] = await db.query<{ block_number: string | number }>('SELECT block_number FROM projector_checkpoint WHERE id = 1');
    const blockNumber = checkpoint ? Number(checkpoint.block_number) : 0;
    const payload: WebhookPayload = { deliveryId: `${subscriptionId}:${txId}`, subscriptionId, blockNumber, txIndex: 0, txId, event };
    const rows = await db.query(INSERT_ROWS, [JSON.stringify([{ subscription_id: subscriptionId, tx_id: txId, block_number: blockNumber, tx_index: 0, event_type: event.type, payload }]), this.clock.now().toISOString()], 'webhook_outbox_enqueue');
    return rows.length > 0;
  }

  private async load(tx: SqlExecutor): Promise<Targets> {
    const generation = this.generation;
    const rows = await tx.query<{ id: string; district: string; event_types: string[]; from_block: string | number }>(
      'SELECT id, district, event_types, from_block FROM webhook_subscriptions WHERE active ORDER BY id',
    );
    const targets: Targets = { ids: rows.map((r) => r.id), byDistrict: new Map() };
    for (const r of rows) {
      const list = targets.byDistrict.get(r.district) ?? [];
      list.push({ id: r.id, eventTypes: new Set(r.event_types), fromBlock: Number(r.from_block) });
      targets.byDistrict.set(r.district, list);
    }
    // A load that raced an invalidate() may have missed the change: use it once, do not keep it.
    if (generation === this.generation) this.targets = targets;
    // Everything present at the first load had its earlier blocks enqueued by earlier projections.
    if (!this.loaded) for (const id of targets.ids) this.known.add(id);
    this.loaded = true;
    return targets;
  }

  /**
   * A subscription created while a block was being projected can miss that block (the
   * projection read the cache before the subscription committed). The first block that sees a new
   * subscription back-fills what it missed from `transactions`. The back-fill is repeated until a
   * later block arrives, which shows the projection that did it committed (the projector is
   * sequential and retries a block whose transaction failed).
   */
  private async catchUp(tx: SqlExecutor, targets: Targets, blockNumber: number): Promise<number> {
    const due: string[] = [];
    for (const [id, atBlock] of this.unconfirmed) {
      if (blockNumber > atBlock) this.unconfirmed.delete(id);
      else due.push(id);
    }
    for (const id of targets.ids) {
      if (this.known.has(id)) continue;
      this.known.add(id);
      due.push(id);
    }
    if (due.length === 0) return 0;
    for (const id of due) this.unconfirmed.set(id, blockNumber);
    return this.insertMissing(tx, { subscriptionIds: due, beforeBlock: blockNumber });
  }
}
