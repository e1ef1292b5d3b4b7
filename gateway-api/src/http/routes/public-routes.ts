import { z } from 'zod';
import { RESTRICTIONS, VERIFICATION_OUTCOMES, zUnitNumber } from '@estate-ledger/chaincode';
import { registerToday, type Clock } from '../../register-clock';
import { AccountStore } from '../../auth/account-store';
import { TokenService } from '../../auth/token-service';
import { UnitQueries } from '../../read-model/unit-queries';
import { VerificationQuery } from '../../read-model/verification-query';
import { PUBLIC } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute } from '../route-spec';

const zFlags = z.object({
  registered: z.boolean(), seized: z.boolean(), seizureQueued: z.boolean(), mortgaged: z.boolean(), advanceNotice: z.boolean(),
  objection: z.boolean(), residenceRight: z.boolean(), contractFiled: z.boolean(), caseInFlight: z.boolean(),
}).meta({ id: 'UnitFlags' });

export const zVerification = z
  .object({
    outcome: z.enum(VERIFICATION_OUTCOMES).meta({
      description:
        'VALID: authentic, and what it states about its own right (CERTIFICATE_STATES: holders, shares, area, use…) still matches the register; the restrictions standing on the unit are listed beside it. ' +
        'VALID_BUT_OUTDATED: authentic, but the register has changed what it states (or its right is no longer on the register); the register prevails (Civil Code 217). ' +
        'A mortgage or a seizure never makes a certificate outdated. SUPERSEDED, REVOKED, CANCELLED, NOT_FOUND; STATUS_UNKNOWN (503) when the register cannot be consulted: never a confirmation.',
    }),
    certNo: z.string().optional(),
    kind: z.enum(['TITLE', 'PROOF']).optional().meta({ description: 'TITLE: 不动产权证书; PROOF: 不动产登记证明 (mortgage, advance notice, residence right)' }),
    rightType: z.enum(['OWNERSHIP', 'MORTGAGE', 'NOTICE', 'RESIDENCE']).optional().meta({ description: 'The right the certificate is for' }),
    unitNumber: z.string().optional(),
    issuedAt: z.string().optional(),
    issuedAtVersion: z.int().optional(),
    currentVersion: z.int().optional(),
    matchesCurrent: z.boolean().optional().meta({ description: 'With VALID and VALID_BUT_OUTDATED: whether what the certificate states about its own right still matches the register' }),
    restrictions: z
      .array(z.enum(RESTRICTIONS))
      .optional()
      .meta({ description: 'With VALID and VALID_BUT_OUTDATED: the restrictions standing on the unit now, [] when none; they do not make the certificate outdated', example: ['MORTGAGED', 'SEIZED'] }),
    currentFlags: zFlags.optional().meta({ description: 'With VALID and VALID_BUT_OUTDATED: the unit\'s public-safe flags now' }),
    successor: z.string().optional(),
    reason: z.string().optional().meta({ description: 'Why a certificate is outdated, revoked, cancelled or superseded' }),
    checkedAt: z.string(),
  })
  .meta({ id: 'Verification' });

/** A certificate's SHA-256 as QR codes and people write it: upper-case hex is read as lower case. */
const zCertificateHash = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be a hex SHA-256 digest (64 characters)')
  .transform((h) => h.toLowerCase())
  .meta({ description: 'SHA-256 of the certificate file, hex; upper case is accepted and read as lower case', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });

export const zRegisterTime = z
  .object({
    now: z.string().meta({ example: '2026-12-01T15:30:00.000Z' }),
    today: z.string().meta({ description: 'The register\'s calendar date (China time): what "today" means in every date filter and time limit', example: '2026-12-01' }),
    timeZone: z.literal('Asia/Shanghai'),
  })
  .meta({ id: 'RegisterTime' });

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
      params: z.strictObject({ sha256: zCertificateHash }), query: z.object({}), response: { status: 200, description: 'The outcome; STATUS_UNKNOWN (with 503) when the register cannot be consulted', schema: zVerification },
      handle: async (c) => {
        const r = await d.verification.verify(c.params.sha256);
        c.res.status(r.unavailable ? 503 : 200).type('application/json').send(r.body);
        return undefined;
      },
    }),
    route<{ unitNumber: string }>({
      operationId: 'getUnitStatus', method: 'get', path: '/units/{unitNumber}/status', tag: 'Public', summary: 'Restriction flags of a unit, no personal data (public, rate-limited)', access: PUBLIC,
      params: z.strictObject({ unitNumber: zUnitNumber }), response: { status: 200, description: 'Flags', schema: z.object({ unitNumber: z.string(), registerVersion: z.int(), flags: zFlags }) },
      handle: async (c) => ({ body: await d.units.status(c.params.unitNumber) }),
    }),
    route<Record<string, never>, Record<string, never>, { apiKey: string }>({
      operationId: 'issueToken', method: 'post', path: '/auth/token', tag: 'Auth', summary: 'Exchange an API key for a short-lived JWT', access: PUBLIC,
      body: z.strictObject({ apiKey: z.string().min(8).max(200) }),
      response: { status: 200, description: 'Token', schema: z.object({ token: z.string(), expiresAt: z.string(), principal: z.record(z.string(), z.unknown()) }) },
      handle: async (c) => {
        const principal = d.accounts.byApiKey(c.body.apiKey);
        if (!principal) throw new ApiError(401, 'INVALID_API_KEY', 'apiKey: no account has this key', 'apiKey');
        return { body: { ...(await d.tokens.issue(principal, d.clock.now())), principal } };
      },
    }),
  ];
}
