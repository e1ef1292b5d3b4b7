import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import { fenOf } from '@estate-ledger/chaincode';
import type { GatewayConfig } from '../config/gateway-config';
import type { ReadDb } from '../read-model/read-db';
import type { Clock } from '../register-clock';
import { CLOCK, CONFIG, READ_DB } from '../tokens';
import { CaseFeesService, FeeError, type CaseFees } from './case-fees';

/** Algorithms a payment platform may sign with: asymmetric only, so the gateway holds nothing that could forge a notification. */
const ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];

/** The claims of a payment notification (a JWT signed by the platform). */
export const zPaymentClaims = z.object({
  /** The notification's id: one payment, however often the platform sends it. */
  jti: z.string().min(1).max(200),
  caseId: z.string().min(1).max(64),
  amount: z.string().regex(/^\d{1,9}\.\d{2}$/, 'must be yuan with two decimals'),
  currency: z.literal('CNY'),
  paidAt: z.iso.datetime({ offset: true }),
});

export interface PaymentOutcome {
  caseId: string;
  notificationId: string;
  /** The same notification was applied before: nothing changed. */
  duplicate: boolean;
  fees: CaseFees;
}

/**
 * The payment platform's notifications (缴费结果通知): a compact JWS signed with a key of the
 * platform's configured JWKS, naming the case, the amount and a notification id. A valid one for
 * the amount due marks the case paid, once; the same notification again changes nothing. The
 * paid status is kept in the gateway's database beside the case (docs/gateway.md says why).
 */
@injectable()
export class PaymentNotifications {
  private readonly keys?: JWTVerifyGetKey;

  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CaseFeesService) private readonly fees: CaseFeesService,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(CONFIG) private readonly config: GatewayConfig,
  ) {
    const jwks = config.payments?.jwks;
    if (jwks) this.keys = /^https?:\/\//.test(jwks) ? createRemoteJWKSet(new URL(jwks)) : createLocalJWKSet(JSON.parse(readFileSync(jwks, 'utf8')) as Parameters<typeof createLocalJWKSet>[0]);
  }

  async receive(notification: string): Promise<PaymentOutcome> {
    const payments = this.config.payments;
    if (!payments || !this.keys) throw new FeeError('PAYMENTS_NOT_CONFIGURED', 'No payment platform is configured (PAYMENT_JWKS, PAYMENT_ISSUER)');
    const claims = await this.verify(notification, payments);
    const payloadSha256 = createHash('sha256').update(notification.split('.')[1]).digest('hex');
    return this.db.transaction(async (tx) => {
      // One accepted notification per id: the same again is a no-op, another payload under the id a replay.
      const [seen] = await tx.query<{ case_id: string; payload_sha256: string }>('SELECT case_id, payload_sha256 FROM fee_payments WHERE notification_id = $1 FOR UPDATE', [claims.jti], 'payment_by_notification');
      if (seen) {
        if (seen.payload_sha256 !== payloadSha256) throw new FeeError('PAYMENT_NOTIFICATION_REPLAYED', `Notification ${claims.jti} was applied before with other content: a notification id is used once`, 'jti');
        return { caseId: seen.case_id, notificationId: claims.jti, duplicate: true, fees: (await this.fees.find(seen.case_id, tx)) as CaseFees };
      }
      const fees = await this.fees.find(claims.caseId, tx);
      if (!fees) throw new FeeError('PAYMENT_CASE_UNKNOWN', `No case ${claims.caseId}`, 'caseId');
      if (fees.status === 'PAID') throw new FeeError('CASE_ALREADY_PAID', `Case ${claims.caseId} was paid by notification ${fees.payment?.notificationId}`, 'caseId');
      if (fenOf(claims.amount) !== fenOf(fees.total)) {
        throw new FeeError('PAYMENT_AMOUNT_MISMATCH', `The notification pays ${claims.amount} CNY; case ${claims.caseId} owes ${fees.total} CNY`, 'amount');
      }
      const inserted = await tx.query<{ case_id: string }>(
        `INSERT INTO fee_payments (case_id, notification_id, payload_sha256, amount, paid_at, received_at, jws) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING RETURNING case_id`,
        [claims.caseId, claims.jti, payloadSha256, claims.amount, claims.paidAt, this.clock.now().toISOString(), notification],
        'record_payment',
      );
      // A concurrent notification won the race: answer as if this one had come second.
      if (inserted.length === 0) throw new FeeError('CASE_ALREADY_PAID', `Case ${claims.caseId} was paid by a concurrent notification`, 'caseId');
      return { caseId: claims.caseId, notificationId: claims.jti, duplicate: false, fees: (await this.fees.find(claims.caseId, tx)) as CaseFees };
    });
  }

  private async verify(notification: string, payments: NonNullable<GatewayConfig['payments']>): Promise<z.output<typeof zPaymentClaims>> {
    try {
      const { payload } = await jwtVerify(notification, this.keys as JWTVerifyGetKey, {
        issuer: payments.issuer,
        audience: payments.audience,
        algorithms: ALGORITHMS,
        currentDate: this.clock.now(),
        requiredClaims: ['jti', 'iat'],
      });
      const claims = zPaymentClaims.safeParse(payload);
      if (!claims.success) throw new FeeError('VALIDATION_FAILED', `notification: its claims are malformed: ${claims.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`, 'notification', 'PAYMENT_CLAIMS');
      return claims.data;
    } catch (err) {
      if (err instanceof FeeError) throw err;
      if (err instanceof errors.JOSEError) throw new FeeError('PAYMENT_SIGNATURE_INVALID', `The notification was refused: ${err.code} (${err.message})`, 'notification');
      throw err;
    }
  }
}
