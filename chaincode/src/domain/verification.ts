import type { Certificate, UnitFlags } from './model';

/** Outcomes of verifying a certificate by its hash. "Could not check" is never VALID. */
export const VERIFICATION_OUTCOMES = ['VALID', 'VALID_BUT_OUTDATED', 'SUPERSEDED', 'REVOKED', 'CANCELLED', 'NOT_FOUND', 'STATUS_UNKNOWN'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

export interface Verification {
  outcome: VerificationOutcome;
  certNo?: string;
  kind?: Certificate['kind'];
  unitNumber?: string;
  issuedAt?: string;
  issuedAtVersion?: number;
  currentVersion?: number;
  matchesCurrent?: boolean;
  /** Public-safe current restriction flags, shown when the register changed since issue (Civil Code 217). */
  currentFlags?: UnitFlags;
  successor?: string;
  reason?: string;
}

/** The certificate fields a verdict depends on. */
export type CertificateStatusView = Pick<Certificate, 'certNo' | 'kind' | 'unitNumber' | 'issuedAt' | 'registerVersion' | 'status' | 'statusReason' | 'supersededBy'>;

export function verificationOf(cert: CertificateStatusView | undefined, current: { registerVersion: number; flags: UnitFlags } | undefined): Verification {
  if (!cert) return { outcome: 'NOT_FOUND' };
  const base = {
    certNo: cert.certNo,
    kind: cert.kind,
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
      const matchesCurrent = current.registerVersion === cert.registerVersion;
      return {
        outcome: matchesCurrent ? 'VALID' : 'VALID_BUT_OUTDATED',
        ...base,
        currentVersion: current.registerVersion,
        matchesCurrent,
        currentFlags: matchesCurrent ? undefined : current.flags,
      };
    }
  }
}
