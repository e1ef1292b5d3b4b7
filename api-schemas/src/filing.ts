import { z } from 'zod';
import { zInstant, zIsoDate, zPage } from './common';
import { SUBMISSIONS, zApplicationProgress } from './cases';
import { REGISTRATION_TYPES } from './vocabulary';

/** Applicants' side: online filing with files, their cases, channel batches and their supervision. */

export const zMyCases = z
  .object({ items: z.array(zApplicationProgress).meta({ description: 'The newest 50 cases, each with its progress per department' }) })
  .meta({ id: 'MyCases', description: "我的办件: an applicant's cases with their progress" });
export type MyCases = z.infer<typeof zMyCases>;

export const zSupplementSubmission = z
  .object({ submissions: z.array(SUBMISSIONS.registration.or(SUBMISSIONS.application)).meta({ description: 'One per registration that awaited the files (or the application, when none did)' }) })
  .meta({ id: 'SupplementSubmission', description: 'The supplied files were recorded on the ledger; the case returned to intake' });

export const BATCH_STATUSES = ['ACCEPTED', 'COMPLETED'] as const;
export const BATCH_ITEM_STATUSES = ['PENDING', 'RECORDED', 'REFUSED', 'FAILED'] as const;
export const BATCH_ITEM_STAGES = ['APPLY', 'ACCEPT', 'REVIEW', 'RECORD', 'DONE'] as const;

export const zBatch = z
  .object({
    batchId: z.string(),
    channelId: z.string(),
    idempotencyKey: z.string(),
    status: z.enum(BATCH_STATUSES),
    createdAt: zInstant,
    completedAt: zInstant.nullable(),
    items: z.int().meta({ description: 'Items this batch queued (duplicates of earlier batches not counted)' }),
    counts: z.object(Object.fromEntries(BATCH_ITEM_STATUSES.map((s) => [s, z.int()])) as Record<(typeof BATCH_ITEM_STATUSES)[number], z.ZodInt>),
    duplicates: z.array(z.object({ itemKey: z.string(), batchId: z.string() })).meta({ description: 'Items whose key an earlier batch of the channel carried: processed there, once' }),
  })
  .meta({ id: 'Batch', description: 'A channel batch (集中办理) and how far its items are' });
export type Batch = z.infer<typeof zBatch>;

export const zBatchAccepted = z
  .object({
    batch: zBatch,
    replayed: z.boolean().meta({ description: 'The same batch was posted before: this is that batch, nothing new was queued' }),
    callback: z
      .object({ subscriptionId: z.string(), secret: z.string().meta({ description: 'Checks the X-Estate-Signature of the BATCH_COMPLETED webhook; shown this once' }) })
      .optional(),
  })
  .meta({ id: 'BatchAccepted' });
export type BatchAccepted = z.infer<typeof zBatchAccepted>;

export const zBatchItem = z
  .object({
    seq: z.int(),
    itemKey: z.string(),
    kind: z.enum(REGISTRATION_TYPES),
    unitNumber: z.string(),
    registrationId: z.string(),
    status: z.enum(BATCH_ITEM_STATUSES),
    stage: z.enum(BATCH_ITEM_STAGES),
    code: z.string().nullable().meta({ description: "The rule's code when REFUSED (e.g. UNIT_SEIZED), the fault when FAILED" }),
    message: z.string().nullable(),
    finishedAt: zInstant.nullable(),
  })
  .meta({ id: 'BatchItem' });
export const zBatchItemPage = zPage(zBatchItem, 'BatchItemPage');

export const zChannelSupervision = z
  .object({
    from: zIsoDate,
    to: zIsoDate,
    channels: z.array(
      z.object({
        channelId: z.string(),
        batches: z.int(),
        items: z.int(),
        recorded: z.int(),
        refused: z.int(),
        failed: z.int(),
        pending: z.int(),
        rejectionRate: z.number().nullable().meta({ description: 'Refused items / finished items' }),
        cases: z.int().meta({ description: "Registrations filed through the channel (its batches' and others)" }),
        supplementRate: z.number().nullable().meta({ description: 'Share of those cases sent back for supplement (补正)' }),
        avgCompletionSeconds: z.number().nullable().meta({ description: 'Submission to recording, recorded items' }),
        p90CompletionSeconds: z.number().nullable(),
      }),
    ),
    daily: z.array(z.object({ channelId: z.string(), date: zIsoDate, items: z.int(), refused: z.int() })).meta({ description: 'Items per channel and China date, for charts' }),
  })
  .meta({ id: 'ChannelSupervision', description: '集中办理监管: volumes, rejection and supplement rates, time to completion per channel' });
export type ChannelSupervision = z.infer<typeof zChannelSupervision>;

export const zStoredDocument = z
  .string()
  .meta({ id: 'StoredDocument', format: 'binary', description: 'The bytes as uploaded (PDF, JPEG or PNG; Content-Type says which): their SHA-256 is the hash the ledger records' });
