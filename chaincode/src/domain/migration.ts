import { z } from 'zod';
import { zId, zPartyKey, zPercent, zSha256, zText, type PartySlot } from './commands';
import type { Actor, Unit } from './model';
import { NOTICE_LAPSE_DAYS, OBJECTION_LAPSE_DAYS, SEIZURE_MAX_YEARS, addYearsToDate } from './time-limits';
import {
  NO_TODAY,
  addDays,
  checkDateRange,
  isoDateInChina,
  refineAcross,
  looksLikeLegacyCertificateNumber,
  zCertificateNumber,
  zIsoDate,
  zMoney,
  zPartyIdAt,
  zTitleNumber,
  zUnitNumber,
  type Today,
} from './validators';

/**
 * Migration (存量数据迁移): the current state of one unit as the legacy register holds it, brought
 * onto the ledger by the registry in one transaction. It states what stands now (holders,
 * live mortgages, seizures in queue order, advance notices, objections, certificate numbers), each
 * marked with its source batch and legacy id; it never writes registrations or book entries as if
 * the legacy acts had happened on the ledger. Dates that start statutory time limits (an
 * objection's 15 days, a notice's 90) keep their legacy values, so the limits run on unchanged.
 */

/** Legacy ids become right ids as `M-<legacyId>` (a rightId is at most 64 characters). */
export const zLegacyId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, 'legacyId must be 1-60 letters, digits, dot, dash or underscore')
  .meta({ description: 'Id of the record in the legacy system: 1-60 characters [A-Za-z0-9._-]', example: 'QL-2009-004711' });

/** Right, seizure and objection ids of migrated records: distinct from every id the ledger gives (R-…). */
export const migratedId = (legacyId: string): string => `M-${legacyId}`;

/** The id a migrated right names as its "registration": the migration, never a registration case. */
export const migrationRef = (batchId: string, legacyId: string): string => `migration/${batchId}/${legacyId}`;

/** Midnight China time of a legacy date: the instant a legacy record is taken to have happened. */
export const startOfChinaDate = (date: string): string => new Date(Date.parse(`${date}T00:00:00.000Z`) - 8 * 3_600_000).toISOString();

/** Marks a record brought in by a migration: where it came from, and the legacy date it arose on. */
export interface MigrationMark {
  batchId: string;
  legacyId: string;
  /** Legacy date of registration (登簿) or service, YYYY-MM-DD. */
  legacyDate: string;
}

/** The ledger's record of one migration (KEY.migration, by batch and legacy id): exactly once. */
export interface MigrationRecord {
  batchId: string;
  legacyId: string;
  unitNumber: string;
  district: string;
  /** SHA-256 of the legacy source records of this unit, as inspected. */
  sourceHash: string;
  /** Every legacy record the migration restored, with the ledger id it now has. */
  records: Array<{ kind: MigratedKind; legacyId: string; ledgerId: string }>;
  migratedBy: Actor;
}

export type MigratedKind = 'OWNERSHIP' | 'MORTGAGE' | 'NOTICE' | 'OBJECTION' | 'SEIZURE' | 'RESIDENCE' | 'CERTIFICATE';

const unique = <T>(values: T[]) => new Set(values).size === values.length;

/** The legacy records of one unit (without the batch, which the load names once). */
const migrationRecordShape = <P extends PartySlot>(party: P, today: Today) => {
  const certificateNumbered = (certNo: typeof zCertificateNumber) =>
    z.strictObject({
      legacyId: zLegacyId,
      certNo: certNo(today),
      issuedOn: zIsoDate,
      /** SHA-256 of the certificate file, where the legacy system kept one. */
      docHash: zSha256.optional(),
    });
  const certificate = certificateNumbered(zCertificateNumber);
  // An ownership's certificate may be a pre-2015 房屋所有权证 or 国有土地使用证, which keeps its number.
  const titleCertificate = certificateNumbered(zTitleNumber);
  const holder = z.strictObject({ party, share: zPercent.optional() });
  return {
      legacyId: zLegacyId,
      unitNumber: zUnitNumber,
      sourceHash: zSha256,
      ownership: z
        .strictObject({
          legacyId: zLegacyId,
          holders: z.array(holder).min(1).max(20),
          coOwnership: z.enum(['SOLE', 'JOINT', 'SHARES']),
          registeredOn: zIsoDate,
          certificate: titleCertificate.optional(),
        })
        .superRefine(refineAcross('holders', checkHolders))
        .optional(),
      mortgages: z
        .array(
          z
            .strictObject({
              legacyId: zLegacyId,
              mortgagors: z.array(party).min(1).max(20),
              creditor: party,
              amount: zMoney,
              maximumAmount: z.boolean(),
              noTransfer: z.boolean(),
              termStart: zIsoDate,
              termEnd: zIsoDate,
              rank: z.int().min(1).max(99),
              registeredOn: zIsoDate,
              certificate: certificate.optional(),
            })
            .superRefine(refineAcross('termEnd', (m: { termStart: string; termEnd: string }) => checkDateRange(m.termStart, m.termEnd))),
        )
        .max(20)
        .default([]),
      notices: z
        .array(
          z.strictObject({
            legacyId: zLegacyId,
            holders: z.array(party).min(1).max(20),
            contractId: zId('contractId').optional(),
            registeredOn: zIsoDate,
            /** When final registration became possible: the notice lapses 90 days later. */
            possibleFrom: zIsoDate.optional(),
            certificate: certificate.optional(),
          }),
        )
        .max(5)
        .default([]),
      objections: z
        .array(
          z
            .strictObject({
              legacyId: zLegacyId,
              applicant: party,
              reason: zText(500),
              registeredOn: zIsoDate,
              lawsuitFiled: z.boolean(),
              lawsuitDocHash: zSha256.optional(),
            })
            // Legacy systems often record only that a lawsuit was filed, not the document's hash.
            .refine((o) => o.lawsuitFiled || o.lawsuitDocHash === undefined, {
              path: ['lawsuitDocHash'],
              message: 'only for an objection whose lawsuit was filed',
              params: { rule: 'LAWSUIT_DOCUMENT' },
            }),
        )
        .max(10)
        .default([]),
      residences: z
        .array(
          z.strictObject({
            legacyId: zLegacyId,
            /** 居住权人 (Civil Code 366-368). */
            holders: z.array(party).min(1).max(20),
            registeredOn: zIsoDate,
            /** The agreed term's last day; absent: for the holder's life. */
            until: zIsoDate.optional(),
            certificate: certificate.optional(),
          }),
        )
        .max(5)
        .default([]),
      seizures: z
        .array(
          z.strictObject({
            legacyId: zLegacyId,
            court: zText(60),
            caseNumber: zText(60),
            documentHash: zSha256,
            /** 1 is the seizure in force; 2, 3, … wait in this order (轮候). */
            queuePosition: z.int().min(1).max(99),
            servedOn: zIsoDate,
            endDate: zIsoDate,
          }),
        )
        .max(20)
        .default([]),
  };
};

type LegacyCertificateRef = { legacyId: string; certNo: string };

/** What the rules across one unit's records read. */
interface CheckedRecords {
  legacyId: string;
  ownership?: { legacyId: string; certificate?: LegacyCertificateRef };
  mortgages: Array<{ legacyId: string; rank: number; certificate?: LegacyCertificateRef }>;
  notices: Array<{ legacyId: string; possibleFrom?: string; certificate?: LegacyCertificateRef }>;
  objections: Array<{ legacyId: string }>;
  residences: Array<{ legacyId: string; certificate?: LegacyCertificateRef }>;
  seizures: Array<{ legacyId: string; queuePosition: number; servedOn: string }>;
}

/** Rules across the records of one unit, the same for the chaincode, the loader and the API. */
function checkMigration(cmd: CheckedRecords, ctx: z.RefinementCtx): void {
      const issue = (path: Array<string | number>, message: string, rule: string) => ctx.addIssue({ code: 'custom', path, message, params: { rule } });
      const legacyIds = [
        cmd.legacyId,
        ...(cmd.ownership ? [cmd.ownership.legacyId] : []),
        ...[cmd.ownership, ...cmd.mortgages, ...cmd.notices, ...cmd.residences].flatMap((r) => (r?.certificate ? [r.certificate.legacyId] : [])),
        ...cmd.mortgages.map((m) => m.legacyId),
        ...cmd.notices.map((n) => n.legacyId),
        ...cmd.objections.map((o) => o.legacyId),
        ...cmd.residences.map((r) => r.legacyId),
        ...cmd.seizures.map((s) => s.legacyId),
      ];
      if (!unique(legacyIds)) issue(['legacyId'], 'every legacy record of the unit must have its own legacy id', 'LEGACY_ID_DUPLICATE');
      const certNos = [cmd.ownership, ...cmd.mortgages, ...cmd.notices, ...cmd.residences].flatMap((r) => (r?.certificate ? [r.certificate.certNo] : []));
      if (!unique(certNos)) issue(['ownership', 'certificate', 'certNo'], 'a certificate number appears twice', 'CERT_NUMBER_DUPLICATE');
      const titled = (c: { certNo: string } | undefined, path: Array<string | number>, word: string, legacyAllowed = false) => {
        if (c && !c.certNo.includes(`${word}第`) && !(legacyAllowed && looksLikeLegacyCertificateNumber(c.certNo))) issue([...path, 'certificate', 'certNo'], `must be a ${word} number`, 'CERT_NUMBER_KIND');
      };
      titled(cmd.ownership?.certificate, ['ownership'], '不动产权', true);
      cmd.mortgages.forEach((m, i) => titled(m.certificate, ['mortgages', i], '不动产证明'));
      cmd.notices.forEach((n, i) => titled(n.certificate, ['notices', i], '不动产证明'));
      cmd.residences.forEach((r, i) => titled(r.certificate, ['residences', i], '不动产证明'));
      // Civil Code 366: a residence right is granted on another's dwelling, so the unit has an owner.
      if (cmd.residences.length > 0 && !cmd.ownership) issue(['residences'], 'a residence right is registered on a unit with an owner (Civil Code 366)', 'RESIDENCE_WITHOUT_OWNER');
      if (!unique(cmd.mortgages.map((m) => m.rank))) issue(['mortgages'], 'two mortgages have the same rank (顺位)', 'MORTGAGE_RANK_DUPLICATE');
      const queue = [...cmd.seizures].sort((a, b) => a.queuePosition - b.queuePosition);
      queue.forEach((s, i) => {
        const at = cmd.seizures.indexOf(s);
        if (s.queuePosition !== i + 1) issue(['seizures', at, 'queuePosition'], `queue positions must run 1, 2, 3… without gaps; expected ${i + 1}`, 'SEIZURE_QUEUE_GAP');
        else if (i > 0 && s.servedOn < queue[i - 1].servedOn) issue(['seizures', at, 'servedOn'], 'a seizure waits behind those served before it: service dates must not decrease along the queue', 'SEIZURE_QUEUE_ORDER');
      });
      if (cmd.notices.some((n) => n.possibleFrom !== undefined) && !cmd.ownership) {
        issue(['notices'], 'final registration cannot have become possible on a unit without a first registration', 'NOTICE_BEFORE_FIRST_REGISTRATION');
      }
}

const makeMigrationRecord = <P extends PartySlot>(party: P, today: Today) => z.strictObject(migrationRecordShape(party, today)).superRefine(checkMigration);
const makeMigrationCommand = <P extends PartySlot>(party: P, today: Today) =>
  z.strictObject({ batchId: zId('batchId'), ...migrationRecordShape(party, today) }).superRefine(checkMigration);

function checkHolders(o: { holders: Array<{ share?: string }>; coOwnership: string }) {
  if (o.coOwnership === 'SOLE' && o.holders.length !== 1) return { ok: false as const, rule: 'SOLE_OWNER_COUNT', message: 'holders: sole ownership has exactly one holder' };
  if (o.coOwnership === 'SHARES') {
    // Hundredths of a percent, so 33.33 + 33.33 + 33.34 sums exactly.
    const total = o.holders.reduce((sum, h) => sum + (h.share === undefined ? Number.NaN : Math.round(Number(h.share) * 100)), 0);
    if (total !== 10_000) return { ok: false as const, rule: 'SHARES_SUM', message: 'holders: shares must be given for every holder and sum to 100' };
  } else if (o.holders.some((h) => h.share !== undefined)) {
    return { ok: false as const, rule: 'SHARES_ONLY_FOR_SHARES', message: 'holders: shares are given only for co-ownership by shares (按份共有)' };
  }
  return { ok: true as const, value: undefined, warnings: [] };
}

/** Chaincode-side: parties are keys of the transient map. */
export const LedgerMigrationCommand = makeMigrationCommand(zPartyKey, NO_TODAY);
/** Most units one migrateUnits transaction carries. */
export const MAX_UNITS_PER_TRANSACTION = 50;
/** Chaincode-side: several units of one batch in one transaction, each unit once. */
export const LedgerMigrationGroup = z
  .strictObject({ batchId: zId('batchId'), units: z.array(makeMigrationRecord(zPartyKey, NO_TODAY)).min(1).max(MAX_UNITS_PER_TRANSACTION) })
  .refine((g) => unique(g.units.map((u) => u.unitNumber)) && unique(g.units.map((u) => u.legacyId)), { path: ['units'], message: 'each unit and legacy id at most once', params: { rule: 'UNIT_DUPLICATE' } });
/** Gateway- and loader-side: parties in full, dates bounded by the register clock. */
export const apiMigrationCommand = (today: Today) => makeMigrationCommand(zPartyIdAt(today), today);
/** One unit's legacy records as a load's input carries them (the batch named once, outside). */
export const apiMigrationRecord = (today: Today) => makeMigrationRecord(zPartyIdAt(today), today);
export type LedgerMigrationInput = z.output<typeof LedgerMigrationCommand>;
export type MigrationCommandInput = z.input<ReturnType<typeof apiMigrationCommand>>;

/**
 * The first day (China date) on which a live record of a legacy register no longer stands: the
 * inspection judges a batch by these at its inspection date, and the chaincode refuses a migration
 * by them at the migration's date, so what passes the one is never refused by the other.
 */
export const legacyLapse = {
  /** An objection without a lawsuit lapses 15 days after its registration (Civil Code 220). */
  objection: (registeredOn: string): string => addDays(registeredOn, OBJECTION_LAPSE_DAYS),
  /** An advance notice lapses 90 days after final registration became possible (Civil Code 221). */
  notice: (possibleFrom: string): string => addDays(possibleFrom, NOTICE_LAPSE_DAYS),
  /** A residence right with an agreed term ends the day after it (Civil Code 370). */
  residence: (until: string): string => addDays(until, 1),
  /** A seizure lapses the day after its term ends, unless the court renewed it (续封) with a new term. */
  seizure: (endDate: string): string => addDays(endDate, 1),
};

/** The dates of one unit's legacy records that decide whether they still stand (parties in either form). */
export interface DatedRecords {
  ownership?: { registeredOn: string };
  mortgages: Array<{ registeredOn: string }>;
  notices: Array<{ registeredOn: string; possibleFrom?: string }>;
  objections: Array<{ registeredOn: string; lawsuitFiled: boolean }>;
  residences: Array<{ registeredOn: string; until?: string }>;
  seizures: Array<{ servedOn: string; endDate: string }>;
}

/**
 * Why a legacy record is no longer live at `now` (and so is not brought in), or undefined: the
 * statutory limits are judged exactly as the register judges them after migration.
 */
export function endedBeforeMigration(cmd: DatedRecords, now: string): { field: string; message: string } | undefined {
  const today = isoDateInChina(now);
  const dated = [
    ['ownership.registeredOn', cmd.ownership?.registeredOn],
    ...cmd.mortgages.map((m, i) => [`mortgages.${i}.registeredOn`, m.registeredOn]),
    ...cmd.notices.map((n, i) => [`notices.${i}.registeredOn`, n.registeredOn]),
    ...cmd.objections.map((o, i) => [`objections.${i}.registeredOn`, o.registeredOn]),
    ...cmd.residences.map((r, i) => [`residences.${i}.registeredOn`, r.registeredOn]),
    ...cmd.seizures.map((s, i) => [`seizures.${i}.servedOn`, s.servedOn]),
  ] as Array<[string, string | undefined]>;
  for (const [field, date] of dated) if (date && date > today) return { field, message: `${field}: ${date} is after today (${today})` };
  for (const [i, o] of cmd.objections.entries()) {
    const lapse = legacyLapse.objection(o.registeredOn);
    if (!o.lawsuitFiled && lapse <= today) return { field: `objections.${i}`, message: `objections.${i}: lapsed on ${lapse}, ${OBJECTION_LAPSE_DAYS} days after registration without a lawsuit (Civil Code 220)` };
  }
  for (const [i, n] of cmd.notices.entries()) {
    const lapse = n.possibleFrom && legacyLapse.notice(n.possibleFrom);
    if (lapse && lapse <= today) return { field: `notices.${i}`, message: `notices.${i}: lapsed on ${lapse}, ${NOTICE_LAPSE_DAYS} days after final registration became possible (Civil Code 221)` };
  }
  for (const [i, r] of cmd.residences.entries()) {
    if (r.until && legacyLapse.residence(r.until) <= today) return { field: `residences.${i}.until`, message: `residences.${i}: its term ended on ${r.until}` };
  }
  const latest = addYearsToDate(today, SEIZURE_MAX_YEARS);
  for (const [i, s] of cmd.seizures.entries()) {
    if (legacyLapse.seizure(s.endDate) <= today) return { field: `seizures.${i}.endDate`, message: `seizures.${i}: its term ended on ${s.endDate}` };
    if (s.endDate > latest) return { field: `seizures.${i}.endDate`, message: `seizures.${i}: a seizure lasts at most ${SEIZURE_MAX_YEARS} years from today (until ${latest})` };
  }
  return undefined;
}

/** A unit whose register already holds something recorded on the ledger: a migration would overwrite it. */
export function hasLedgerHistory(unit: Unit): boolean {
  return (
    unit.registerVersion > 0 ||
    unit.ownership !== undefined ||
    unit.mortgages.length + unit.notices.length + unit.objections.length + unit.residence.length + unit.seizures.length > 0 ||
    unit.filedContract !== undefined ||
    unit.caseInFlight !== undefined
  );
}
