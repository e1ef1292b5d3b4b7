import * as S from '@estate-ledger/api-schemas';
import {
  mayWarn,
  type Actor,
  type AdvanceNotice,
  type Application,
  type Areas,
  type Certificate,
  type LedgerConfig,
  type RegistryOffice,
  type HoldingsProof,
  type CertificateKind,
  type CoOwnership,
  type ContractKind,
  type ContractStatus,
  type Department,
  type EventType,
  type Holder,
  type LedgerEvent,
  type MigrationRecord,
  type Mortgage,
  type MspId,
  type Objection,
  type Ownership,
  type PartyRecord,
  type Project,
  type Registration,
  type RegistrationStatus,
  type RegistrationType,
  type ResidenceRight,
  type Restriction,
  type SaleContract,
  type Seizure,
  type SeizureKind,
  type TaxItemKind,
  type TaxRecord,
  type Unit,
  type UnitFlags,
  type Verification,
  type VerificationOutcome,
} from '@estate-ledger/chaincode';
import type { AuditKind, AuditRecord } from '../audit/audit-entry';
import type { AnyRoute } from './route-spec';

/**
 * The gateway's side of the response schemas in @estate-ledger/api-schemas: which schema a
 * command answers with, and compile-time checks that the shared schemas say what the chaincode's
 * records and vocabularies are. Add a field to a ledger record and this file stops compiling until
 * the API's schema (and so the OpenAPI document and the explorer's types) says it too.
 */

const SUBMISSION_BY_FN: Record<string, S.SubmissionKind> = {
  'BuildingTable:publishProject': 'project',
  'BuildingTable:linkUnit': 'unit',
  'BuildingTable:relinkUnit': 'unit',
  'BuildingTable:unlinkUnit': 'unitUnlinked',
  'BuildingTable:declareRegistryUnits': 'registryUnitsDeclared',
  'Court:seize': 'seizure',
  'Court:renew': 'seizure',
  'Court:lift': 'seizureLifted',
  'Registration:recordObjection': 'objectionRecorded',
  'Registration:fileObjectionLawsuit': 'objection',
  'Certificate:revoke': 'certificate',
  'Admin:configure': 'ledgerConfig',
};
/** Every other function of these contracts returns the contract's record. */
const SUBMISSION_BY_CONTRACT: Record<string, S.SubmissionKind> = { SaleContract: 'contract', Tax: 'tax', Application: 'application', Registration: 'registration' };

/** The response schema of a command calling contract function `fn` (e.g. Registration:accept). */
export function submissionSchema(fn: string): (typeof S.SUBMISSIONS)[S.SubmissionKind] {
  const kind = SUBMISSION_BY_FN[fn] ?? SUBMISSION_BY_CONTRACT[fn.split(':')[0]];
  if (!kind) throw new Error(`No response schema for the command function ${fn}: add it to SUBMISSION_BY_FN`);
  return S.SUBMISSIONS[kind];
}

/** Whether an input field's check of this route can pass with a warning: then a JSON object body carries `warnings`. */
export function routeMayWarn(r: AnyRoute): boolean {
  return [r.params, r.query, r.body].some((schema) => schema !== undefined && mayWarn(schema));
}

// ---- compile-time agreement with the chaincode ----------------------------------------------

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when the vocabulary has exactly the chaincode's members. */
const sameMembers = <A, B>(ok: Same<A, B>) => ok;
/** Compiles only when the ledger record has exactly the schema's fields and each fits the schema's type. */
const sameRecord = <Ledger extends Api, Api>(ok: Same<keyof Ledger, keyof Api>) => ok;
type Of<T extends readonly unknown[]> = T[number];

export const AGREES_WITH_CHAINCODE: readonly true[] = [
  sameMembers<Of<typeof S.REGISTRATION_TYPES>, RegistrationType>(true),
  sameMembers<Of<typeof S.REGISTRATION_STATUSES>, RegistrationStatus>(true),
  sameMembers<Of<typeof S.EVENT_TYPES>, EventType>(true),
  sameMembers<Of<typeof S.VERIFICATION_OUTCOMES>, VerificationOutcome>(true),
  sameMembers<Of<typeof S.RESTRICTIONS>, Restriction>(true),
  sameMembers<Of<typeof S.APPLICATION_STATUSES>, Application['status']>(true),
  sameMembers<Of<typeof S.DEPARTMENTS>, Department>(true),
  sameMembers<Of<typeof S.CERTIFICATE_KINDS>, CertificateKind>(true),
  sameMembers<Of<typeof S.CERTIFICATE_STATUSES>, Certificate['status']>(true),
  sameMembers<Of<typeof S.RIGHT_TYPES>, Certificate['rightType']>(true),
  sameMembers<Of<typeof S.CO_OWNERSHIP>, CoOwnership>(true),
  sameMembers<Of<typeof S.CONTRACT_KINDS>, ContractKind>(true),
  sameMembers<Of<typeof S.CONTRACT_STATUSES>, ContractStatus>(true),
  sameMembers<Of<typeof S.TAX_ITEM_KINDS>, TaxItemKind>(true),
  sameMembers<Of<typeof S.TAX_PAYERS>, TaxRecord['items'][number]['payer']>(true),
  sameMembers<Of<typeof S.TAX_STATUSES>, TaxRecord['status']>(true),
  sameMembers<Of<typeof S.SEIZURE_KINDS>, SeizureKind>(true),
  sameMembers<Of<typeof S.SEIZURE_STATUSES>, Seizure['status']>(true),
  sameMembers<Of<typeof S.PARTY_KINDS>, PartyRecord['kind']>(true),
  sameMembers<Of<typeof S.MSP_IDS>, MspId>(true),
  sameMembers<Of<typeof S.AUDIT_KINDS>, AuditKind>(true),
  sameRecord<Actor, S.Actor>(true),
  sameRecord<LedgerConfig, S.LedgerConfig>(true),
  sameRecord<RegistryOffice, S.RegistryOffice>(true),
  sameRecord<Areas, S.Areas>(true),
  sameRecord<Holder, S.Holder>(true),
  sameRecord<UnitFlags, S.UnitFlags>(true),
  sameRecord<Ownership, S.Ownership>(true),
  sameRecord<Mortgage, S.Mortgage>(true),
  sameRecord<AdvanceNotice, S.AdvanceNotice>(true),
  sameRecord<Objection, S.Objection>(true),
  sameRecord<ResidenceRight, S.ResidenceRight>(true),
  sameRecord<Seizure, S.Seizure>(true),
  sameRecord<Unit, S.UnitRecord>(true),
  sameRecord<Project, S.Project>(true),
  sameRecord<SaleContract, S.SaleContract>(true),
  sameRecord<TaxRecord, S.TaxRecord>(true),
  sameRecord<Registration, S.Registration>(true),
  sameRecord<Application, S.Application>(true),
  sameRecord<Certificate, S.Certificate>(true),
  sameRecord<HoldingsProof, S.HoldingsProof>(true),
  sameRecord<MigrationRecord, S.MigrationRecord>(true),
  sameMembers<Of<typeof S.MIGRATED_KINDS>, MigrationRecord['records'][number]['kind']>(true),
  sameRecord<LedgerEvent, S.LedgerEvent>(true),
  sameRecord<Verification & { checkedAt: string }, S.Verification>(true),
  sameRecord<AuditRecord, S.AuditEntry>(true),
];
