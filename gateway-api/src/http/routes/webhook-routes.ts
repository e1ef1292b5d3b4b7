import { z } from 'zod';
import * as S from '@estate-ledger/api-schemas';
import { EVENT_TYPES, zDistrict } from '@estate-ledger/chaincode';
import type { ReadDb } from '../../read-model/read-db';
import { WebhookReconciler } from '../../webhooks/webhook-reconciler';
import { WebhookSubscriptions, type WebhookSubscription } from '../../webhooks/webhook-subscriptions';
import type { StaffPrincipal } from '../../auth/principal';
import { scope } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute } from '../route-spec';
import { zCursor, zLimit } from './query-routes';
import { decodeCursor, pageOf } from '../../read-model/cursor';

const manage = scope('webhooks.manage');
const zIdParam = z.strictObject({ id: z.uuid() });

export function webhookRoutes(d: { subscriptions: WebhookSubscriptions; reconciler: WebhookReconciler; db: ReadDb }): AnyRoute[] {
  /** A subscription is managed only by the organisation that created it. */
  const owned = async (id: string, p: StaffPrincipal | undefined): Promise<WebhookSubscription> => {
    const sub = await d.subscriptions.get(id);
    if (!sub || sub.ownerMsp !== p?.msp) throw new ApiError(404, 'WEBHOOK_NOT_FOUND', `No webhook subscription ${id} of your organisation`, 'id');
    return sub;
  };
  return [
    route<Record<string, never>, Record<string, never>, { url: string; eventTypes: Array<(typeof EVENT_TYPES)[number]>; district?: string }>({
      operationId: 'createWebhook', method: 'post', path: '/webhooks', tag: 'Webhooks', summary: 'Subscribe a URL to signed callbacks on case progress and completion; the secret is returned once', access: manage,
      body: z.strictObject({ url: z.string().max(2048), eventTypes: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).default([]), district: zDistrict.optional() }),
      response: { status: 201, description: 'The subscription with its signing secret', schema: S.zWebhookSubscriptionCreated },
      handle: async (c) => {
        const p = c.principal as StaffPrincipal;
        const district = c.body.district ?? p.districts[0];
        if (!p.districts.includes(district)) throw new ApiError(403, 'OUTSIDE_DISTRICT', `district: this account does not serve ${district}`, 'district');
        return { status: 201, body: await d.subscriptions.create({ url: c.body.url, eventTypes: c.body.eventTypes, district, ownerMsp: p.msp, createdBy: p.subject }) };
      },
    }),
    route({
      operationId: 'listWebhooks', method: 'get', path: '/webhooks', tag: 'Webhooks', summary: "Your organisation's subscriptions", access: manage,
      response: { status: 200, description: 'Subscriptions', schema: S.zWebhookSubscriptionList },
      handle: async (c) => ({ body: { items: await d.subscriptions.list((c.principal as StaffPrincipal).msp) } }),
    }),
    route<{ id: string }>({
      operationId: 'deleteWebhook', method: 'delete', path: '/webhooks/{id}', tag: 'Webhooks', summary: 'Stop a subscription (its delivery history is kept)', access: manage,
      params: zIdParam, response: { status: 200, description: 'The deactivated subscription', schema: S.zWebhookSubscription },
      handle: async (c) => {
        await owned(c.params.id, c.principal);
        return { body: await d.subscriptions.deactivate(c.params.id) };
      },
    }),
    route<{ id: string }, { limit: number; cursor?: string }>({
      operationId: 'listWebhookDeliveries', method: 'get', path: '/webhooks/{id}/deliveries', tag: 'Webhooks', summary: 'Deliveries of a subscription with their status and attempts, oldest first', access: manage,
      params: zIdParam, query: z.strictObject({ limit: zLimit, cursor: zCursor }), response: { status: 200, description: 'A page of deliveries', schema: S.zWebhookDeliveryPage },
      handle: async (c) => {
        await owned(c.params.id, c.principal);
        const after = decodeCursor(c.query.cursor, 1);
        const rows = await d.db.query<{ id: string; tx_id: string; block_number: string; event_type: string; status: string; attempts: number; next_attempt_at: Date; last_error: string | null; delivered_at: Date | null }>(
          `SELECT id, tx_id, block_number, event_type, status, attempts, next_attempt_at, last_error, delivered_at FROM webhook_outbox
           WHERE subscription_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
          [c.params.id, after ? Number(after[0]) : 0, c.query.limit + 1],
        );
        return {
          body: pageOf(rows, c.query.limit, (r) => ({
            deliveryId: `${c.params.id}:${r.tx_id}`, sequence: Number(r.id), txId: r.tx_id, blockNumber: Number(r.block_number), eventType: r.event_type, status: r.status,
            attempts: r.attempts, nextAttemptAt: new Date(r.next_attempt_at).toISOString(), lastError: r.last_error, deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
          }), (r) => [Number(r.id)]),
        };
      },
    }),
    route<{ id: string }>({
      operationId: 'reconcileWebhook', method: 'post', path: '/webhooks/{id}/reconcile', tag: 'Webhooks', summary: 'Re-send what the subscriber missed now, instead of waiting for the daily reconciliation', access: manage,
      params: zIdParam, response: { status: 200, description: 'Counts', schema: S.zWebhookReconciled },
      handle: async (c) => {
        await owned(c.params.id, c.principal);
        return { body: await d.reconciler.reconcile(c.params.id) };
      },
    }),
    route<{ id: string }, Record<string, never>, { fromDeliveryId: string }>({
      operationId: 'replayWebhook', method: 'post', path: '/webhooks/{id}/replay', tag: 'Webhooks', summary: 'Re-send deliveries after one the receiver says it lost (receivers de-duplicate on X-Estate-Delivery)', access: manage,
      params: zIdParam, body: z.strictObject({ fromDeliveryId: z.string().min(1).max(200) }), response: { status: 200, description: 'Count re-queued', schema: S.zWebhookReplayed },
      handle: async (c) => {
        await owned(c.params.id, c.principal);
        return { body: { requeued: await d.reconciler.replay(c.params.id, c.body.fromDeliveryId) } };
      },
    }),
  ];
}
