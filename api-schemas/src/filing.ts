import { z } from 'zod';
import { zAreas, zDecimal, zInstant, zIsoDate, zPage, zUnitFlags } from './common';
import { SUBMISSIONS, zApplicationProgress, zCertificate } from './cases';
import { zAdvanceNotice, zMortgage, zObjection, zOwnership, zSeizure } from './register';
import { HELD_RIGHT_TYPES, REGISTRATION_TYPES } from './vocabulary';

/** Applicants' side: online filing with files, their cases and property, channel batches and their supervision. */

export const zMyCases = zPage(zApplicationProgress, 'MyCases', "我的办件: a page of an applicant's cases, newest first, each with its progress per department");
export type MyCases = z.infer<typeof zMyCases>;

export const zHeldRight = z
  .object({
    type: z.enum(HELD_RIGHT_TYPES),
    rightId: z.string(),
    share: zDecimal.optional().meta({ description: 'Your share in percent (SHARES co-ownership only)' }),
    recordedAt: zInstant,
    certNo: z.string().optional().meta({ description: 'The certificate issued for this right, once numbered' }),
  })
  .meta({ id: 'HeldRight', description: 'A right by which you hold the unit: ownership, an advance notice (预告登记) or a residence right (居住权)' });
export type HeldRight = z.infer<typeof zHeldRight>;

export const zMyProperty = z
  .object({
    unitNumber: z.string(),
    houseCode: z.string(),
    district: z.string(),
    location: z.string(),
    use: z.string(),
    areas: zAreas,
    registerVersion: z.int(),
    flags: zUnitFlags,
    rights: z.array(zHeldRight).min(1),
    ownership: zOwnership.optional().meta({ description: "The unit's ownership with every holder: yours in full, co-owners' names and ID numbers masked" }),
    restrictions: z
      .object({ mortgages: z.array(zMortgage), seizures: z.array(zSeizure), notices: z.array(zAdvanceNotice), objections: z.array(zObjection) })
      .meta({ description: 'Mortgages, seizures, advance notices and objections (抵押/查封/预告/异议) standing on the unit now (lapsed ones removed); other persons masked' }),
    certificates: z.array(zCertificate).meta({ description: 'Certificates issued for your rights on the unit, newest first, with their status; GET /applicant/certificates/{certNo}/pdf downloads one' }),
  })
  .meta({ id: 'MyProperty', description: 'A unit you hold, as the register reads now' });
export type MyProperty = z.infer<typeof zMyProperty>;

export const zMyProperties = zPage(zMyProperty, 'MyProperties', '本人名下: a page of the units a citizen holds, by unit number, found by their verified ID number');
export type MyProperties = z.infer<typeof zMyProperties>;

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
