import { z } from 'zod';
import { zInstant, zPage } from './common';
import { DELIVERY_STATUSES, EVENT_TYPES } from './vocabulary';

export const zWebhookSubscription = z
  .object({
    id: z.uuid(),
    url: z.string(),
    eventTypes: z.array(z.enum(EVENT_TYPES)).meta({ description: 'Empty: every event type' }),
    district: z.string(),
    ownerMsp: z.string(),
    createdBy: z.string(),
    createdAt: zInstant,
    fromBlock: z.int().meta({ description: 'Events of this block and earlier are never delivered: the projector had passed them at creation' }),
    active: z.boolean(),
  })
  .meta({ id: 'WebhookSubscription' });
export type WebhookSubscription = z.infer<typeof zWebhookSubscription>;

export const zWebhookSubscriptionCreated = zWebhookSubscription
  .extend({ secret: z.string().meta({ description: 'HMAC signing secret of the callbacks; returned this once only' }) })
  .meta({ id: 'WebhookSubscriptionCreated' });
export type WebhookSubscriptionCreated = z.infer<typeof zWebhookSubscriptionCreated>;

export const zWebhookSubscriptionList = z.object({ items: z.array(zWebhookSubscription) }).meta({ id: 'WebhookSubscriptionList' });

export const zWebhookDelivery = z
  .object({
    deliveryId: z.string().meta({ description: 'Sent as X-Estate-Delivery; receivers de-duplicate on it' }),
    sequence: z.int(),
    txId: z.string(),
    blockNumber: z.int(),
    eventType: z.enum(EVENT_TYPES),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.int(),
    nextAttemptAt: zInstant,
    lastError: z.string().nullable(),
    deliveredAt: zInstant.nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof zWebhookDelivery>;
export const zWebhookDeliveryPage = zPage(zWebhookDelivery, 'WebhookDeliveryPage');

export const zWebhookReconciled = z
  .object({ requeued: z.int().meta({ description: 'Dead deliveries queued again' }), recreated: z.int().meta({ description: 'Deliveries created for events the subscriber never got' }) })
  .meta({ id: 'WebhookReconciled' });
export type WebhookReconciled = z.infer<typeof zWebhookReconciled>;
export const zWebhookReplayed = z.object({ requeued: z.int() }).meta({ id: 'WebhookReplayed' });
