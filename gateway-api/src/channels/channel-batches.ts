import { createHash, randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { CanonicalText, canonicalJson, type RegistrationStatus } from '@estate-ledger/chaincode';
import { BatchKindNotAllowedError, IdempotencyKeyReusedError, NotYoursError, OutsideDistrictError } from '../application/application-errors';
import type { ChannelApplicant } from '../applicants/applicant';
import { decodeCursor, pageOf } from '../read-model/cursor';
import { PiiVault } from '../read-model/pii-vault';
import type { ReadDb } from '../read-model/read-db';
import type { Clock } from '../register-clock';
import { CLOCK, READ_DB } from '../tokens';
import { mapInSlices } from '../event-loop-slices';
import { WebhookSubscriptions } from '../webhooks/webhook-subscriptions';
import { BATCH_QUEUE, type BatchQueue } from './batch-queue';
import { BATCH_KINDS, type BatchRequest } from './batch-request';
import { pendingStage, type ItemStage } from './item-stage';

export type Channel = ChannelApplicant;

export const ITEM_STATUSES = ['PENDING', 'RECORDED', 'REFUSED', 'FAILED'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface BatchView {
  batchId: string;
  channelId: string;
  idempotencyKey: string;
  status: 'ACCEPTED' | 'COMPLETED';
  createdAt: string;
  completedAt: string | null;
  items: number;
  counts: Record<ItemStatus, number>;
  /** Items whose key an earlier batch of the channel already carried: processed there, once. */
  duplicates: Array<{ itemKey: string; batchId: string }>;
}

interface BatchRow {
  batch_id: string;
  channel_id: string;
  idempotency_key: string;
  request_hash: string;
  status: 'ACCEPTED' | 'COMPLETED';
  created_at: Date;
  completed_at: Date | null;
  item_count: number;
  duplicates: Array<{ itemKey: string; batchId: string }>;
}

/** The registration id of a channel's item: the same key always names the same case. */
export const registrationIdOf = (channelId: string, itemKey: string): string =>
  `CH-${createHash('sha256').update(`${channelId}\n${itemKey}`).digest('hex').slice(0, 32)}`;

/**
 * 集中办理: banks and developers hand in batches that answer at once and are processed in the
 * background. The batch's idempotency key makes a repeated POST return the first batch; an item
 * key already seen in an earlier batch of the channel is reported as its duplicate and never
 * processed twice.
 */
@injectable()
export class ChannelBatches {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(PiiVault) private readonly vault: PiiVault,
    @inject(WebhookSubscriptions) private readonly subscriptions: WebhookSubscriptions,
    @inject(BATCH_QUEUE) private readonly queue: BatchQueue,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `created` is false when the same batch was posted before: nothing new was queued. */
  async submit(channel: Channel, req: BatchRequest): Promise<{ created: boolean; batch: BatchView; callback?: { subscriptionId: string; secret: string } }> {
    // What the channel's type does in bulk, within the business types the registry granted the account.
    const allowed = BATCH_KINDS[channel.channelType].filter((t) => channel.businessTypes.includes(t));
    req.items.forEach((item, i) => {
      if (!allowed.includes(item.registration.type)) {
        throw new BatchKindNotAllowedError(`items.${i}.registration.type`, `items.${i}.registration.type: this ${channel.channelType} channel submits ${allowed.join(', ') || 'nothing'} in batches, not ${item.registration.type}`);
      }
      const district = item.registration.unitNumber.slice(0, 6);
      if (!channel.districts.includes(district)) throw new OutsideDistrictError(district, channel.districts);
    });
    // The canonical form of the whole request, its items canonicalised a slice at a time.
    const items = new CanonicalText(`[${(await mapInSlices(req.items, (item) => canonicalJson(item))).join(',')}]`);
    const requestHash = createHash('sha256').update(canonicalJson({ ...req, items })).digest('hex');
    const now = this.clock.now().toISOString();
    const outcome = await this.db.transaction(async (tx) => {
      const batchId = randomUUID();
      const [inserted] = await tx.query<{ batch_id: string }>(
        `INSERT INTO channel_batches (batch_id, channel_id, idempotency_key, request_hash, item_count, duplicates, status, created_at)
         VALUES ($1, $2, $3, $4, 0, '[]', 'ACCEPTED', $5::timestamptz) ON CONFLICT (channel_id, idempotency_key) DO NOTHING RETURNING batch_id`,
        [batchId, channel.subject, req.idempotencyKey, requestHash, now],
      );
      if (!inserted) return { created: false as const };
      // Sealed only for a batch not seen before, a slice at a time.
      const rows = await mapInSlices(req.items, (item, seq) => ({
        seq,
        item_key: item.itemKey,
        kind: item.registration.type,
        unit_number: item.registration.unitNumber,
        district: item.registration.unitNumber.slice(0, 6),
        registration_id: registrationIdOf(channel.subject, item.itemKey),
        payload_sealed: this.vault.encrypt(JSON.stringify(item.registration)),
      }));
      const fresh = await tx.query<{ seq: number }>(
        `INSERT INTO channel_batch_items (batch_id, seq, channel_id, item_key, kind, unit_number, district, payload_sealed, registration_id, status, stage, created_at)
         SELECT $1, r.seq, $2, r.item_key, r.kind, r.unit_number, r.district, r.payload_sealed, r.registration_id, 'PENDING', 'APPLY', $3::timestamptz
         FROM jsonb_to_recordset($4::jsonb) AS r(seq int, item_key text, kind text, unit_number text, district text, payload_sealed text, registration_id text)
         ON CONFLICT (channel_id, item_key) DO NOTHING RETURNING seq`,
        [batchId, channel.subject, now, JSON.stringify(rows)],
      );
      const freshSeqs = new Set(fresh.map((r) => r.seq));
      const repeated = req.items.filter((_, seq) => !freshSeqs.has(seq)).map((i) => i.itemKey);
      const duplicates = repeated.length
        ? (await tx.query<{ item_key: string; batch_id: string }>('SELECT item_key, batch_id FROM channel_batch_items WHERE channel_id = $1 AND item_key = ANY($2::text[])', [channel.subject, repeated])).map((r) => ({ itemKey: r.item_key, batchId: r.batch_id }))
        : [];
      await tx.query(
        `UPDATE channel_batches SET item_count = $2, duplicates = $3::jsonb, status = $4, completed_at = $5::timestamptz WHERE batch_id = $1`,
        [batchId, fresh.length, JSON.stringify(duplicates), fresh.length ? 'ACCEPTED' : 'COMPLETED', fresh.length ? null : now],
      );
      const callback = req.callbackUrl
        ? await this.subscriptions.createForBatch(tx, { batchId, url: req.callbackUrl, district: rows[0].district, createdBy: `channel:${channel.subject}` })
        : undefined;
      if (callback) await tx.query('UPDATE channel_batches SET callback_subscription_id = $2 WHERE batch_id = $1', [batchId, callback.id]);
      await this.queue.enqueue(tx, batchId, [...freshSeqs]);
      return { created: true as const, batchId, callback };
    });
    const [row] = await this.db.query<BatchRow>('SELECT * FROM channel_batches WHERE channel_id = $1 AND idempotency_key = $2', [channel.subject, req.idempotencyKey], 'channel_batch_by_key');
    if (!outcome.created && row.request_hash !== requestHash) throw new IdempotencyKeyReusedError('idempotencyKey', req.idempotencyKey);
    return { created: outcome.created, batch: await this.view(row), callback: outcome.created && outcome.callback ? { subscriptionId: outcome.callback.id, secret: outcome.callback.secret } : undefined };
  }

  async get(channel: Channel, batchId: string): Promise<BatchView> {
    return this.view(await this.owned(channel, batchId));
  }

  /** Each item's outcome: RECORDED with its registration, REFUSED with the rule's code, or still PENDING. */
  async items(channel: Channel, batchId: string, limit: number, cursor?: string) {
    await this.owned(channel, batchId);
    const after = decodeCursor(cursor, 1);
    // A pending item's stage is where its registration stands in the read model (the worker does not save it after each step).
    const rows = await this.db.query<{ seq: number; item_key: string; kind: string; unit_number: string; registration_id: string; status: ItemStatus; stage: ItemStage; registration_status: RegistrationStatus | null; result: { code?: string; message?: string } | null; finished_at: Date | null }>(
      `SELECT i.seq, i.item_key, i.kind, i.unit_number, i.registration_id, i.status, i.stage, r.status AS registration_status, i.result, i.finished_at
       FROM channel_batch_items i LEFT JOIN registrations r ON i.status = 'PENDING' AND r.registration_id = i.registration_id
       WHERE i.batch_id = $1 AND i.seq > $2 ORDER BY i.seq LIMIT $3`,
      [batchId, after ? Number(after[0]) : -1, limit + 1],
      'channel_batch_items_page',
    );
    return pageOf(
      rows,
      limit,
      (r) => ({
        seq: r.seq, itemKey: r.item_key, kind: r.kind, unitNumber: r.unit_number, registrationId: r.registration_id, status: r.status, stage: r.status === 'PENDING' ? pendingStage(r.registration_status) : r.stage,
        code: r.result?.code ?? null, message: r.result?.message ?? null, finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
      }),
      (r) => [r.seq],
    );
  }

  private async owned(channel: Channel, batchId: string): Promise<BatchRow> {
    const [row] = await this.db.query<BatchRow>('SELECT * FROM channel_batches WHERE batch_id = $1 AND channel_id = $2', [batchId, channel.subject], 'channel_batch_by_id');
    if (!row) throw new NotYoursError('batch', batchId);
    return row;
  }

  private async view(row: BatchRow): Promise<BatchView> {
    const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>;
    const byStatus = await this.db.query<{ status: ItemStatus; n: string | number }>('SELECT status, count(*) AS n FROM channel_batch_items WHERE batch_id = $1 GROUP BY status', [row.batch_id], 'channel_batch_counts');
    for (const r of byStatus) counts[r.status] = Number(r.n);
    return {
      batchId: row.batch_id,
      channelId: row.channel_id,
      idempotencyKey: row.idempotency_key,
      status: row.status,
      createdAt: new Date(row.created_at).toISOString(),
      completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
      items: row.item_count,
      counts,
      duplicates: row.duplicates,
    };
  }
}
