import { z } from 'zod';
import { zRegisterTime, zToken, zUnitStatus, zVerification } from '@estate-ledger/api-schemas';
import { zTitleNumber, zUnitNumber } from '@estate-ledger/chaincode';
import { registerToday, type Clock } from '../../register-clock';
import { AccountStore } from '../../auth/account-store';
import { TokenService } from '../../auth/token-service';
import { UnitQueries } from '../../read-model/unit-queries';
import { VerificationQuery } from '../../read-model/verification-query';
import { PUBLIC } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute } from '../route-spec';

/** A certificate's SHA-256 as QR codes and people write it: upper-case hex is read as lower case. */
export const zCertificateHash = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be a hex SHA-256 digest (64 characters)')
  .transform((h) => h.toLowerCase())
  .meta({ description: 'SHA-256 of the certificate file, hex; upper case is accepted and read as lower case', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });

export function publicRoutes(d: { verification: VerificationQuery; units: UnitQueries; accounts: AccountStore; tokens: TokenService; clock: Clock }): AnyRoute[] {
  return [
    route({
      operationId: 'getRegisterTime', method: 'get', path: '/time', tag: 'Public', summary: 'The register\'s clock and today\'s date in China time (public)', access: PUBLIC,
      response: { status: 200, description: 'Now and today', schema: zRegisterTime },
      handle: async () => ({ body: { now: d.clock.now().toISOString(), today: registerToday(d.clock), timeZone: 'Asia/Shanghai' } }),
    }),
    route<{ sha256: string }>({
      operationId: 'verifyCertificate', method: 'get', path: '/verify/{sha256}', tag: 'Public', summary: 'Verify an e-certificate by the SHA-256 of its file (public, rate-limited)', access: PUBLIC,
      // QR links carry parameters of their own (?src=qr&v=1): unknown query parameters are ignored, not refused.
      params: z.strictObject({ sha256: zCertificateHash }), query: z.object({}), response: { status: 200, description: 'The outcome', schema: zVerification, unavailable: 'STATUS_UNKNOWN: the register cannot be consulted right now; never a confirmation' },
      handle: async (c) => {
        const r = await d.verification.verify(c.params.sha256);
        c.res.status(r.unavailable ? 503 : 200).type('application/json').send(r.body);
        return undefined;
      },
    }),
    route<Record<string, never>, { certNo: string; unitNumber: string }>({
      operationId: 'verifyCertificateByNumber', method: 'get', path: '/verify-by-number', tag: 'Public', summary: 'Verify a certificate by its number and unit number, e.g. a paper or migrated legacy certificate (public, rate-limited)', access: PUBLIC,
      query: z.strictObject({ certNo: zTitleNumber(() => d.clock.now()), unitNumber: zUnitNumber }),
      response: { status: 200, description: 'The outcome', schema: zVerification, unavailable: 'STATUS_UNKNOWN: the register cannot be consulted right now; never a confirmation' },
      handle: async (c) => {
        const r = await d.verification.verifyByNumber(c.query.certNo, c.query.unitNumber);
        c.res.status(r.unavailable ? 503 : 200).type('application/json').send(r.body);
        return undefined;
      },
    }),
    route<{ unitNumber: string }>({
      operationId: 'getUnitStatus', method: 'get', path: '/units/{unitNumber}/status', tag: 'Public', summary: 'Restriction flags of a unit, no personal data (public, rate-limited)', access: PUBLIC,
      params: z.strictObject({ unitNumber: zUnitNumber }), response: { status: 200, description: 'Flags', schema: zUnitStatus },
      handle: async (c) => ({ body: await d.units.status(c.params.unitNumber) }),
    }),
    route<Record<string, never>, Record<string, never>, { apiKey: string }>({
      operationId: 'issueToken', method: 'post', path: '/auth/token', tag: 'Auth', summary: 'Exchange an API key for a short-lived JWT', access: PUBLIC,
      body: z.strictObject({ apiKey: z.string().min(8).max(200) }),
      response: { status: 200, description: 'Token', schema: zToken },
      handle: async (c) => {
        const principal = d.accounts.byApiKey(c.body.apiKey);
        if (!principal) throw new ApiError(401, 'INVALID_API_KEY', 'apiKey: no account has this key', 'apiKey');
        return { body: { ...(await d.tokens.issue(principal, d.clock.now())), principal } };
      },
    }),
  ];
}
