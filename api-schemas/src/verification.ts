import { z } from 'zod';
import { zInstant, zUnitFlags } from './common';
import { RESTRICTIONS, RIGHT_TYPES, VERIFICATION_OUTCOMES, VERIFIED_DOCUMENT_KINDS } from './vocabulary';

/** The public answer of GET /verify/{sha256}. */
export const zVerification = z
  .object({
    outcome: z.enum(VERIFICATION_OUTCOMES).meta({
      description:
        'VALID: authentic, and what it states about its own right (CERTIFICATE_STATES: holders, shares, area, use…) still matches the register; the restrictions standing on the unit are listed beside it. ' +
        'VALID_BUT_OUTDATED: authentic, but the register has changed what it states (or its right is no longer on the register); the register prevails (Civil Code 217). ' +
        'A mortgage or a seizure never makes a certificate outdated. SUPERSEDED, REVOKED, CANCELLED, NOT_FOUND; STATUS_UNKNOWN (503) when the register cannot be consulted: never a confirmation. ' +
        'A holdings proof (有房/无房证明) is VALID until its validUntil, EXPIRED after.',
    }),
    certNo: z.string().optional(),
    kind: z.enum(VERIFIED_DOCUMENT_KINDS).optional().meta({ description: 'TITLE: 不动产权证书; PROOF: 不动产登记证明 (mortgage, advance notice, residence right); HOLDINGS_PROOF: 有房/无房证明 (certNo is its number)' }),
    rightType: z.enum(RIGHT_TYPES).optional().meta({ description: 'The right the certificate is for' }),
    unitNumber: z.string().optional(),
    issuedAt: zInstant.optional(),
    issuedAtVersion: z.int().optional(),
    currentVersion: z.int().optional(),
    matchesCurrent: z.boolean().optional().meta({ description: 'With VALID and VALID_BUT_OUTDATED: whether what the certificate states about its own right still matches the register' }),
    restrictions: z
      .array(z.enum(RESTRICTIONS))
      .optional()
      .meta({ description: 'With VALID and VALID_BUT_OUTDATED: the restrictions standing on the unit now, [] when none; they do not make the certificate outdated', example: ['MORTGAGED', 'SEIZED'] }),
    currentFlags: zUnitFlags.optional().meta({ description: "With VALID and VALID_BUT_OUTDATED: the unit's public-safe flags now" }),
    successor: z.string().optional(),
    validUntil: zInstant.optional().meta({ description: 'Holdings proofs: the end of the validity period' }),
    holdings: z.int().optional().meta({ description: 'Holdings proofs: how many units the person owned as of issuedAt (0: a no-property proof)' }),
    reason: z.string().optional().meta({ description: 'Why a certificate is outdated, revoked, cancelled or superseded' }),
    checkedAt: zInstant,
  })
  .meta({ id: 'Verification' });
export type Verification = z.infer<typeof zVerification>;
export type VerificationOutcome = Verification['outcome'];
export type Restriction = NonNullable<Verification['restrictions']>[number];
