import { z } from 'zod';
import { zId, zSha256 } from '@estate-ledger/chaincode';
import * as S from '@estate-ledger/api-schemas';
import type { ApplicantCases } from '../../applicants/applicant-cases';
import type { CaseFeesService } from '../../fees/case-fees';
import type { PaymentNotifications } from '../../fees/payment-notifications';
import type { Clock } from '../../register-clock';
import { APPLICANT, PUBLIC, scope } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute } from '../route-spec';
import { viewerOf } from './query-routes';

export interface FeeDeps {
  fees: CaseFeesService;
  payments: PaymentNotifications;
  applicantCases: ApplicantCases;
  clock: Clock;
}

const zCaseParam = z.strictObject({ caseId: zId('caseId') });
const zApplicationParam = z.strictObject({ applicationId: zId('applicationId') });
const zNotification = z
  .string()
  .max(8000)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'must be a compact JWS (three base64url parts)')
  .meta({ description: 'Compact JWS (JWT) signed by the payment platform' });

/**
 * Fees (不动产登记费, 工本费) per case from the configured fee table, shown to the case's staff and
 * its applicant; the registry grants exemptions; the payment platform's signed notification marks
 * a case paid.
 */
export function feeRoutes(d: FeeDeps): AnyRoute[] {
  return [
    route<{ caseId: string }>({
      operationId: 'getCaseFees', method: 'get', path: '/fees/{caseId}', tag: 'Fees',
      summary: "A case's fees (application id, or a registration filed without one) and whether they are paid", access: scope('staff.read'), params: zCaseParam,
      response: { status: 200, description: 'The fees, each registration with the passages of the fee table it applies', schema: S.zCaseFees },
      handle: async (c) => ({ body: await d.fees.forDistricts(c.params.caseId, viewerOf(c.principal).districts) }),
    }),
    route<{ caseId: string }, Record<string, never>, { code: string; documentSha256: string }>({
      operationId: 'grantFeeExemption', method: 'post', path: '/fees/{caseId}/exemption', tag: 'Fees',
      summary: 'Grant the case an exemption of the fee table (小微企业, 夫妻间变更 …) on the evidence named by its SHA-256; replaces an earlier grant until the case is paid',
      access: scope('fees.manage'), params: zCaseParam,
      body: z.strictObject({ code: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be an exemption code of the fee table'), documentSha256: zSha256 }),
      response: { status: 200, description: 'The fees under the exemption', schema: S.zCaseFees },
      handle: async (c) => {
        if (!c.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
        return { body: await d.fees.grantExemption(c.params.caseId, c.principal.districts, c.body, c.principal.subject, d.clock.now()) };
      },
    }),
    route<{ applicationId: string }>({
      operationId: 'getMyCaseFees', method: 'get', path: '/applicant/applications/{applicationId}/fees', tag: 'Applicants',
      summary: 'The fees of one of my cases and whether they are paid (网上缴费: the payment platform notifies the gateway)', access: APPLICANT, params: zApplicationParam,
      response: { status: 200, description: 'The fees', schema: S.zCaseFees },
      handle: async (c) => {
        if (!c.applicant) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
        const { district } = await d.applicantCases.owned(c.applicant, c.params.applicationId);
        return { body: await d.fees.forDistricts(c.params.applicationId, [district]) };
      },
    }),
    route<Record<string, never>, Record<string, never>, { notification: string }>({
      operationId: 'receivePaymentNotification', method: 'post', path: '/payments/notifications', tag: 'Fees',
      summary: "The payment platform's notification (缴费结果通知): a compact JWS signed with a key of its configured JWKS, claims jti, caseId, amount, currency, paidAt. No credentials: the signature is the authentication",
      access: PUBLIC, body: z.strictObject({ notification: zNotification }),
      response: { status: 200, description: 'Accepted: the case is paid (duplicate: true when this notification was applied before and nothing changed)', schema: S.zPaymentReceipt },
      handle: async (c) => ({ body: await d.payments.receive(c.body.notification) }),
    }),
  ];
}
