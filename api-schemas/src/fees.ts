import { z } from 'zod';
import { zInstant } from './common';
import { REGISTRATION_STATUSES, REGISTRATION_TYPES } from './vocabulary';

/** A case's fees (不动产登记费, 工本费) from the configured fee table, and whether the payment platform notified their payment. */

const zYuan = z.string().regex(/^\d+\.\d{2}$/).meta({ description: 'Yuan (CNY) with two decimals, e.g. "80.00"' });

export const zFeeLine = z
  .object({
    registrationId: z.string(),
    type: z.enum(REGISTRATION_TYPES),
    status: z.enum(REGISTRATION_STATUSES),
    feeClass: z.enum(['RESIDENTIAL', 'NON_RESIDENTIAL']).meta({ description: "住宅类 or 非住宅类, by the units' registered use" }),
    pieces: z.int().meta({ description: '件: one per parcel (宗地) the registration covers (several units of one mortgage on one parcel are one)' }),
    registrationFee: zYuan,
    certificates: z.int().meta({ description: 'Title certificates issued, one per right holder (a registration proof carries no 工本费)' }),
    certificateFee: zYuan,
    total: zYuan,
    exemption: z.string().nullable(),
    basis: z.array(z.string()).meta({ description: 'The passages of the fee table this line applies' }),
  })
  .meta({ id: 'FeeLine' });

export const zCaseFees = z
  .object({
    caseId: z.string().meta({ description: 'The one-window application, or a registration filed without one' }),
    district: z.string(),
    currency: z.literal('CNY'),
    assumed: z.boolean().meta({ description: "True while the fee table's amounts are not checked against the published notices (its source says so)" }),
    items: z.array(zFeeLine),
    total: zYuan,
    exemption: z.object({ code: z.string(), name: z.string(), basis: z.string() }).nullable(),
    status: z.enum(['NOTHING_DUE', 'UNPAID', 'PAID']),
    payment: z.object({ notificationId: z.string(), amount: zYuan, paidAt: zInstant, receivedAt: zInstant }).nullable(),
  })
  .meta({ id: 'CaseFees', description: "A case's fees and their payment" });
export type CaseFees = z.infer<typeof zCaseFees>;

export const zPaymentReceipt = z
  .object({
    caseId: z.string(),
    notificationId: z.string(),
    duplicate: z.boolean().meta({ description: 'This notification was applied before: nothing changed' }),
    fees: zCaseFees,
  })
  .meta({ id: 'PaymentReceipt', description: 'The notification was accepted: the case is paid' });
