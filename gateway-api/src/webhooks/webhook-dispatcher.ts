import type { Logger } from 'pino';
import { inject, injectable, type InjectionToken } from 'tsyringe';
import type { ReadDb } from '../read-model/read-db';
import { CLOCK, LOGGER, READ_DB } from '../tokens';
import type { Clock } from '../register-clock';
import type { WebhookPayload } from './webhook-outbox';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

export interface WebhookDispatcherOptions {
  /** How often the outbox is polled when nobody kicks the dispatcher. */
  pollIntervalMs: number;
  /** A receiver that has not answered by then counts as a failed attempt. */
  timeoutMs: number;
  /** Retry n (counting from 0) waits min(backoffBaseMs · 2^n, backoffMaxMs). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** After this many failed attempts the row is DEAD and its subscription pauses until reconciliation. */
  maxAttempts: number;
}

export const WEBHOOK_DISPATCHER_OPTIONS: InjectionToken<Partial<WebhookDispatcherOptions>> = Symbol('WebhookDispatcherOptions');

// Twelve attempts spread over about four and a half hours, then the daily reconciliation.
const DEFAULTS: WebhookDispatcherOptions = { pollIntervalMs: 1_000, timeoutMs: 5_000, backoffBaseMs: 10_000, backoffMaxMs: 3_600_000, maxAttempts: 12 };

interface Head {
  subscription_id: string;
  url: string;
  secret: string;
  id: string | number;
  event_type: string;
  attempts: number;
  payload: WebhookPayload;
}

/**
 * The first undelivered row of each active subscription (in ledger order), when it is due. A DEAD
 * first row is never due, which pauses the subscription: a later event must not overtake it.
 */
const DUE_HEADS = `
  SELECT s.id AS subscription_id, s.url, s.secret, o.id, o.event_type, o.attempts, o.payload
  FROM webhook_subscriptions s
  CROSS JOIN LATERAL (
    SELECT id, event_type, attempts, payload, status, next_attempt_at FROM webhook_outbox
    WHERE subscription_id = s.id AND status <> 'DELIVERED'
    ORDER BY block_number, tx_index
    LIMIT 1) o
  WHERE s.active AND o.status = 'PENDING' AND o.next_attempt_at <= $1::timestamptz
    AND ($2::text IS NULL OR s.id = $2::text)`;

/**
 * Delivers the outbox: per subscription strictly in ledger order (an event waits until the one
 * before it is acknowledged with a 2xx), different subscriptions concurrently. Delivery is at
 * least once (a crash between the POST and the update re-sends); receivers dedupe on
 * X-Estate-Delivery. One instance per process (register it as a singleton).
 */
@injectable()
export class WebhookDispatcher {
  private readonly options: WebhookDispatcherOptions;
  private running = false;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private kicked = false;
  private readonly draining = new Map<string, Promise<void>>();
  private stopping = new AbortController();

  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(WEBHOOK_DISPATCHER_OPTIONS, { isOptional: true }) options: Partial<WebhookDispatcherOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    this.schedule(0);
  }

  /** Looks at the outbox now instead of at the next poll (the projector calls this after a commit). */
  kick(): void {
    if (!this.running) return;
    if (this.ticking) this.kicked = true;
    else this.schedule(0);
  }

  /** Aborts requests in flight (they are retried after a restart) and waits for the loop to settle. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.stopping.abort();
    await this.ticking;
    await Promise.allSettled(this.draining.values());
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    this.kicked = false;
    this.ticking = this.startDueSubscriptions()
      .catch((err: unknown) => this.logger.warn({ err }, 'webhook dispatcher could not read the outbox'))
      .finally(() => {
        this.ticking = undefined;
        if (this.running) this.schedule(this.kicked ? 0 : this.options.pollIntervalMs);
      });
  }

  private async startDueSubscriptions(): Promise<void> {
    for (const head of await this.dueHeads()) {
      const subscription = head.subscription_id;
      if (this.draining.has(subscription)) continue;
      const run = this.drain(head)
        .catch((err: unknown) => this.logger.warn({ err, subscription }, 'webhook delivery interrupted'))
        .finally(() => this.draining.delete(subscription));
      this.draining.set(subscription, run);
    }
  }

  /** Delivers one subscription's rows in order until one fails or none is due. */
  private async drain(first: Head): Promise<void> {
    let head: Head | undefined = first;
    while (head && this.running && (await this.deliver(head))) {
      [head] = await this.dueHeads(head.subscription_id);
    }
  }

  private dueHeads(subscriptionId?: string): Promise<Head[]> {
    return this.db.query<Head>(DUE_HEADS, [this.clock.now().toISOString(), subscriptionId ?? null], 'webhook_due_heads');
  }

  private async deliver(head: Head): Promise<boolean> {
    if (!(await this.claim(head))) return false;
    const body = JSON.stringify(head.payload);
    let error: string;
    try {
      const res = await fetch(head.url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'X-Estate-Delivery': head.payload.deliveryId,
          'X-Estate-Event': head.event_type,
          [SIGNATURE_HEADER]: signWebhook(head.secret, this.clock.now().getTime() / 1000, body),
        },
        // A redirect is not an acknowledgement, and following one could reach an unvetted host.
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.stopping.signal]),
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) {
        await this.db.query(
          "UPDATE webhook_outbox SET status = 'DELIVERED', attempts = attempts + 1, delivered_at = $2::timestamptz, last_error = NULL WHERE id = $1 AND status = 'PENDING'",
          [head.id, this.clock.now().toISOString()],
          'webhook_delivered',
        );
        return true;
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      // Our own shutdown is not the receiver's failure.
      if (this.stopping.signal.aborted) return false;
      error = describe(err);
    }
    await this.recordFailure(head, error);
    return false;
  }

  /**
   * Leases the row for one attempt. A head read before another drain delivered or failed it is
   * stale (its attempts or due time no longer match), so it is never sent twice.
   */
  private async claim(head: Head): Promise<boolean> {
    const now = this.clock.now();
    const rows = await this.db.query(
      `UPDATE webhook_outbox SET next_attempt_at = $4::timestamptz
       WHERE id = $1 AND status = 'PENDING' AND attempts = $2 AND next_attempt_at <= $3::timestamptz RETURNING id`,
      [head.id, head.attempts, now.toISOString(), new Date(now.getTime() + this.options.timeoutMs + 1_000).toISOString()],
      'webhook_claim',
    );
    return rows.length === 1;
  }

  private async recordFailure(head: Head, error: string): Promise<void> {
    const attempts = head.attempts + 1;
    const dead = attempts >= this.options.maxAttempts;
    const delayMs = Math.min(this.options.backoffBaseMs * 2 ** head.attempts, this.options.backoffMaxMs);
    await this.db.query(
      'UPDATE webhook_outbox SET status = $2, attempts = $3, next_attempt_at = $4::timestamptz, last_error = $5 WHERE id = $1 AND status = \'PENDING\'',
      [head.id, dead ? 'DEAD' : 'PENDING', attempts, new Date(this.clock.now().getTime() + delayMs).toISOString(), error.slice(0, 500)],
      'webhook_failed',
    );
    if (dead) {
      this.logger.warn({ subscription: head.subscription_id, deliveryId: head.payload.deliveryId, attempts, error }, 'webhook delivery failed for good: subscription paused until reconciliation');
    }
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // fetch reports network failures as "fetch failed" with the socket error as the cause.
  const cause = err.cause instanceof Error ? `: ${err.cause.message} (${(err.cause as Error & { code?: string }).code ?? err.cause.name})` : '';
  return `${err.name === 'TimeoutError' ? 'timeout' : err.message}${cause}`;
}
