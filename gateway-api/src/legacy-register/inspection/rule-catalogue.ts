import { LEGACY_RULE_CATEGORIES } from '@estate-ledger/api-schemas';
import type { RecordType } from '../layout';

export const RULE_CATEGORIES = LEGACY_RULE_CATEGORIES;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/** An error keeps the record out of the load; a warning is reported and the record still loads. */
export type RuleSeverity = 'ERROR' | 'WARNING';

export interface InspectionRule {
  id: string;
  category: RuleCategory;
  severity: RuleSeverity;
  /** The record types the rule is checked on (a failure is reported on a record of one of them). */
  appliesTo: readonly RecordType[];
  description: string;
}

const rule = (id: string, category: RuleCategory, severity: RuleSeverity, appliesTo: readonly RecordType[], description: string): InspectionRule => ({
  id,
  category,
  severity,
  appliesTo,
  description,
});

const E = 'ERROR';
const W = 'WARNING';
const DEPENDENTS: readonly RecordType[] = ['right', 'certificate', 'mortgage', 'seizure', 'notice', 'objection', 'residence'];
const ALL: readonly RecordType[] = ['unit', ...DEPENDENTS];

/** Every rule of the quality inspection (质检), in report order. Ids are stable: corrections, reports and tests refer to them. */
export const INSPECTION_RULES: readonly InspectionRule[] = [
  rule('UNIT_FIELDS_MISSING', 'COMPLETENESS', E, ['unit'], 'A unit has every mandatory field: legacy id, unit number, district, location, building, floor, room, use, nature and building area.'),
  rule('RIGHT_FIELDS_MISSING', 'COMPLETENESS', E, ['right'], 'A right has every mandatory field: legacy id, unit number, right type, co-ownership, holders with their document kinds and numbers, registration date and status.'),
  rule('CERTIFICATE_FIELDS_MISSING', 'COMPLETENESS', E, ['certificate'], 'A certificate has every mandatory field: legacy id, number, right, unit number, issue date and status.'),
  rule('MORTGAGE_FIELDS_MISSING', 'COMPLETENESS', E, ['mortgage'], 'A mortgage has every mandatory field: mortgagors, mortgagee with its credit code, amount, maximum-amount flag, debt term, rank, registration date, proof number and status.'),
  rule('SEIZURE_FIELDS_MISSING', 'COMPLETENESS', E, ['seizure'], 'A seizure has every mandatory field: court, case number, kind, queue order, service date and status.'),
  rule('NOTICE_FIELDS_MISSING', 'COMPLETENESS', E, ['notice'], 'An advance notice has every mandatory field: holders with their document numbers, registration date and proof number.'),
  rule('RESIDENCE_FIELDS_MISSING', 'COMPLETENESS', E, ['residence'], 'A residence right has every mandatory field: holders with their document numbers, registration date and proof number.'),
  rule('OBJECTION_FIELDS_MISSING', 'COMPLETENESS', E, ['objection'], 'An objection has every mandatory field: applicant with document number, the disputed matter, registration date and whether a lawsuit was filed.'),
  rule('UNIT_HOUSE_CODE_MISSING', 'COMPLETENESS', W, ['unit'], 'A unit carries the housing authority house code it is linked to (without it, the unit cannot be checked against the building tables).'),

  rule('UNIT_NUMBER_INVALID', 'CODE_VALIDITY', E, ['unit'], 'The unit number is a valid 28-character GB/T 37346 不动产单元代码.'),
  rule('DIVISION_CODE_INVALID', 'CODE_VALIDITY', E, ['unit'], 'The district is a six-digit GB/T 2260 county-level division code of the mainland.'),
  rule('HOUSE_CODE_INVALID', 'CODE_VALIDITY', E, ['unit'], 'The house code has the housing authority format: 1-40 ASCII letters, digits and hyphens.'),
  rule('RIGHT_TYPE_UNKNOWN', 'CODE_VALIDITY', E, ['right'], 'The right type is a code of the TD/T 1066 权利类型 table.'),
  rule('HOUSE_USE_UNKNOWN', 'CODE_VALIDITY', E, ['unit'], 'The use is a code of the TD/T 1066 房屋用途 table.'),
  rule('HOUSE_NATURE_UNKNOWN', 'CODE_VALIDITY', E, ['unit'], 'The nature is a code of the TD/T 1066 房屋性质 table.'),
  rule('CO_OWNERSHIP_UNKNOWN', 'CODE_VALIDITY', E, ['right'], 'The co-ownership is SOLE, JOINT or SHARES.'),
  rule('ID_DOCUMENT_KIND_UNKNOWN', 'CODE_VALIDITY', E, ['right'], "Each holder's document kind is a code of the 证件种类 table."),
  rule('HOLDER_RESIDENT_ID_INVALID', 'CODE_VALIDITY', E, ['right'], 'A holder registered with a resident identity card has a valid GB 11643 resident ID number.'),
  rule('HOLDER_CREDIT_CODE_INVALID', 'CODE_VALIDITY', E, ['right'], 'A holder registered with a unified social credit code has a valid GB 32100 code.'),
  rule('MORTGAGOR_ID_INVALID', 'CODE_VALIDITY', E, ['mortgage'], "Each mortgagor's document number is a valid resident ID (GB 11643) or credit code (GB 32100)."),
  rule('MORTGAGEE_CREDIT_CODE_INVALID', 'CODE_VALIDITY', E, ['mortgage'], "The mortgagee's unified social credit code is valid (GB 32100)."),
  rule('NOTICE_HOLDER_ID_INVALID', 'CODE_VALIDITY', E, ['notice'], "Each notice holder's document number is a valid resident ID or credit code."),
  rule('RESIDENCE_HOLDER_ID_INVALID', 'CODE_VALIDITY', E, ['residence'], "Each residence-right holder's document number is a valid resident ID or credit code."),
  rule('OBJECTION_APPLICANT_ID_INVALID', 'CODE_VALIDITY', E, ['objection'], "The objection applicant's document number is a valid resident ID or credit code."),
  rule('CERT_NUMBER_INVALID', 'CODE_VALIDITY', E, ['certificate'], 'The certificate number has the national format, e.g. 川(2023)成都市不动产权第0001234号, with a province abbreviation and a year from 2015 on; or, kept from before unified registration, a 房屋所有权证 number (达市房权证通川区字第0012345号) or 国有土地使用证 number (达市国用(2012)第01234号, a year from 1987).'),
  rule('PROOF_NUMBER_INVALID', 'CODE_VALIDITY', E, ['mortgage', 'notice', 'residence'], 'The registration proof number has the national format, e.g. 川(2023)成都市不动产证明第0001234号.'),
  rule('STATUS_UNKNOWN', 'CODE_VALIDITY', E, ['right', 'certificate', 'mortgage', 'seizure'], 'The status is one of the standard values of its table (right CURRENT/HISTORICAL, certificate VALID/SUPERSEDED/CANCELLED, mortgage LIVE/CANCELLED, seizure ACTIVE/QUEUED).'),
  rule('SEIZURE_KIND_UNKNOWN', 'CODE_VALIDITY', E, ['seizure'], 'The seizure kind is SEIZURE or PRE_SEIZURE.'),
  rule('YES_NO_UNKNOWN', 'CODE_VALIDITY', E, ['mortgage', 'objection'], 'A yes/no column (maximum-amount mortgage, lawsuit filed) holds Y or N.'),

  rule('AREA_INVALID', 'VALUE_DOMAIN', E, ['unit'], 'Building, inner and shared areas are square metres greater than zero with at most 2 decimals.'),
  rule('FLOOR_INVALID', 'VALUE_DOMAIN', E, ['unit'], 'The floor is a whole number from -5 to 200 other than 0 (basements are negative).'),
  rule('MONEY_INVALID', 'VALUE_DOMAIN', E, ['mortgage'], 'The secured amount is yuan greater than zero with at most 2 decimals, without separators or currency sign.'),
  rule('DATE_INVALID', 'VALUE_DOMAIN', E, ALL, 'Every date is a calendar date written YYYY-MM-DD.'),
  rule('DATE_IN_FUTURE', 'VALUE_DOMAIN', E, ALL, 'No registration, issue, service or end date lies after the inspection date.'),
  rule('DATE_IMPLAUSIBLE', 'VALUE_DOMAIN', W, ALL, 'No registration, issue or service date lies before 1949-10-01, when today’s register begins at the earliest.'),
  rule('SHARE_INVALID', 'VALUE_DOMAIN', E, ['right'], 'Each share is a decimal fraction greater than 0 and at most 1 with at most 4 decimals.'),
  rule('RANK_INVALID', 'VALUE_DOMAIN', E, ['mortgage'], 'The mortgage rank is a whole number from 1.'),
  rule('QUEUE_ORDER_INVALID', 'VALUE_DOMAIN', E, ['seizure'], 'The seizure queue order is a whole number from 1.'),
  rule('AREA_IMPLAUSIBLE', 'VALUE_DOMAIN', W, ['unit'], 'A dwelling (use 10-13) has a building area from 10 to 1000 m².'),

  rule('UNIT_DIVISION_MISMATCH', 'CONSISTENCY', E, ['unit'], 'The unit number starts with the code of the district the unit is in.'),
  rule('UNIT_AREA_SUM', 'CONSISTENCY', E, ['unit'], 'Where inner and shared areas are given, they add up to the building area (to 0.01 m²).'),
  rule('HOLDER_LISTS_UNEQUAL', 'CONSISTENCY', E, ['right'], 'The holder names, document kinds, document numbers (and shares, for SHARES) list the same number of holders.'),
  rule('HOLDER_COUNT_MISMATCH', 'CONSISTENCY', E, ['right'], 'A SOLE right has one holder; a JOINT or SHARES right at least two.'),
  rule('SHARES_NOT_ONE', 'CONSISTENCY', E, ['right'], 'The shares of a SHARES right add up to exactly 1; SOLE and JOINT rights have no shares.'),
  rule('RIGHT_DATES_ORDER', 'CONSISTENCY', E, ['right'], 'A right ends on or after the day it was registered.'),
  rule('RIGHT_STATUS_DATES', 'CONSISTENCY', E, ['right'], 'A HISTORICAL right has an end date; a CURRENT right has none.'),
  rule('MORTGAGE_TERM_ORDER', 'CONSISTENCY', E, ['mortgage'], 'The debt term of a mortgage ends on or after it starts.'),
  rule('MORTGAGE_TERM_BOUNDS', 'CONSISTENCY', E, ['mortgage'], 'The debt term of a mortgage lasts at most 30 years.'),
  rule('PROOF_NUMBER_KIND', 'CONSISTENCY', E, ['mortgage', 'notice', 'residence'], 'A mortgage, advance notice or residence right is evidenced by a 不动产证明 number, not a 不动产权 certificate number.'),
  rule('CERT_NUMBER_KIND', 'CONSISTENCY', E, ['certificate'], 'An ownership certificate has a 不动产权 number, not a 不动产证明 number.'),
  rule('CERT_YEAR_MISMATCH', 'CONSISTENCY', E, ['certificate'], 'The year in the certificate number (a 国用 number states one too) is the year the certificate was issued.'),
  rule('CERT_LEGACY_NUMBER_LATE', 'CONSISTENCY', W, ['certificate'], 'A pre-2015 房权证 or 国用 number belongs to a certificate issued before unified registration began on 2015-03-01 (some offices issued old certificates during the switch-over: check it).'),
  rule('SEIZURE_TERM_MISSING', 'CONSISTENCY', E, ['seizure'], 'An ACTIVE seizure has a term: a start and an end date, the end not before the start.'),
  rule('SEIZURE_TERM_TOO_LONG', 'CONSISTENCY', E, ['seizure'], 'A seizure term lasts at most 3 years (查扣冻规定); longer needs a renewal, exported as a new term.'),
  rule('SEIZURE_STATUS_QUEUE', 'CONSISTENCY', E, ['seizure'], 'The seizure at queue order 1 is ACTIVE and every later one QUEUED.'),
  rule('SEIZURE_TERM_ENDED', 'CONSISTENCY', E, ['seizure'], 'A live seizure’s term (for a queued one without a term, 3 years from its service) has not ended before the inspection date; an ended one lapsed unless renewed (续封), and its unit waits for the export to say which.'),
  rule('RESIDENCE_BEFORE_CIVIL_CODE', 'CONSISTENCY', E, ['residence'], 'A residence right is registered on or after 2021-01-01, when the Civil Code created it (a right of dwelling recorded before is another right: correct the export).'),
  rule('RESIDENCE_TERM_ENDED', 'CONSISTENCY', E, ['residence'], 'A residence right with an agreed term has not ended before the inspection date (Civil Code 370); an ended one no longer stands and is not loaded.'),
  rule('NOTICE_LAPSED', 'CONSISTENCY', E, ['notice'], 'An advance notice has not lapsed: final registration became possible less than 90 days before the inspection date (Civil Code 221); a lapsed notice no longer stands and is not loaded.'),
  rule('OBJECTION_LAPSED', 'CONSISTENCY', E, ['objection'], 'An objection without a lawsuit has not lapsed: it was registered less than 15 days before the inspection date (Civil Code 220); a lapsed objection no longer stands and is not loaded.'),

  rule('LEGACY_ID_DUPLICATE', 'UNIQUENESS', E, ALL, 'No two records of a table share a legacy id (the later one is reported).'),
  rule('UNIT_NUMBER_DUPLICATE', 'UNIQUENESS', E, ['unit'], 'No two units share a unit number (the later one is reported).'),
  rule('HOUSE_CODE_DUPLICATE', 'UNIQUENESS', E, ['unit'], 'No two units are linked to the same house code (the later one is reported).'),
  rule('CERT_NUMBER_DUPLICATE', 'UNIQUENESS', E, ['certificate'], 'No two certificates share a number (the later one is reported).'),
  rule('CURRENT_RIGHT_DUPLICATE', 'UNIQUENESS', E, ['right'], 'A unit has one current owner set: one CURRENT right (the later ones are reported).'),

  rule('RIGHT_UNIT_MISSING', 'CROSS_RECORD', E, ['right'], 'A right is on a unit of the units table.'),
  rule('CERTIFICATE_UNIT_MISSING', 'CROSS_RECORD', E, ['certificate'], 'A certificate is on a unit of the units table.'),
  rule('MORTGAGE_UNIT_MISSING', 'CROSS_RECORD', E, ['mortgage'], 'A mortgage is on a unit of the units table.'),
  rule('SEIZURE_UNIT_MISSING', 'CROSS_RECORD', E, ['seizure'], 'A seizure is on a unit of the units table.'),
  rule('NOTICE_UNIT_MISSING', 'CROSS_RECORD', E, ['notice'], 'An advance notice is on a unit of the units table.'),
  rule('OBJECTION_UNIT_MISSING', 'CROSS_RECORD', E, ['objection'], 'An objection is on a unit of the units table.'),
  rule('RESIDENCE_UNIT_MISSING', 'CROSS_RECORD', E, ['residence'], 'A residence right is on a unit of the units table.'),
  rule('RESIDENCE_WITHOUT_OWNER', 'CROSS_RECORD', E, ['residence'], 'A residence right is registered on a unit with an owner: the unit has a CURRENT right (Civil Code 366).'),
  rule('CHAIN_PREDECESSOR_MISSING', 'CROSS_RECORD', E, ['right'], 'The previous right a right names is in the rights table, on the same unit.'),
  rule('CHAIN_DISCONTINUOUS', 'CROSS_RECORD', E, ['right'], 'The chain of holders has no gap: a right is registered on the day its previous right ended.'),
  rule('CHAIN_FORK', 'CROSS_RECORD', E, ['right'], 'A right has at most one successor (the later one is reported).'),
  rule('CERT_RIGHT_MISSING', 'CROSS_RECORD', E, ['certificate'], 'A certificate belongs to a right of the rights table.'),
  rule('CERT_UNIT_MISMATCH', 'CROSS_RECORD', E, ['certificate'], 'A certificate names the unit of its right.'),
  rule('CERT_LIVE_DUPLICATE', 'CROSS_RECORD', E, ['certificate'], 'A right has at most one VALID certificate (the later ones are reported).'),
  rule('CERT_LIVE_ON_ENDED_RIGHT', 'CROSS_RECORD', E, ['certificate'], 'A VALID certificate belongs to a CURRENT right.'),
  rule('CERT_BEFORE_RIGHT', 'CROSS_RECORD', E, ['certificate'], 'A certificate is issued on or after the day its right was registered.'),
  rule('SEIZURE_QUEUE_GAP', 'CROSS_RECORD', E, ['seizure'], "A unit's seizure queue has no gap: each queue order above 1 follows the one before it."),
  rule('SEIZURE_QUEUE_DUPLICATE', 'CROSS_RECORD', E, ['seizure'], 'No two seizures of a unit share a queue order (the later one is reported).'),
  rule('SEIZURE_QUEUE_SERVICE_ORDER', 'CROSS_RECORD', E, ['seizure'], 'The queue follows the order of service: a seizure is not served before the one ahead of it.'),
  rule('MORTGAGE_RANK_DUPLICATE', 'CROSS_RECORD', E, ['mortgage'], 'No two LIVE mortgages of a unit share a rank (the later one is reported).'),

  rule('BT_HOUSE_CODE_UNKNOWN', 'BUILDING_TABLE', E, ['unit'], "The unit's house code is a household of the building tables."),
  rule('BT_FLOOR_MISMATCH', 'BUILDING_TABLE', E, ['unit'], "The unit's floor is its household's floor in the building tables."),
  rule('BT_ROOM_MISMATCH', 'BUILDING_TABLE', E, ['unit'], "The unit's room is its household's room in the building tables (full-width digits and a trailing 室 or 号 aside)."),
  rule('BT_AREA_MISMATCH', 'BUILDING_TABLE', E, ['unit'], "The unit's building area is its household's within 0.5 m²."),
];

export const RULES_BY_ID: ReadonlyMap<string, InspectionRule> = new Map(INSPECTION_RULES.map((r) => [r.id, r]));

