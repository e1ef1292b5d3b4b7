import { z } from 'zod';
import { zInstant, zJsonValue, zPage } from './common';
import { zAnchor } from './anchoring';
import { EVENT_TYPES, REGISTRATION_STATUSES, REGISTRATION_TYPES, SEARCH_KINDS } from './vocabulary';

/** Blocks, transactions and the explorer's overview, as the read model shows them. */

export const zBlockSummary = z
  .object({
    number: z.int().min(0),
    hash: z.string(),
    previousHash: z.string(),
    dataHash: z.string(),
    committedAt: zInstant.meta({ description: "The block's first transaction's time: blocks carry no time of their own" }),
    txCount: z.int().min(0),
    validCount: z.int().min(0),
  })
  .meta({ id: 'BlockSummary' });
export type BlockSummary = z.infer<typeof zBlockSummary>;

export const zSubject = z
  .object({ kind: z.string(), id: z.string() })
  .meta({ id: 'Subject', description: "What a transaction is about, from its event: e.g. { kind: 'registration', id }" });
export type Subject = z.infer<typeof zSubject>;

export const zTxSummary = z
  .object({
    txId: z.string(),
    blockNumber: z.int().min(0),
    index: z.int().min(0),
    code: z.string().meta({ description: 'Validation code: VALID, MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE, …' }),
    committedAt: zInstant,
    creatorMsp: z.string(),
    fn: z.string().meta({ description: 'Contract function, e.g. Registration:accept' }),
    eventType: z.enum(EVENT_TYPES).nullable(),
    district: z.string().nullable(),
    unitNumber: z.string().nullable(),
    subject: zSubject.nullable(),
  })
  .meta({ id: 'TxSummary' });
export type TxSummary = z.infer<typeof zTxSummary>;

export const zBlockDetail = zBlockSummary
  .extend({ transactions: z.array(zTxSummary), anchor: zAnchor.nullable().meta({ description: 'The anchor whose range holds this block, once one does' }) })
  .meta({ id: 'Block' });
export type BlockDetail = z.infer<typeof zBlockDetail>;

export const zBlockPage = zPage(zBlockSummary, 'BlockPage');
export const zTxPage = zPage(zTxSummary, 'TransactionPage');

/**
 * A key the transaction wrote (or deleted): composite keys come as object type and attributes
 * (`key` null), simple keys as `key`. Values are not repeated: the record routes show them.
 */
export const zStateWrite = z
  .object({ objectType: z.string(), attributes: z.array(z.string()), key: z.string().nullable(), isDelete: z.boolean() })
  .meta({ id: 'StateWrite', description: 'A key the transaction wrote or deleted: composite keys as object type and attributes (key null), simple keys as key' });
export type StateWrite = z.infer<typeof zStateWrite>;

export const zLedgerEvent = z
  .object({
    type: z.enum(EVENT_TYPES),
    txId: z.string(),
    at: zInstant,
    msp: z.string(),
    role: z.string(),
    district: z.string().optional(),
    unitNumber: z.string().optional(),
    applicationId: z.string().optional(),
    subject: zSubject,
    registration: z.object({ type: z.enum(REGISTRATION_TYPES), status: z.enum(REGISTRATION_STATUSES) }).optional(),
    lapsed: z.array(z.object({ kind: z.string(), id: z.string(), reason: z.string() })).optional().meta({ description: 'Restrictions that lapsed when this transaction touched the unit' }),
    suspended: z.array(z.string()).optional().meta({ description: 'Registrations suspended by a seizure' }),
    registerVersion: z.int().optional(),
  })
  .meta({ id: 'LedgerEvent', description: 'The one event of a transaction (webhook payloads carry it too)' });
export type LedgerEvent = z.infer<typeof zLedgerEvent>;

export const zTxDetail = zTxSummary
  .extend({
    endorsers: z.array(z.string()).meta({ description: 'MSPs of the endorsing peers' }),
    event: zLedgerEvent.nullable(),
    args: z.array(zJsonValue).meta({ description: "The contract function's arguments, decoded: usually one JSON object. Parties appear only as transient-map keys (\"p1\")" }),
    writes: z.array(zStateWrite),
  })
  .meta({ id: 'Transaction' });
export type TxDetail = z.infer<typeof zTxDetail>;

export const zActivityBucket = z
  .object({ at: zInstant.meta({ description: "The bucket's start" }), blocks: z.int(), transactions: z.int(), invalid: z.int() })
  .meta({ id: 'ActivityBucket', description: 'Blocks and transactions committed in one time bucket' });
export type ActivityBucket = z.infer<typeof zActivityBucket>;

export const zActivity = z
  .object({ lastHourByMinute: z.array(zActivityBucket), lastDayByHour: z.array(zActivityBucket), last30DaysByDay: z.array(zActivityBucket) })
  .meta({ id: 'Activity', description: 'Only buckets with activity; the windows end at the latest one' });
export type Activity = z.infer<typeof zActivity>;

const zCounter = z.record(z.string(), z.int());

export const zOverview = z
  .object({
    ledger: z.object({ height: z.int() }),
    projection: z.object({ height: z.int(), lagBlocks: z.int() }),
    counts: z.object({ blocks: z.int(), transactions: z.int(), units: z.int(), certificates: z.int(), registrationsOpen: z.int() }),
    recentBlocks: z.array(zBlockSummary),
    endorsementsByOrganisation: zCounter.meta({ description: "Endorsements given, by the endorsing organisation's MSP" }),
    transactionsByOrganisation: zCounter.meta({ description: "Transactions submitted, by the creator's MSP" }),
    transactionsByValidationCode: zCounter.meta({ description: 'Transactions by validation code (VALID, MVCC_READ_CONFLICT, …)' }),
    activity: zActivity,
  })
  .meta({ id: 'Overview' });
export type Overview = z.infer<typeof zOverview>;

export const zSearchResult = z.object({ kind: z.enum(SEARCH_KINDS), id: z.string(), label: z.string() }).meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof zSearchResult>;
export type SearchKind = SearchResult['kind'];

export const zSearchResults = z.object({ results: z.array(zSearchResult) }).meta({ id: 'SearchResults' });
