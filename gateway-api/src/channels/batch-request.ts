import { z } from 'zod';
import { apiCommands, zId, type ApiInput, type RegistrationType, type Today } from '@estate-ledger/chaincode';
import type { ChannelApplicant } from '../applicants/applicant';
import { mapInSlices } from '../event-loop-slices';

/** The most items one batch may carry (集中办理: a bank's day of mortgages, a developer's project). */
export const MAX_BATCH_ITEMS = 5_000;

/** What each kind of channel submits in bulk: banks their mortgages, developers a project's first registrations and new-home transfers. */
export const BATCH_KINDS: Record<ChannelApplicant['channelType'], readonly RegistrationType[]> = {
  bank: ['MORTGAGE', 'MORTGAGE_CANCELLATION'],
  developer: ['FIRST', 'TRANSFER'],
  broker: [],
  agent: [],
  portal: [],
};

/** An item's registration is the registration command without the ids the gateway assigns. */
export type ItemRegistration = Omit<ApiInput<'applyRegistration'>, 'registrationId' | 'applicationId' | 'channel'>;

export interface BatchRequest {
  idempotencyKey: string;
  callbackUrl?: string;
  items: Array<{ itemKey: string; registration: ItemRegistration }>;
}

/**
 * A batch: an idempotency key for the whole, one per item, and each item's registration checked
 * by the registration command's own schema at the edge (a malformed item refuses the batch with
 * its path, e.g. items.12.registration.mortgage.amount; rule refusals come later, per item).
 */
export function batchRequestSchema(today: Today) {
  const registration = apiCommands(today).applyRegistration;
  return z
    .strictObject({
      idempotencyKey: zId('idempotencyKey'),
      callbackUrl: z.string().max(2048).optional().meta({ description: 'Receives one signed BATCH_COMPLETED webhook when every item is processed' }),
      items: z
        .array(z.strictObject({ itemKey: zId('itemKey'), registration: z.record(z.string(), z.unknown()).meta({ description: 'The registration (POST /registrations body) without registrationId, applicationId and channel' }) }))
        .min(1)
        .max(MAX_BATCH_ITEMS),
    })
    // Async, and a slice of items at a time: checking thousands of registrations in one go would hold other callers' requests.
    .transform(async (b, ctx): Promise<BatchRequest> => {
      const seen = new Set<string>();
      const items = await mapInSlices(b.items, (item, i) => {
        if (seen.has(item.itemKey)) ctx.addIssue({ code: 'custom', path: ['items', i, 'itemKey'], message: 'appears twice in the batch', params: { rule: 'UNIQUE' } });
        seen.add(item.itemKey);
        for (const k of ['registrationId', 'applicationId', 'channel']) {
          if (k in item.registration) ctx.addIssue({ code: 'custom', path: ['items', i, 'registration', k], message: 'assigned by the gateway', params: { rule: 'ASSIGNED_BY_GATEWAY' } });
        }
        const parsed = registration.safeParse({ ...item.registration, registrationId: 'R' });
        if (!parsed.success) {
          for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ['items', i, 'registration', ...issue.path] } as never);
          return undefined;
        }
        return { itemKey: item.itemKey, registration: withoutAssignedId(parsed.data) };
      });
      return { idempotencyKey: b.idempotencyKey, callbackUrl: b.callbackUrl, items: items.filter((x): x is BatchRequest['items'][number] => !!x) };
    });

}

function withoutAssignedId(r: ApiInput<'applyRegistration'>): ItemRegistration {
  const copy: Partial<ApiInput<'applyRegistration'>> = { ...r };
  delete copy.registrationId;
  return copy as ItemRegistration;
}
