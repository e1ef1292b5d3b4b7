import { z } from 'zod';
import { zActor, zAreas, zDecimal, zHolder, zInstant, zIsoDate, zItems, zPage, zPartyShown, zSha256Hex, zUnitFlags } from './common';
import { CO_OWNERSHIP, REGISTRATION_TYPES, SEIZURE_KINDS, SEIZURE_STATUSES } from './vocabulary';

/** A unit's register (登记簿): its rights and restrictions, title chain and book. */

export const zMigrationMark = z
  .object({ batchId: z.string(), legacyId: z.string(), legacyDate: zIsoDate.meta({ description: 'Legacy date of registration or service' }) })
  .meta({ id: 'MigrationMark', description: 'Brought in from the legacy register by a migration: its batch, legacy id and legacy date' });
export type MigrationMark = z.infer<typeof zMigrationMark>;

export const zOwnership = z
  .object({
    rightId: z.string(),
    holders: z.array(zHolder),
    coOwnership: z.enum(CO_OWNERSHIP),
    registrationId: z.string(),
    recordedAt: zInstant,
    certNo: z.string().optional(),
    predecessor: z.string().optional().meta({ description: 'The ownership right this one succeeded (上手)' }),
    migrated: zMigrationMark.optional(),
  })
  .meta({ id: 'Ownership' });
export type Ownership = z.infer<typeof zOwnership>;

export const zMortgage = z
  .object({
    rightId: z.string(),
    mortgagors: z.array(zPartyShown),
    creditor: zPartyShown,
    amount: zDecimal,
    maximumAmount: z.boolean().meta({ description: '最高额抵押' }),
    noTransfer: z.boolean().meta({ description: 'Registered agreement that the unit may not be transferred without the mortgagee' }),
    termStart: zIsoDate,
    termEnd: zIsoDate,
    scope: z.string().optional().meta({ description: '担保范围: the scope of the secured claim, when the parties registered one' }),
    rank: z.int().min(1),
    units: z.array(z.string()).optional().meta({ description: 'A mortgage over several units (一个抵押权多个不动产单元): every unit the one right covers, the same list on each' }),
    registrationId: z.string(),
    recordedAt: zInstant,
    certNo: z.string().optional(),
    migrated: zMigrationMark.optional(),
  })
  .meta({ id: 'Mortgage' });
export type Mortgage = z.infer<typeof zMortgage>;

export const zMortgageTerms = z
  .object({ creditor: zPartyShown, amount: zDecimal, maximumAmount: z.boolean(), noTransfer: z.boolean(), termStart: zIsoDate, termEnd: zIsoDate, scope: z.string().optional() })
  .meta({ id: 'MortgageTerms', description: 'The terms a mortgage is registered with' });

export const zAdvanceNotice = z
  .object({
    rightId: z.string(),
    holders: z.array(zPartyShown).meta({ description: "权利人: the buyers of a purchase notice, the mortgagee of a mortgage notice (预抵押)" }),
    contractId: z.string().optional(),
    mortgage: z
      .object({ basedOn: z.string().meta({ description: 'The purchase notice it rests on' }), mortgagors: z.array(zPartyShown), terms: zMortgageTerms })
      .optional()
      .meta({ description: '预购商品房抵押权预告登记 (预抵押): the buyers mortgage the home they bought under the purchase notice basedOn; absent on a purchase notice' }),
    registrationId: z.string(),
    recordedAt: zInstant,
    possibleFrom: zInstant.optional().meta({ description: 'When the final registration became possible; the notice lapses 90 days later' }),
    certNo: z.string().optional(),
    migrated: zMigrationMark.optional(),
  })
  .meta({ id: 'AdvanceNotice', description: '预告登记' });
export type AdvanceNotice = z.infer<typeof zAdvanceNotice>;

export const zObjection = z
  .object({
    rightId: z.string(),
    applicant: zPartyShown,
    reason: z.string(),
    recordedAt: zInstant,
    lawsuitFiled: z.boolean(),
    lawsuitDocHash: zSha256Hex.optional(),
    recordedBy: zActor,
    migrated: zMigrationMark.optional(),
  })
  .meta({ id: 'Objection', description: '异议登记; lapses 15 days after recording unless a lawsuit is filed' });
export type Objection = z.infer<typeof zObjection>;

export const zResidenceRight = z
  .object({
    rightId: z.string(),
    holders: z.array(zPartyShown),
    registrationId: z.string(),
    recordedAt: zInstant,
    until: zIsoDate.optional(),
    certNo: z.string().optional(),
    migrated: zMigrationMark.optional(),
  })
  .meta({ id: 'ResidenceRight', description: '居住权' });
export type ResidenceRight = z.infer<typeof zResidenceRight>;

export const zSeizure = z
  .object({
    seizureId: z.string(),
    court: z.string(),
    caseNumber: z.string(),
    documentHash: zSha256Hex,
    kind: z.enum(SEIZURE_KINDS),
    status: z.enum(SEIZURE_STATUSES).meta({ description: 'QUEUED: waiting behind the active seizure (轮候查封)' }),
    servedAt: zInstant.meta({ description: "Service time of the court's notice; it fixes the queue order" }),
    activeFrom: zInstant.optional(),
    endDate: zIsoDate.optional().meta({ description: 'Last day of the seizure term, inclusive' }),
    renewals: z.array(z.object({ endDate: zIsoDate, at: zInstant, documentHash: zSha256Hex })),
    migrated: zMigrationMark.optional(),
  })
  .meta({ id: 'Seizure', description: '查封' });
export type Seizure = z.infer<typeof zSeizure>;

export const zLapsedObjection = z
  .object({ applicant: zPartyShown, reasonHash: z.string(), lapsedAt: zInstant })
  .meta({ id: 'LapsedObjection', description: 'A lapsed objection, remembered so the same applicant cannot re-file the same reason' });
export type LapsedObjection = z.infer<typeof zLapsedObjection>;

export const zFiledContract = z
  .object({ contractId: z.string(), buyers: z.array(zPartyShown), sellers: z.array(zPartyShown) })
  .meta({ id: 'FiledContract', description: 'The filed sale contract on the unit (one at a time)' });
export type FiledContract = z.infer<typeof zFiledContract>;

/** A unit as the ledger stores it (what linking a household returns). */
export const zUnitRecord = z
  .object({
    unitNumber: z.string(),
    houseCode: z.string(),
    projectId: z.string(),
    district: z.string(),
    location: z.string(),
    use: z.string(),
    structure: z.string(),
    areas: zAreas,
    floor: z.int(),
    building: z.string(),
    room: z.string(),
    registerVersion: z.int().min(0).meta({ description: "Increases on every change of the unit's rights or restrictions" }),
    firstRegisteredAt: zInstant.optional(),
    ownership: zOwnership.optional(),
    mortgages: z.array(zMortgage),
    notices: z.array(zAdvanceNotice),
    objections: z.array(zObjection),
    residence: z.array(zResidenceRight),
    seizures: z.array(zSeizure),
    lapsedObjections: z.array(zLapsedObjection),
    filedContract: zFiledContract.optional(),
    caseInFlight: z.object({ registrationId: z.string(), type: z.enum(REGISTRATION_TYPES) }).optional().meta({ description: 'The registration case currently holding the unit' }),
    registryCorrection: z.string().optional().meta({ description: "A correction the registry started on its own authority (依职权更正), open on the unit; the holder's own correction recorded first closes it" }),
    linkedBy: zActor,
    migration: z
      .object({ batchId: z.string(), legacyId: z.string(), txId: z.string(), at: zInstant })
      .optional()
      .meta({ description: 'The migration that brought the current state in from the legacy register' }),
  })
  .meta({ id: 'UnitRecord' });
export type UnitRecord = z.infer<typeof zUnitRecord>;

/** A unit's register as it reads now (lapsed restrictions removed) with its flags. */
export const zUnitView = zUnitRecord.extend({ flags: zUnitFlags }).meta({ id: 'Unit', description: "A unit's register as it reads now: rights, restrictions (lapsed ones removed) and flags" });
export type UnitView = z.infer<typeof zUnitView>;

export const zUnitListItem = z
  .object({
    unitNumber: z.string(),
    houseCode: z.string(),
    district: z.string(),
    location: z.string(),
    registerVersion: z.int(),
    registered: z.boolean(),
    seized: z.boolean(),
    mortgaged: z.boolean(),
  })
  .meta({ id: 'UnitListItem' });
export type UnitListItem = z.infer<typeof zUnitListItem>;
export const zUnitPage = zPage(zUnitListItem, 'UnitPage');

export const zUnitStatus = z
  .object({ unitNumber: z.string(), registerVersion: z.int(), flags: zUnitFlags })
  .meta({ id: 'UnitStatus', description: 'Restriction flags of a unit, no personal data' });
export type UnitStatus = z.infer<typeof zUnitStatus>;

export const zRestrictions = z
  .object({
    unitNumber: z.string(),
    houseCode: z.string(),
    registerVersion: z.int(),
    flags: zUnitFlags,
    notices: z.array(zAdvanceNotice),
    seizures: z.array(zSeizure),
    objections: z.array(zObjection),
    mortgages: z.array(zMortgage),
  })
  .meta({ id: 'Restrictions', description: 'Advance notices, seizures, objections and mortgages (预告/查封/异议/抵押) of a unit' });
export type Restrictions = z.infer<typeof zRestrictions>;

/** One owner in the title chain (上下手), oldest first. */
export const zTitleLink = zOwnership
  .extend({
    unitNumber: z.string(),
    endedAt: zInstant.nullable().meta({ description: 'When a successor took over; null while current' }),
    successor: z.string().nullable().meta({ description: 'The right that succeeded this one; null while current' }),
  })
  .meta({ id: 'TitleLink', description: 'One owner in the title chain (上下手), oldest first' });
export type TitleLink = z.infer<typeof zTitleLink>;
export const zTitleChain = zItems(zTitleLink, 'TitleChain');

export const zBookEntry = z
  .object({
    unitNumber: z.string(),
    registerVersion: z.int(),
    txId: z.string(),
    kind: z.string().meta({ description: 'A registration type (FIRST, TRANSFER, …), a court act (SEIZURE, SEIZURE_LIFTED, …), OBJECTION, or a lapse (NOTICE_LAPSED, SEIZURE_EXPIRED, …)' }),
    ref: z.string().meta({ description: 'The right or seizure the entry concerns' }),
    at: zInstant,
    registrationId: z.string().optional(),
  })
  .meta({ id: 'BookEntry', description: "One entry of a unit's register book (登记簿): a change of its rights or restrictions, in register order" });
export type BookEntry = z.infer<typeof zBookEntry>;
export const zRegisterBook = zItems(zBookEntry, 'RegisterBook');

export const zPropertySearch = zItems(zUnitView, 'PropertySearchResult');
