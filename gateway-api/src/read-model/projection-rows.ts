import {
  KEY,
  type Anchor,
  contentFingerprints,
  unitFlags,
  processingTime,
  type Application,
  type Certificate,
  type HoldingsProof,
  type Household,
  type MigrationRecord,
  type Project,
  type Registration,
  type RegistryUnit,
  type SaleContract,
  type TaxRecord,
  type Unit,
  type WorkingCalendar,
} from '@estate-ledger/chaincode';
import { matchKeys } from '../linkage/linker';

/**
 * How each ledger record type becomes a read-model row. One spec per table: its key, its typed
 * columns and the mapping from the record. Record types without a table (certificate hash index,
 * sequences, configuration) are not projected: the certificates table carries the hash itself.
 */
export type SqlType = 'text' | 'int' | 'bigint' | 'boolean' | 'numeric' | 'timestamptz' | 'jsonb' | 'text[]';
export type Row = Record<string, unknown>;

export interface TableSpec {
  table: string;
  key: string[];
  columns: Array<[string, SqlType]>;
  /** `calendar`: the working days the statutory time limits are counted in. */
  toRow(value: unknown, attributes: string[], blockNumber: number, calendar: WorkingCalendar): Row;
  /** Party references the row mentions, so the projector can fetch their private records. */
  partyRefs(row: Row): string[];
}

const refsColumn = (row: Row) => (row.party_refs as string[] | undefined) ?? [];
const unique = (refs: Array<string | undefined>) => [...new Set(refs.filter((r): r is string => !!r))].sort();

function unitPartyRefs(u: Unit): string[] {
  return unique([
    ...(u.ownership?.holders.map((h) => h.party) ?? []),
    ...u.mortgages.flatMap((m) => [...m.mortgagors, m.creditor]),
    ...u.notices.flatMap((n) => [...n.holders, ...(n.mortgage?.mortgagors ?? [])]),
    ...u.residence.flatMap((r) => r.holders),
    ...u.objections.map((o) => o.applicant),
    ...(u.filedContract ? [...u.filedContract.buyers, ...u.filedContract.sellers] : []),
  ]);
}

export const TABLE_SPECS: Record<string, TableSpec> = {
  [KEY.project]: {
    table: 'projects',
    key: ['project_id'],
    columns: [['project_id', 'text'], ['district', 'text'], ['name', 'text'], ['developer_ref', 'text'], ['doc', 'jsonb'], ['block_number', 'bigint']],
    toRow: (v, _a, block) => {
      const p = v as Project;
      return { project_id: p.projectId, district: p.district, name: p.name, developer_ref: p.developer, doc: p, block_number: block };
    },
    partyRefs: (row) => [row.developer_ref as string],
  },
  [KEY.household]: {
    table: 'households',
    key: ['house_code'],
    columns: [['house_code', 'text'], ['project_id', 'text'], ['district', 'text'], ['unit_number', 'text'], ['doc', 'jsonb'], ['block_number', 'bigint']],
    toRow: (v, _a, block) => {
      const h = v as Household;
      return { house_code: h.houseCode, project_id: h.projectId, district: h.district, unit_number: h.unitNumber ?? null, doc: h, block_number: block };
    },
    partyRefs: () => [],
  },
  [KEY.unit]: {
    table: 'units',
    key: ['unit_number'],
    columns: [
      ['unit_number', 'text'], ['house_code', 'text'], ['district', 'text'], ['project_id', 'text'], ['location', 'text'], ['register_version', 'int'],
      ['registered', 'boolean'], ['seized', 'boolean'], ['seizure_queued', 'boolean'], ['mortgaged', 'boolean'], ['advance_notice', 'boolean'],
      ['objection', 'boolean'], ['residence_right', 'boolean'], ['contract_filed', 'boolean'], ['case_in_flight', 'boolean'],
      ['party_refs', 'text[]'], ['content_hashes', 'jsonb'], ['doc', 'jsonb'], ['block_number', 'bigint'],
    ],
    toRow: (v, _a, block) => {
      const u = v as Unit;
      const f = unitFlags(u);
      return {
        unit_number: u.unitNumber, house_code: u.houseCode, district: u.district, project_id: u.projectId, location: u.location,
        register_version: u.registerVersion, registered: f.registered, seized: f.seized, seizure_queued: f.seizureQueued, mortgaged: f.mortgaged,
        advance_notice: f.advanceNotice, objection: f.objection, residence_right: f.residenceRight, contract_filed: f.contractFiled,
        case_in_flight: f.caseInFlight, party_refs: unitPartyRefs(u), content_hashes: contentFingerprints(u), doc: u, block_number: block,
      };
    },
    partyRefs: refsColumn,
  },
  [KEY.contract]: {
    table: 'contracts',
    key: ['contract_id'],
    columns: [
      ['contract_id', 'text'], ['unit_number', 'text'], ['district', 'text'], ['status', 'text'], ['kind', 'text'], ['price', 'numeric'],
      ['signed_at', 'timestamptz'], ['filed_at', 'timestamptz'], ['application_id', 'text'], ['party_refs', 'text[]'], ['doc', 'jsonb'], ['block_number', 'bigint'],
    ],
    toRow: (v, _a, block) => {
      const c = v as SaleContract;
      return {
        contract_id: c.contractId, unit_number: c.unitNumber, district: c.district, status: c.status, kind: c.kind, price: c.price,
        signed_at: c.signedAt, filed_at: c.filedAt ?? null, application_id: c.applicationId ?? null,
        party_refs: unique([...c.sellers, ...c.buyers].map((h) => h.party)), doc: c, block_number: block,
      };
    },
    partyRefs: refsColumn,
  },
  [KEY.tax]: {
    table: 'tax_records',
    key: ['tax_id'],
    columns: [
      ['tax_id', 'text'], ['contract_id', 'text'], ['unit_number', 'text'], ['district', 'text'], ['status', 'text'], ['total', 'numeric'],
      ['application_id', 'text'], ['doc', 'jsonb'], ['block_number', 'bigint'],
    ],
    toRow: (v, _a, block) => {
      const t = v as TaxRecord;
      return {
        tax_id: t.taxId, contract_id: t.contractId, unit_number: t.unitNumber, district: t.district, status: t.status, total: t.total,
        application_id: t.applicationId ?? null, doc: t, block_number: block,
      };
    },
    partyRefs: () => [],
  },
  [KEY.registration]: {
    table: 'registrations',
    key: ['registration_id'],
    columns: [
      ['registration_id', 'text'], ['type', 'text'], ['unit_number', 'text'], ['district', 'text'], ['status', 'text'], ['application_id', 'text'],
      ['applied_at', 'timestamptz'], ['accepted_at', 'timestamptz'], ['completed_at', 'timestamptz'], ['limit_days', 'int'], ['working_days', 'int'],
      ['within_limit', 'boolean'], ['party_refs', 'text[]'], ['doc', 'jsonb'], ['block_number', 'bigint'],
    ],
    toRow: (v, _a, block, calendar) => {
      const r = v as Registration;
      // Processing time from acceptance to recording, pauses (补正, suspension) left out.
      const t = processingTime(r, calendar);
      return {
        registration_id: r.registrationId, type: r.type, unit_number: r.unitNumber, district: r.district, status: r.status,
        application_id: r.applicationId ?? null, applied_at: r.appliedAt, accepted_at: t.acceptedAt, completed_at: t.completedAt,
        limit_days: t.limit, working_days: t.workingDays, within_limit: t.withinLimit,
        party_refs: unique([...r.applicants.map((a) => a.party), r.mortgage?.creditor, r.newCreditor, ...(r.residence?.holders ?? [])]), doc: r, block_number: block,
      };
    },
    partyRefs: refsColumn,
  },
  [KEY.application]: {
    table: 'applications',
    key: ['application_id'],
    columns: [
      ['application_id', 'text'], ['business_type', 'text'], ['unit_number', 'text'], ['district', 'text'], ['status', 'text'], ['channel', 'text'],
      ['created_at', 'timestamptz'], ['party_refs', 'text[]'], ['doc', 'jsonb'], ['block_number', 'bigint'],
    ],
    toRow: (v, _a, block) => {
      const a = v as Application;
      return {
        application_id: a.applicationId, business_type: a.businessType, unit_number: a.unitNumber, district: a.district, status: a.status,
        channel: a.channel, created_at: a.createdBy.at, party_refs: unique(a.applicants), doc: a, block_number: block,
      };
    },
    partyRefs: refsColumn,
  },
  [KEY.certificate]: {
    table: 'certificates',
    key: ['cert_no'],
    columns: [
      ['cert_no', 'text'], ['doc_hash', 'text'], ['unit_number', 'text'], ['district', 'text'], ['kind', 'text'], ['right_type', 'text'],
      ['right_id', 'text'], ['status', 'text'], ['register_version', 'int'], ['issued_at', 'timestamptz'], ['content_hash', 'text'], ['pdf_hash', 'text'], ['doc', 'jsonb'],
      ['block_number', 'bigint'],
    ],
    toRow: (v, _a, block) => {
      const c = v as Certificate;
      return {
        cert_no: c.certNo, doc_hash: c.docHash, unit_number: c.unitNumber, district: c.district, kind: c.kind, right_type: c.rightType,
        right_id: c.rightId, status: c.status, register_version: c.registerVersion, issued_at: c.issuedAt, content_hash: c.contentHash ?? null, pdf_hash: c.pdf?.sha256 ?? null, doc: c,
        block_number: block,
      };
    },
    partyRefs: () => [],
  },
  [KEY.holdingsProof]: {
    table: 'holdings_proofs',
    key: ['proof_no'],
    columns: [
      ['proof_no', 'text'], ['doc_hash', 'text'], ['pdf_hash', 'text'], ['district', 'text'], ['issued_at', 'timestamptz'], ['valid_until', 'timestamptz'], ['doc', 'jsonb'], ['block_number', 'bigint'],
    ],
    toRow: (v, _a, block) => {
      const p = v as HoldingsProof;
      return { proof_no: p.proofNo, doc_hash: p.docHash, pdf_hash: p.pdf?.sha256 ?? null, district: p.district, issued_at: p.issuedAt, valid_until: p.validUntil, doc: p, block_number: block };
    },
    // The person is indexed (blind) so that they find their own proof, a no-property one included.
    partyRefs: (row) => [(row.doc as HoldingsProof).subject],
  },
  [KEY.title]: {
    table: 'title_entries',
    key: ['unit_number', 'seq'],
    columns: [['unit_number', 'text'], ['seq', 'text'], ['right_id', 'text'], ['doc', 'jsonb'], ['block_number', 'bigint']],
    toRow: (v, a, block) => ({ unit_number: a[0], seq: a[1], right_id: (v as { rightId: string }).rightId, doc: v, block_number: block }),
    partyRefs: () => [],
  },
  [KEY.migration]: {
    table: 'legacy_migrations',
    key: ['batch_id', 'legacy_id'],
    columns: [['batch_id', 'text'], ['legacy_id', 'text'], ['unit_number', 'text'], ['district', 'text'], ['source_hash', 'text'], ['tx_id', 'text'], ['doc', 'jsonb'], ['block_number', 'bigint']],
    toRow: (v, _a, block) => {
      const m = v as MigrationRecord;
      return { batch_id: m.batchId, legacy_id: m.legacyId, unit_number: m.unitNumber, district: m.district, source_hash: m.sourceHash, tx_id: m.migratedBy.txId, doc: m, block_number: block };
    },
    partyRefs: () => [],
  },
  [KEY.registryUnit]: {
    table: 'registry_units',
    key: ['unit_number'],
    columns: [
      ['unit_number', 'text'], ['district', 'text'], ['match_room', 'text'], ['match_floor', 'int'], ['batch_id', 'text'], ['legacy_id', 'text'], ['doc', 'jsonb'], ['block_number', 'bigint'],
    ],
    toRow: (v, _a, block) => {
      const u = v as RegistryUnit;
      const m = matchKeys(u.location, u.building, u.floor, u.room);
      return {
        unit_number: u.unitNumber, district: u.district, match_room: m.room ?? null, match_floor: m.floor ?? null,
        batch_id: u.source?.batchId ?? null, legacy_id: u.source?.legacyId ?? null, doc: u, block_number: block,
      };
    },
    partyRefs: () => [],
  },
  [KEY.bookEntry]: {
    table: 'book_entries',
    key: ['unit_number', 'register_version', 'ref'],
    columns: [['unit_number', 'text'], ['register_version', 'int'], ['ref', 'text'], ['kind', 'text'], ['doc', 'jsonb'], ['block_number', 'bigint']],
    toRow: (v, a, block) => ({ unit_number: a[0], register_version: Number(a[1]), ref: a[2], kind: (v as { kind: string }).kind, doc: v, block_number: block }),
    partyRefs: () => [],
  },
  [KEY.anchor]: {
    table: 'anchors',
    key: ['from_block'],
    columns: [
      ['from_block', 'bigint'], ['to_block', 'bigint'], ['root', 'text'], ['status', 'text'], ['chain_id', 'bigint'], ['chain_name', 'text'], ['anchorer', 'text'],
      ['tx_hash', 'text'], ['chain_block_number', 'bigint'], ['chain_block_hash', 'text'], ['chain_time', 'timestamptz'], ['doc', 'jsonb'], ['block_number', 'bigint'],
    ],
    toRow: (v, _a, block) => {
      const a = v as Anchor;
      return {
        from_block: a.fromBlock, to_block: a.toBlock, root: a.root, status: a.status, chain_id: a.chainId, chain_name: a.chainName, anchorer: a.anchorer, tx_hash: a.txHash,
        chain_block_number: a.chainBlockNumber ?? null, chain_block_hash: a.chainBlockHash ?? null, chain_time: a.chainTime ?? null, doc: a, block_number: block,
      };
    },
    partyRefs: () => [],
  },
};

/**
 * One statement that upserts many rows: the rows travel as one JSON parameter and are unpacked by
 * jsonb_to_recordset, so a batch of thousands of writes costs one round trip per table.
 */
export function upsertStatement(spec: TableSpec): string {
  const cols = spec.columns.map(([c]) => c);
  const recordType = spec.columns.map(([c, t]) => `${c} ${t}`).join(', ');
  const updates = cols.filter((c) => !spec.key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  return `INSERT INTO ${spec.table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${recordType}) ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${updates}`;
}

export function deleteStatement(spec: TableSpec): string {
  const keyType = spec.key.map((k) => `${k} ${spec.columns.find(([c]) => c === k)?.[1] ?? 'text'}`).join(', ');
  return `DELETE FROM ${spec.table} t USING jsonb_to_recordset($1::jsonb) AS x(${keyType}) WHERE ${spec.key.map((k) => `t.${k} = x.${k}`).join(' AND ')}`;
}
