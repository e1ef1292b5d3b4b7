import type { Logger } from 'pino';
import { inject, injectable } from 'tsyringe';
import { RuleError } from '@estate-ledger/chaincode';
import { ApiError } from '../http/api-error';
import type { ReadDb } from '../read-model/read-db';
import { CLOCK, LOGGER, READ_DB } from '../tokens';
import type { Clock } from '../register-clock';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookOutbox } from './webhook-outbox';

export interface ReconcileResult {
  /** DEAD rows put back in the queue. */
  requeued: number;
  /** Rows created for projected events a subscription never had in its outbox. */
  recreated: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Makes every subscription whole again: resumes the ones paused on a DEAD delivery, fills in
 * events that never reached their outbox, and replays deliveries a receiver says it lost.
 * One instance per process (register it as a singleton).
 */
@injectable()
export class WebhookReconciler {
  private timer?: NodeJS.Timeout;

  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    private readonly outbox: WebhookOutbox,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  /** For one subscription, or for every active one when `subscriptionId` is omitted. */
  async reconcile(subscriptionId?: string): Promise<ReconcileResult> {
    const result = await this.db.transaction(async (tx) => {
      const recreated = await this.outbox.insertMissing(tx, { subscriptionIds: subscriptionId === undefined ? undefined : [subscriptionId] });
      const requeued = await tx.query(
        `UPDATE webhook_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = $2::timestamptz, last_error = NULL
         WHERE status = 'DEAD' AND ($1::text IS NULL OR subscription_id = $1::text)
           AND subscription_id IN (SELECT id FROM webhook_subscriptions WHERE active)
         RETURNING id`,
        [subscriptionId ?? null, this.clock.now().toISOString()],
      );
      return { requeued: requeued.length, recreated };
    });
    if (result.requeued + result.recreated > 0) this.dispatcher.kick();
    return result;
  }

  /**
   * Sends a subscription's delivered events again, from `fromDeliveryId` (inclusive) on in
   * ledger order, for a receiver that lost data. Returns how many rows were queued again.
   */
  async replay(subscriptionId: string, fromDeliveryId: string): Promise<number> {
    const prefix = `${subscriptionId}:`;
    if (!fromDeliveryId.startsWith(prefix)) {
      throw new RuleError('INVALID_INPUT', `fromDeliveryId: not a delivery of subscription ${subscriptionId}`, { field: 'fromDeliveryId' });
    }
    const requeued = await this.db.transaction(async (tx) => {
      const [from] = await tx.query<{ block_number: string | number; tx_index: number }>(
        'SELECT block_number, tx_index FROM webhook_outbox WHERE subscription_id = $1 AND tx_id = $2',
        [subscriptionId, fromDeliveryId.slice(prefix.length)],
      );
      if (!from) throw new ApiError(404, 'DELIVERY_NOT_FOUND', `No delivery ${fromDeliveryId}`, 'fromDeliveryId');
      return tx.query(
        `UPDATE webhook_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = $4::timestamptz, last_error = NULL, delivered_at = NULL
         WHERE subscription_id = $1 AND status = 'DELIVERED' AND (block_number, tx_index) >= ($2::bigint, $3::int)
         RETURNING id`,
        [subscriptionId, from.block_number, from.tx_index, this.clock.now().toISOString()],
      );
    });
    if (requeued.length > 0) this.dispatcher.kick();
    return requeued.length;
  }

  /** Reconciles every subscription each `intervalMs` (default daily) until stop(). */
  startDaily(intervalMs = DAY_MS): void {
    this.stop();
    this.timer = setInterval(() => {
      this.reconcile().then(
        (result) => this.logger.info(result, 'webhook reconciliation done'),
        (err: unknown) => this.logger.warn({ err }, 'webhook reconciliation failed; next attempt at the next interval'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
