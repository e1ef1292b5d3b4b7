import type { RegistrationType } from '@estate-ledger/chaincode';

/**
 * Who files and follows a case from outside the agencies: a citizen by the verified ID number of
 * their real-name login (their cases are those they are a party to, found through the read
 * model's blind index), or a channel account (bank, developer, agent, portal) by its id, which the
 * ledger records as the case's `channel`.
 */
export type Applicant = CitizenApplicant | ChannelApplicant;

export interface CitizenApplicant {
  kind: 'citizen';
  subject: string;
  name: string;
  idNumber: string;
}

export const CHANNEL_KINDS = ['bank', 'developer', 'broker', 'agent', 'portal'] as const;

export interface ChannelApplicant {
  kind: 'channel';
  /** The channel account's id. */
  subject: string;
  name: string;
  channelType: (typeof CHANNEL_KINDS)[number];
  businessTypes: RegistrationType[];
  districts: string[];
}

/** How the applicant is named in audit entries and on uploaded documents. */
export const applicantSubject = (a: Applicant): string => (a.kind === 'citizen' ? a.subject : `channel:${a.subject}`);

/** The `channel` the ledger records for a case the applicant files. */
export const ledgerChannelOf = (a: Applicant): string => (a.kind === 'citizen' ? 'ONLINE' : a.subject);
