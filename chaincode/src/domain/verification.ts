import type { Certificate, HoldingsProof, UnitFlags } from './model';

/** Outcomes of verifying a certificate by its hash. "Could not check" is never VALID. */
export const VERIFICATION_OUTCOMES = ['VALID', 'VALID_BUT_OUTDATED', 'SUPERSEDED', 'REVOKED', 'CANCELLED', 'NOT_FOUND', 'STATUS_UNKNOWN', 'EXPIRED'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/**
 * Restrictions that can stand on a unit, as a verifier (a bank, a buyer) reads them beside the
 * answer: each is one of the public-safe flags. They say what stands on the unit now; they never
 * make a certificate outdated.
 */
export const RESTRICTIONS = ['MORTGAGED', 'SEIZED', 'SEIZURE_QUEUED', 'ADVANCE_NOTICE', 'OBJECTION', 'RESIDENCE_RIGHT'] as const;
export type Restriction = (typeof RESTRICTIONS)[number];

const FLAG_OF: Record<Restriction, keyof UnitFlags> = {
  MORTGAGED: 'mortgaged',
  SEIZED: 'seized',
  SEIZURE_QUEUED: 'seizureQueued',
  ADVANCE_NOTICE: 'advanceNotice',
  OBJECTION: 'objection',
  RESIDENCE_RIGHT: 'residenceRight',
};

/** The restrictions that stand, in RESTRICTIONS order. */
export function restrictionsOf(flags: UnitFlags): Restriction[] {
  return RESTRICTIONS.filter((r) => flags[FLAG_OF[r]]);
}

/** Why an authentic certificate no longer matches the register. */
export const OUTDATED_REASONS = {
  CONTENT_CHANGED: 'The register has changed what this certificate states; the register prevails (Civil Code 217).',
  RIGHT_ENDED: 'The right this certificate states is no longer on the register; the register prevails (Civil Code 217).',
  /** A certificate issued before certificates carried a content fingerprint: only the register version can be compared. */
  REGISTER_CHANGED: 'The register has changed since this certificate was issued; the register prevails (Civil Code 217).',
} as const;

export interface Verification {
  outcome: VerificationOutcome;
  certNo?: string;
  kind?: Certificate['kind'] | 'HOLDINGS_PROOF';
  rightType?: Certificate['rightType'];
  unitNumber?: string;
  issuedAt?: string;
  issuedAtVersion?: number;
  currentVersion?: number;
  /** Whether what the certificate states about its own right still matches the register (VALID and VALID_BUT_OUTDATED). */
  matchesCurrent?: boolean;
  /** Restrictions standing on the unit now, [] when none (VALID and VALID_BUT_OUTDATED). */
  restrictions?: Restriction[];
  /** Public-safe current flags of the unit (VALID and VALID_BUT_OUTDATED). */
  currentFlags?: UnitFlags;
  successor?: string;
  reason?: string;
  validUntil?: string;
  holdings?: number;
}

/** The certificate fields a verdict depends on. */
export type CertificateStatusView = Pick<Certificate, 'certNo' | 'kind' | 'rightType' | 'unitNumber' | 'issuedAt' | 'registerVersion' | 'status' | 'statusReason' | 'supersededBy' | 'contentHash'>;

/** The unit's register now, as far as a verdict needs it. */
export interface RegisterNow {
  registerVersion: number;
  flags: UnitFlags;
  /** Fingerprint of what the register now states about the certificate's right (see certificate-content.ts); undefined when that right is off the register. */
  contentHash?: string;
}

/**
 * The verdict. Two questions are kept apart: does the certificate still state what the register
 * states about its own right (VALID, else VALID_BUT_OUTDATED), and which restrictions stand on the
 * unit now (listed beside either). A certificate without a content fingerprint (issued before
 * fingerprints) falls back to comparing register versions, so it is never called VALID unchecked.
 */
export function verificationOf(cert: CertificateStatusView | undefined, current: RegisterNow | undefined): Verification {
  if (!cert) return { outcome: 'NOT_FOUND' };
  const base = {
    certNo: cert.certNo,
    kind: cert.kind,
    rightType: cert.rightType,
    unitNumber: cert.unitNumber,
    issuedAt: cert.issuedAt,
    issuedAtVersion: cert.registerVersion,
  };
  switch (cert.status) {
    case 'REVOKED':
      return { outcome: 'REVOKED', ...base, reason: cert.statusReason };
    case 'CANCELLED':
      return { outcome: 'CANCELLED', ...base, reason: cert.statusReason };
    case 'SUPERSEDED':
      return { outcome: 'SUPERSEDED', ...base, successor: cert.supersededBy, reason: cert.statusReason };
    case 'VALID': {
      if (!current) return { outcome: 'STATUS_UNKNOWN', ...base };
      const fingerprinted = cert.contentHash !== undefined;
      const matchesCurrent = fingerprinted ? cert.contentHash === current.contentHash : cert.registerVersion === current.registerVersion;
      const reason = matchesCurrent ? undefined : !fingerprinted ? OUTDATED_REASONS.REGISTER_CHANGED : current.contentHash === undefined ? OUTDATED_REASONS.RIGHT_ENDED : OUTDATED_REASONS.CONTENT_CHANGED;
      return {
        outcome: matchesCurrent ? 'VALID' : 'VALID_BUT_OUTDATED',
        ...base,
        currentVersion: current.registerVersion,
        matchesCurrent,
        restrictions: restrictionsOf(current.flags),
        currentFlags: current.flags,
        reason,
      };
    }
  }
}

/** A holdings proof states the register as of its issue; it answers VALID until its validity ends, then EXPIRED. */
export function proofVerificationOf(proof: Pick<HoldingsProof, 'proofNo' | 'issuedAt' | 'validUntil' | 'units'>, now: Date): Verification {
  const expired = now.getTime() >= Date.parse(proof.validUntil);
  return {
    outcome: expired ? 'EXPIRED' : 'VALID',
    certNo: proof.proofNo,
    kind: 'HOLDINGS_PROOF',
    issuedAt: proof.issuedAt,
    validUntil: proof.validUntil,
    holdings: proof.units.length,
    ...(expired && { reason: 'The proof states the register as of its issue and was valid only until its validUntil; ask for a new one.' }),
  };
}
