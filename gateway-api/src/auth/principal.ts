import { z } from 'zod';
import { CHANNEL_TYPES } from '@estate-ledger/api-schemas';
import { MSP_IDS, ORGANISATIONS, APPLIED_FOR_TYPES, zDistrict, type MspId, type RegistrationType } from '@estate-ledger/chaincode';

/**
 * An authenticated caller. Agency staff act on the ledger with their organisation's identity;
 * applicants (organisation channels and citizens) never hold a ledger identity: the registry's
 * gateway files for them and records who they are.
 */
export type Principal = StaffPrincipal | ApplicantPrincipal;
export type ApplicantPrincipal = ChannelPrincipal | CitizenPrincipal;

/** Agency staff with an organisation, a role and the districts they serve. */
export interface StaffPrincipal {
  kind: 'staff';
  subject: string;
  name: string;
  msp: MspId;
  role: string;
  court?: string;
  districts: string[];
}

export { CHANNEL_TYPES };
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/**
 * An organisation's channel account (bank, developer, broker, registration agent, portal), limited
 * to the business types and districts the registry granted it. A portal acting for a citizen
 * carries that citizen in `onBehalfOf`, proven by the citizen's own ID token.
 */
export interface ChannelPrincipal {
  kind: 'channel';
  /** The account id. */
  subject: string;
  name: string;
  channelType: ChannelType;
  businessTypes: RegistrationType[];
  districts: string[];
  onBehalfOf?: CitizenPrincipal;
}

/** A person identified by the unified identity platform (统一身份认证): verified name and ID number. */
export interface CitizenPrincipal {
  kind: 'citizen';
  /** `citizen:` + the identity provider's subject. */
  subject: string;
  name: string;
  idNumber: string;
}

const roleOfOrganisation = (p: { msp: MspId; role: string }) => (ORGANISATIONS[p.msp].roles as readonly string[]).includes(p.role);

/** Staff as configured and as carried in tokens; `kind` may be left out (accounts files predate it). */
export const zPrincipal = z
  .strictObject({
    kind: z.literal('staff').default('staff'),
    subject: z.string().min(1).max(64),
    name: z.string().min(1).max(100),
    msp: z.enum(MSP_IDS as [MspId, ...MspId[]]),
    role: z.string().min(1).max(40),
    court: z.string().min(1).max(100).optional(),
    districts: z.array(zDistrict).min(1),
  })
  .refine(roleOfOrganisation, { message: 'role is not a role of this organisation', path: ['role'] });

export const zCitizenPrincipal = z.strictObject({
  kind: z.literal('citizen'),
  subject: z.string().min(1).max(300),
  name: z.string().min(1).max(100),
  idNumber: z.string().min(1).max(40),
});

export const zChannelPrincipal = z.strictObject({
  kind: z.literal('channel'),
  subject: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  channelType: z.enum(CHANNEL_TYPES),
  businessTypes: z.array(z.enum(APPLIED_FOR_TYPES)),
  districts: z.array(zDistrict).min(1),
  onBehalfOf: zCitizenPrincipal.optional(),
});

/** Any principal a gateway token may carry. */
export const zAnyPrincipal = z.union([zPrincipal, zChannelPrincipal, zCitizenPrincipal]);

export const isStaff = (p: Principal | undefined): p is StaffPrincipal => p?.kind === 'staff';
export const isApplicant = (p: Principal | undefined): p is ApplicantPrincipal => p?.kind === 'channel' || p?.kind === 'citizen';

/** The citizen an applicant call is about: the citizen themselves, or the one a portal acts for. */
export const citizenOf = (p: ApplicantPrincipal): CitizenPrincipal | undefined => (p.kind === 'citizen' ? p : p.onBehalfOf);
