import { createHash } from 'node:crypto';
import { canonicalJson, type MigrationCommandInput, type PartyId } from '@estate-ledger/chaincode';
import { splitList, type AnyLegacyRecord, type LegacyRecord, type RecordType } from '../legacy-register/layout';
import { seizureTermEnd } from '../legacy-register/seizure-term';

/** One unit's legacy records in the migration's shape (the batch is named once, by the load). */
export type MigrationRecordInput = Omit<MigrationCommandInput, 'batchId'>;

type Group = { [T in Exclude<RecordType, 'household'>]: Array<LegacyRecord<T>> };

/** 证件种类 codes of organisations (组织机构代码, 营业执照, 统一社会信用代码); every other kind is a person. */
const ORG_ID_TYPES = new Set(['6', '7', '8']);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A party as the legacy export names it; without an id type, an 18-character resident ID is a person. */
function party(name: string, idNumber: string, idType = ''): PartyId {
  const org = idType ? ORG_ID_TYPES.has(idType) : !/^\d{17}[\dXx]$/.test(idNumber);
  return org ? { kind: 'ORG', name, idNumber } : { kind: 'PERSON', name, idNumber };
}

function parties(names: string, ids: string, types = ''): PartyId[] {
  const n = splitList(names);
  const i = splitList(ids);
  const t = splitList(types);
  return n.map((name, k) => party(name, i[k] ?? '', t[k] ?? t[0] ?? ''));
}

/** A share as a fraction of one (0.5) becomes a percentage with two decimals (50). */
const percent = (fraction: string) => String(Math.round(Number(fraction) * 10_000) / 100);

/**
 * Turns the records an inspection passed (the standard layout of gateway-api/src/legacy-register)
 * into one migration record per unit: the current ownership with its valid certificate, live
 * mortgages with their proofs, seizures in queue order, advance notices and objections. Previous
 * holders (HISTORICAL rights), cancelled mortgages and superseded certificates stay in the legacy
 * system; the source hash covers every record of the unit, so the ledger names exactly what was read.
 * Records are grouped by unit number in memory (about 1 KB per unit).
 */
export async function* migrationRecords(records: AsyncIterable<AnyLegacyRecord>): AsyncGenerator<MigrationRecordInput> {
  const groups = new Map<string, Group>();
  const group = (unitNumber: string) => {
    let g = groups.get(unitNumber);
    if (!g) groups.set(unitNumber, (g = { unit: [], right: [], certificate: [], mortgage: [], seizure: [], notice: [], objection: [], residence: [] }));
    return g;
  };
  for await (const r of records) {
    if (r.type === 'household') continue;
    (group(r.fields.unit_number)[r.type] as AnyLegacyRecord[]).push(r);
  }
  for (const g of groups.values()) {
    const record = migrationRecordOf(g);
    if (record) yield record;
  }
}

function migrationRecordOf(g: Group): MigrationRecordInput | undefined {
  const [unit] = g.unit;
  if (!unit) return undefined;
  const sourceHash = sha256(canonicalJson([...g.unit, ...g.right, ...g.certificate, ...g.mortgage, ...g.seizure, ...g.notice, ...g.objection, ...g.residence].map((r) => ({ type: r.type, fields: r.fields }))));
  const current = g.right.find((r) => r.fields.status === 'CURRENT');
  const certificate = current && g.certificate.find((c) => c.fields.right_id === current.fields.legacy_id && c.fields.status === 'VALID');
  const proof = (legacyId: string, certNo: string, issuedOn: string) => (certNo ? { legacyId: `${legacyId}.ZM`, certNo, issuedOn } : undefined);
  return {
    legacyId: unit.fields.legacy_id,
    unitNumber: unit.fields.unit_number,
    sourceHash,
    ownership: current && {
      legacyId: current.fields.legacy_id,
      holders: parties(current.fields.holder_names, current.fields.holder_ids, current.fields.holder_id_types).map((p, i) => {
        const share = splitList(current.fields.holder_shares)[i];
        return current.fields.co_ownership === 'SHARES' && share ? { party: p, share: percent(share) } : { party: p };
      }),
      coOwnership: current.fields.co_ownership as 'SOLE' | 'JOINT' | 'SHARES',
      registeredOn: current.fields.registered_on,
      certificate: certificate && {
        legacyId: certificate.fields.legacy_id,
        certNo: certificate.fields.cert_number,
        issuedOn: certificate.fields.issued_on,
        docHash: certificate.fields.content_hash || undefined,
      },
    },
    mortgages: g.mortgage
      .filter((m) => m.fields.status === 'LIVE')
      .map((m) => ({
        legacyId: m.fields.legacy_id,
        mortgagors: parties(m.fields.mortgagor_names, m.fields.mortgagor_ids),
        creditor: party(m.fields.mortgagee_name, m.fields.mortgagee_code, '8'),
        amount: m.fields.amount,
        maximumAmount: m.fields.maximum_amount === 'Y',
        // The standard layout has no column for a registered no-transfer agreement: none is assumed.
        noTransfer: false,
        termStart: m.fields.term_start,
        termEnd: m.fields.term_end,
        rank: Number(m.fields.rank),
        registeredOn: m.fields.registered_on,
        certificate: proof(m.fields.legacy_id, m.fields.proof_number, m.fields.registered_on),
      })),
    notices: g.notice.map((n) => ({
      legacyId: n.fields.legacy_id,
      holders: parties(n.fields.holder_names, n.fields.holder_ids),
      registeredOn: n.fields.registered_on,
      possibleFrom: n.fields.final_possible_on || undefined,
      certificate: proof(n.fields.legacy_id, n.fields.proof_number, n.fields.registered_on),
    })),
    objections: g.objection.map((o) => ({
      legacyId: o.fields.legacy_id,
      applicant: party(o.fields.applicant_name, o.fields.applicant_id),
      reason: o.fields.reason,
      registeredOn: o.fields.registered_on,
      lawsuitFiled: o.fields.lawsuit_filed === 'Y',
    })),
    residences: g.residence.map((r) => ({
      legacyId: r.fields.legacy_id,
      holders: parties(r.fields.holder_names, r.fields.holder_ids),
      registeredOn: r.fields.registered_on,
      until: r.fields.term_end || undefined,
      certificate: proof(r.fields.legacy_id, r.fields.proof_number, r.fields.registered_on),
    })),
    seizures: g.seizure.map((s) => ({
      legacyId: s.fields.legacy_id,
      court: s.fields.court,
      caseNumber: s.fields.case_number,
      // Legacy systems keep no hash of the court's document: a fingerprint of the legacy seizure record stands in.
      documentHash: sha256(canonicalJson({ court: s.fields.court, caseNumber: s.fields.case_number, servedOn: s.fields.served_on })),
      queuePosition: Number(s.fields.queue_order),
      servedOn: s.fields.served_on,
      endDate: seizureTermEnd(s.fields),
    })),
  };
}
