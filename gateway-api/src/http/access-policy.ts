import { ACTION_PERMISSIONS, mayPerform, MSP_IDS, ORGANISATIONS, type LedgerAction, type MspId } from '@estate-ledger/chaincode';
import { isApplicant, isStaff, type Principal } from '../auth/principal';

/**
 * Who may call what, in one place. Ledger commands reuse the chaincode's own permission table
 * (ACTION_PERMISSIONS); reads and gateway functions have scopes of their own below.
 */
export type Access =
  | { kind: 'public' }
  /** A ledger command; `applicants`: citizens and channels may file it too (the gateway submits for them). */
  | { kind: 'action'; action: LedgerAction; applicants?: true }
  | { kind: 'scope'; scope: ReadScope }
  /** Applicants' own records: citizens and channel accounts, each limited to what is theirs. */
  | { kind: 'applicant' };

type RolePairs = ReadonlyArray<readonly [MspId, string]>;
const everyStaffRole: RolePairs = MSP_IDS.flatMap((m) => ORGANISATIONS[m].roles.map((r) => [m, r] as const));
const auditors: RolePairs = MSP_IDS.map((m) => [m, 'auditor'] as const);

export const READ_SCOPES = {
  /** Cases, units, blocks: any agency staff, within their districts. */
  'staff.read': everyStaffRole,
  'statistics.read': [...auditors, ['RegistryMSP', 'admin'], ['RegistryMSP', 'registrar']],
  'audit.read': [...auditors, ['RegistryMSP', 'admin']],
  /** Look-up by a person's ID number and the named certificate document: staff who may see names. */
  'parties.read': ACTION_PERMISSIONS['party.read'],
  /** Subscribed systems are registered by each agency's operating role. */
  'webhooks.manage': [['RegistryMSP', 'admin'], ['HousingMSP', 'filing'], ['TaxMSP', 'assessor'], ['CourtMSP', 'enforcement']],
  'readmodel.admin': [['RegistryMSP', 'admin']],
  /** Channel accounts of banks, developers, agents and portals: the registry runs the platform. */
  'channels.manage': [['RegistryMSP', 'admin']],
  /** Offices, service windows and time slots of online appointments (网上预约). */
  'appointments.manage': [['RegistryMSP', 'admin']],
  /** An office's bookings of a day: the registry's counter staff. */
  'appointments.read': [['RegistryMSP', 'clerk'], ['RegistryMSP', 'registrar'], ['RegistryMSP', 'admin']],
  /** Marking a booking arrived (签到) or missed (爽约): the registry's clerks who receive applicants at the window. */
  'appointments.attend': [['RegistryMSP', 'clerk']],
  /** Rotating the registry offices' seal keys. */
  'issuerkeys.admin': [['RegistryMSP', 'admin']],
  /** Quality inspection of legacy register batches before migration: the registry's administrators and registrars. */
  'legacy.inspect': [['RegistryMSP', 'admin'], ['RegistryMSP', 'registrar']],
  /** Granting a case a fee exemption: the registry's clerks at intake and its administrators. */
  'fees.manage': [['RegistryMSP', 'clerk'], ['RegistryMSP', 'admin']],
  /** The linkage queue and rate (挂接): the registry's clerks, registrars and administrators. */
  'linkage.read': [['RegistryMSP', 'clerk'], ['RegistryMSP', 'registrar'], ['RegistryMSP', 'admin']],
} as const satisfies Record<string, RolePairs>;
export type ReadScope = keyof typeof READ_SCOPES;

export const PUBLIC: Access = { kind: 'public' };
export const action = (a: LedgerAction, opts: { applicants?: true } = {}): Access => ({ kind: 'action', action: a, ...opts });
export const APPLICANT: Access = { kind: 'applicant' };
export const scope = (s: ReadScope): Access => ({ kind: 'scope', scope: s });

export function isAllowed(access: Access, p: Principal | undefined): boolean {
  if (access.kind === 'public') return true;
  if (!p) return false;
  if (access.kind === 'applicant') return isApplicant(p);
  if (access.kind === 'action' && isApplicant(p)) return access.applicants === true;
  if (!isStaff(p)) return false;
  if (access.kind === 'action') return mayPerform(access.action, p.msp, p.role);
  const pairs: RolePairs = READ_SCOPES[access.scope];
  return pairs.some(([m, r]) => m === p.msp && r === p.role);
}

/** Whether names and ID numbers are shown in full to this caller (otherwise masked). */
export function seesPersonalData(p: Principal | undefined): boolean {
  return isStaff(p) && mayPerform('party.read', p.msp, p.role);
}
