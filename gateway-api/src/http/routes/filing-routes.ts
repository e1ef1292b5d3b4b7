import { z } from 'zod';
import { apiOnlineApplication, zId, zIsoDate, zSha256, zText, type OnlineApplication } from '@estate-ledger/chaincode';
import * as S from '@estate-ledger/api-schemas';
import type { ApplicantCases } from '../../applicants/applicant-cases';
import type { CitizenProperties } from '../../applicants/citizen-properties';
import type { OnlineFiling } from '../../applicants/online-filing';
import type { BatchWorker } from '../../channels/batch-worker';
import { batchRequestSchema, type BatchRequest } from '../../channels/batch-request';
import type { ChannelBatches } from '../../channels/channel-batches';
import type { ChannelSupervision } from '../../channels/channel-supervision';
import type { GatewayConfig } from '../../config/gateway-config';
import { registerToday, type Clock } from '../../register-clock';
import { APPLICANT, scope } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute, type HandlerContext } from '../route-spec';
import { applicantCalling, channelCalling, citizenCalling } from './applicant-calls';
import { viewerOf, zCursor, zLimit } from './query-routes';

export interface FilingDeps {
  filing: OnlineFiling;
  applicantCases: ApplicantCases;
  properties: CitizenProperties;
  batches: ChannelBatches;
  supervision: ChannelSupervision;
  batchWorker: BatchWorker;
  config: GatewayConfig;
  clock: Clock;
}

/** Sends a stored document as it was uploaded: its bytes are what the ledger's hash covers. */
function sendDocument(c: HandlerContext<unknown, unknown, unknown>, sha256: string, doc: { mediaType: string; bytes: Buffer }) {
  c.res.status(200).type(doc.mediaType).setHeader('Content-Disposition', `attachment; filename="${sha256}"`);
  c.res.setHeader('X-Content-Type-Options', 'nosniff');
  c.res.send(doc.bytes);
  return undefined;
}


const zSha256Param = z.strictObject({ sha256: zSha256 });
const zApplicationParam = z.strictObject({ applicationId: zId('applicationId') });
const zBatchParam = z.strictObject({ batchId: z.uuid() });

/**
 * The applicants' side of the one-window platform: online filing with files (网上申请),
 * supplement (补正), withdrawal (撤件), my cases with their progress (办件进度), the stored
 * documents; and the bank and developer channels' batches (集中办理) with their supervision.
 */
export function filingRoutes(d: FilingDeps): AnyRoute[] {
  const batchSchema = batchRequestSchema(() => d.clock.now());
  const onlineApplication = apiOnlineApplication(() => d.clock.now());
  return [
    route<Record<string, never>, Record<string, never>, OnlineApplication>({
      operationId: 'fileOnlineApplication', method: 'post', path: '/applicant/applications', tag: 'Applicants',
      summary: 'File a one-window application online with the files of its materials (网上申请); a citizen only for a sale contract they are a party to, a channel within the business types and districts it is granted (a bank\'s mortgage over several units: additionalUnits)',
      access: APPLICANT, body: onlineApplication, upload: true,
      response: { status: 201, description: 'Filed: the application as the ledger stored it, each file under its SHA-256', schema: S.SUBMISSIONS.application },
      handle: async (c) => ({ status: 201, body: await d.filing.file(applicantCalling(c), c.body, c.files, c.requestId) }),
    }),
    route<{ applicationId: string }, Record<string, never>, Record<string, never>>({
      operationId: 'supplementOnlineApplication', method: 'post', path: '/applicant/applications/{applicationId}/supplement', tag: 'Applicants',
      summary: 'Upload the materials the registry asked for (补正); the case returns to intake',
      access: APPLICANT, params: zApplicationParam, body: z.strictObject({}), upload: true,
      response: { status: 201, description: 'Supplied', schema: S.zSupplementSubmission },
      handle: async (c) => {
        if (c.files.length === 0) throw new ApiError(400, 'VALIDATION_FAILED', 'files: at least one file part, named by its material type', 'files', 'REQUIRED');
        return { status: 201, body: { submissions: await d.filing.supplement(applicantCalling(c), c.params.applicationId, c.files, c.requestId) } };
      },
    }),
    route<{ applicationId: string }, Record<string, never>, { reason: string }>({
      operationId: 'withdrawOnlineApplication', method: 'post', path: '/applicant/applications/{applicationId}/withdraw', tag: 'Applicants',
      summary: 'Withdraw your application before recording (撤件)', access: APPLICANT, params: zApplicationParam, body: z.strictObject({ reason: zText(200) }),
      response: { status: 201, description: 'Withdrawn', schema: S.SUBMISSIONS.application },
      handle: async (c) => ({ status: 201, body: await d.filing.withdraw(applicantCalling(c), c.params.applicationId, c.body.reason, c.requestId) }),
    }),
    route<Record<string, never>, { limit: number; cursor?: string }>({
      operationId: 'listMyCases', method: 'get', path: '/applicant/applications', tag: 'Applicants',
      summary: 'My cases, newest first, each with its progress per department, time limit and what it awaits from whom (我的办件)', access: APPLICANT,
      query: z.strictObject({ limit: zLimit, cursor: zCursor }),
      response: { status: 200, description: 'A page of my cases', schema: S.zMyCases },
      handle: async (c) => ({ body: await d.applicantCases.mine(applicantCalling(c), c.query.limit, c.query.cursor) }),
    }),
    route<{ applicationId: string }>({
      operationId: 'getMyCaseProgress', method: 'get', path: '/applicant/applications/{applicationId}/progress', tag: 'Applicants',
      summary: 'Progress of my case by its number (办件进度)', access: APPLICANT, params: zApplicationParam,
      response: { status: 200, description: 'Progress', schema: S.zApplicationProgress },
      handle: async (c) => ({ body: await d.applicantCases.progress(applicantCalling(c), c.params.applicationId) }),
    }),
    route<Record<string, never>, { limit: number; cursor?: string }>({
      operationId: 'listMyProperties', method: 'get', path: '/applicant/properties', tag: 'Applicants',
      summary: 'The units I hold (本人名下): ownership, advance notices and residence rights, each with the restrictions on it and the certificates of my rights', access: APPLICANT,
      query: z.strictObject({ limit: zLimit, cursor: zCursor }),
      response: { status: 200, description: 'A page of my units, by unit number', schema: S.zMyProperties },
      handle: async (c) => ({ body: await d.properties.mine(citizenCalling(c), c.query.limit, c.query.cursor) }),
    }),
    route<{ sha256: string }>({
      operationId: 'getMyDocument', method: 'get', path: '/applicant/documents/{sha256}', tag: 'Applicants',
      summary: 'A file uploaded to one of my cases, by its SHA-256', access: APPLICANT, params: zSha256Param,
      response: { status: 200, description: 'The stored bytes (PDF, JPEG or PNG)', schema: S.zStoredDocument, contentType: 'application/octet-stream', verbatim: true },
      handle: async (c) => sendDocument(c, c.params.sha256, await d.applicantCases.document({ applicant: applicantCalling(c) }, c.params.sha256)),
    }),
    route<{ sha256: string }>({
      operationId: 'getDocument', method: 'get', path: '/documents/{sha256}', tag: 'Applications',
      summary: "A file uploaded to a case of your districts, by its SHA-256 (the hash in the case's materials)", access: scope('staff.read'), params: zSha256Param,
      response: { status: 200, description: 'The stored bytes (PDF, JPEG or PNG)', schema: S.zStoredDocument, contentType: 'application/octet-stream', verbatim: true },
      handle: async (c) => sendDocument(c, c.params.sha256, await d.applicantCases.document({ staff: viewerOf(c.principal) }, c.params.sha256)),
    }),
    route<Record<string, never>, Record<string, never>, BatchRequest>({
      operationId: 'submitChannelBatch', method: 'post', path: '/channel/batches', tag: 'Channels',
      summary: 'Submit a batch (集中办理): banks mortgages and their cancellations, developers first registrations and new-home transfers; answered at once, processed in the background',
      access: APPLICANT, body: batchSchema as unknown as z.ZodType<BatchRequest>,
      response: { status: 202, description: 'Accepted (200 with replayed: true when the same batch was posted before)', schema: S.zBatchAccepted },
      handle: async (c) => {
        const out = await d.batches.submit(channelCalling(c), c.body);
        if (out.created) d.batchWorker.kick();
        return { status: out.created ? 202 : 200, body: { batch: out.batch, replayed: !out.created, callback: out.callback } };
      },
    }),
    route<{ batchId: string }>({
      operationId: 'getChannelBatch', method: 'get', path: '/channel/batches/{batchId}', tag: 'Channels', summary: 'One of my batches and how far its items are', access: APPLICANT, params: zBatchParam,
      response: { status: 200, description: 'The batch', schema: S.zBatch },
      handle: async (c) => ({ body: await d.batches.get(channelCalling(c), c.params.batchId) }),
    }),
    route<{ batchId: string }, { limit: number; cursor?: string }>({
      operationId: 'listChannelBatchItems', method: 'get', path: '/channel/batches/{batchId}/items', tag: 'Channels', summary: "Each item's result: RECORDED with its registration, REFUSED with the rule's code, or PENDING",
      access: APPLICANT, params: zBatchParam, query: z.strictObject({ limit: zLimit, cursor: zCursor }),
      response: { status: 200, description: 'A page of items in batch order', schema: S.zBatchItemPage },
      handle: async (c) => ({ body: await d.batches.items(channelCalling(c), c.params.batchId, c.query.limit, c.query.cursor) }),
    }),
    route<Record<string, never>, { from?: string; to?: string }>({
      operationId: 'getChannelSupervision', method: 'get', path: '/channel-supervision', tag: 'Channels',
      summary: 'Supervision of the bulk channels (集中办理监管): volumes, rejection and supplement rates, time to completion, daily series', access: scope('statistics.read'),
      query: z.strictObject({ from: zIsoDate.optional(), to: zIsoDate.optional() }),
      response: { status: 200, description: 'Per channel, from `from` (default 30 days before `to`) to `to` (default today), China dates', schema: S.zChannelSupervision },
      handle: async (c) => {
        const to = c.query.to ?? registerToday(d.clock);
        const from = c.query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
        if (from > to) throw new ApiError(400, 'VALIDATION_FAILED', 'from: must not be after to', 'from', 'RANGE');
        return { body: await d.supervision.overview(from, to) };
      },
    }),
  ];
}

