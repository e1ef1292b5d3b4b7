import type { ApplicantRef, RegistrationType } from '@estate-ledger/chaincode';
import { BusinessTypeNotGrantedError } from '../application/application-errors';
import { citizenOf, type ApplicantPrincipal, type ChannelPrincipal, type CitizenPrincipal, type StaffPrincipal } from '../auth/principal';

/**
 * Who files and follows a case from outside the agencies (auth/principal.ts): a citizen, or a
 * channel account (bank, developer, agent, portal), possibly acting for a citizen.
 */
export type Applicant = ApplicantPrincipal;
export type ChannelApplicant = ChannelPrincipal;
export type CitizenApplicant = CitizenPrincipal;

/**
 * Whose cases the applicant sees: a citizen's (their own, or the one a portal acts for) are those
 * they are a party to, found by the verified ID number through the blind index; a channel's are
 * those it filed, with its account id as the case's channel.
 */
export type CaseOwner = { citizen: CitizenPrincipal } | { channelId: string };

export const ownerOf = (a: Applicant): CaseOwner => {
  const citizen = citizenOf(a);
  return citizen ? { citizen } : { channelId: a.subject };
};

/**
 * A channel acts within the business types the registry granted its account; a portal acting for
 * a citizen does the citizen's business, which the citizen's own rules bound instead.
 */
export function assertGranted(applicant: Applicant, type: RegistrationType): void {
  if (applicant.kind === 'channel' && !applicant.onBehalfOf && !applicant.businessTypes.includes(type)) {
    throw new BusinessTypeNotGrantedError(type, applicant.businessTypes);
  }
}

/** The `channel` the ledger records for a case the applicant files. */
export const ledgerChannelOf = (a: Applicant): string => (a.kind === 'citizen' ? 'ONLINE' : a.subject);

/** The applicant as the ledger records an online filing (pseudonymous ids only). */
export const filedByOf = (a: Applicant): ApplicantRef =>
  a.kind === 'citizen' ? { kind: 'citizen', id: a.subject } : { kind: 'channel', id: a.subject, channelType: a.channelType, ...(a.onBehalfOf && { onBehalfOf: a.onBehalfOf.subject }) };

/** The ledger identity the registry's gateway acts for applicants with. */
export const INTAKE_IDENTITY = { msp: 'RegistryMSP', role: 'intake' } as const;

/**
 * The registry's online intake identity acting for the applicant in one district: the ledger
 * command is signed by the gateway, the audit log names the applicant (its subject).
 */
export const intakeFor = (applicant: Applicant, district: string): StaffPrincipal => ({
  kind: 'staff', subject: applicant.subject, name: 'online intake', ...INTAKE_IDENTITY, districts: [district],
});
