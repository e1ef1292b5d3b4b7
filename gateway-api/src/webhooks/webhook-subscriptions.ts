import { randomBytes, randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import { EVENT_TYPES, RuleError, firstIssue, type EventType } from '@estate-ledger/chaincode';
import type { ReadDb, SqlExecutor } from '../read-model/read-db';
import { CLOCK, READ_DB } from '../tokens';
import type { Clock } from '../register-clock';
import { WebhookOutbox } from './webhook-outbox';

/**
 * Callbacks may go to http or https so that a test or an on-premises receiver works without
 * certificates. Production should accept https only (and keep the gateway's egress to the
 * subscribers' networks): the signature proves origin, but http exposes the payload on the wire.
 */
function isDeliverableUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // Credentials in the URL would end up in logs and error messages.
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

export const newWebhookSubscription = z.object({
  url: z.string().max(2048).refine(isDeliverableUrl, 'must be an absolute http or https URL without credentials'),
  /** Empty: every event type. */
  eventTypes: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length),
  district: z.string().min(1).max(64),
  ownerMsp: z.string().min(1).max(64),
  createdBy: z.string().min(1).max(256),
});
export type NewWebhookSubscription = z.input<typeof newWebhookSubscription>;

export interface WebhookSubscription {
  id: string;
  url: string;
  eventTypes: EventType[];
  district: string;
  ownerMsp: string;
  createdBy: string;
  createdAt: string;
  /** Events of this block and earlier are never delivered: the projector had passed them at creation. */
  fromBlock: number;
  active: boolean;
}

interface SubscriptionRow {
  id: string;
  url: string;
  event_types: EventType[];
  district: string;
  owner_msp: string;
  created_by: string;
  created_at: Date;
  from_block: string | number;
  active: boolean;
}

const COLUMNS = 'id, url, event_types, district, owner_msp, created_by, created_at, from_block, active';

/**
 * Subscriptions of outside systems (banks, the housing authority's trading system) to ledger
 * events of one district. The secret is generated here and returned once, at creation; it is
 * stored as is because the dispatcher needs it to sign.
 */
@injectable()
export class WebhookSubscriptions {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: WebhookOutbox,
  ) {}

  /**
   * The callback of one channel batch: it receives only that batch's BATCH_COMPLETED event (no
   * ledger event has that type). Created with `db`, the batch's own SQL transaction.
   */
  async createForBatch(db: SqlExecutor, batch: { batchId: string; url: string; district: string; createdBy: string }): Promise<{ id: string; secret: string }> {
    const parsed = newWebhookSubscription.shape.url.safeParse(batch.url);
    if (!parsed.success) throw new RuleError('INVALID_INPUT', `callbackUrl: ${parsed.error.issues[0].message}`, { field: 'callbackUrl', rule: 'URL' });
    const id = `batch-${batch.batchId}`;
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    await db.query(
      `INSERT INTO webhook_subscriptions (id, url, secret, event_types, district, owner_msp, created_by, created_at, from_block, active)
       VALUES ($1, $2, $3, ARRAY['BATCH_COMPLETED'], $4, 'RegistryMSP', $5, $6::timestamptz, COALESCE((SELECT block_number FROM projector_checkpoint WHERE id = 1), -1), true)`,
      [id, parsed.data, secret, batch.district, batch.createdBy, this.clock.now().toISOString()],
    );
    this.outbox.invalidate();
    return { id, secret };
  }

  async create(input: NewWebhookSubscription): Promise<WebhookSubscription & { secret: string }> {
    const parsed = newWebhookSubscription.safeParse(input);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      throw new RuleError('INVALID_INPUT', issue.message, { field: issue.field, rule: issue.rule });
    }
    const { url, eventTypes, district, ownerMsp, createdBy } = parsed.data;
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const [row] = await this.db.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (id, url, secret, event_types, district, owner_msp, created_by, created_at, from_block, active)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8::timestamptz, COALESCE((SELECT block_number FROM projector_checkpoint WHERE id = 1), -1), true)
       RETURNING ${COLUMNS}`,
      [randomUUID(), url, secret, [...new Set(eventTypes)], district, ownerMsp, createdBy, this.clock.now().toISOString()],
    );
    this.outbox.invalidate();
    return { ...toSubscription(row), secret };
  }

  async list(ownerMsp: string): Promise<WebhookSubscription[]> {
    const rows = await this.db.query<SubscriptionRow>(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE owner_msp = $1 ORDER BY created_at, id`, [ownerMsp]);
    return rows.map(toSubscription);
  }

  async get(id: string): Promise<WebhookSubscription | undefined> {
    const [row] = await this.db.query<SubscriptionRow>(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = $1`, [id]);
    return row && toSubscription(row);
  }

  /** Stops deliveries; rows already queued stay for the record. Returns undefined for an unknown id. */
  async deactivate(id: string): Promise<WebhookSubscription | undefined> {
    const [row] = await this.db.query<SubscriptionRow>(`UPDATE webhook_subscriptions SET active = false WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
    this.outbox.invalidate();
    return row && toSubscription(row);
  }
}

function toSubscription(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.event_types,
    district: row.district,
    ownerMsp: row.owner_msp,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    fromBlock: Number(row.from_block),
    active: row.active,
  };
}
