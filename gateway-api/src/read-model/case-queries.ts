import { inject, injectable } from 'tsyringe';
import { KEY, type Application, type Certificate, type Registration, type SaleContract, type TaxRecord } from '@estate-ledger/chaincode';
import { ApiError } from '../http/api-error';
import { READ_DB } from '../tokens';
import { decodeCursor, pageOf } from './cursor';
import { PartyDirectory, withParties } from './party-directory';
import { TABLE_SPECS } from './projection-rows';
import type { ReadDb } from './read-db';
import type { Viewer } from './unit-queries';

interface DocRow<T> {
  doc: T;
  party_refs?: string[];
}

/** One-window cases: applications, registrations, contracts, tax records and certificates. */
@injectable()
export class CaseQueries {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(PartyDirectory) private readonly parties: PartyDirectory,
  ) {}

  /** One record by its key, from the table its record type projects into (see projection-rows.ts). */
  private async one<T extends { district: string }>(type: string, id: string, viewer: Viewer, what: string, field: string): Promise<T> {
    const spec = TABLE_SPECS[type];
    const hasRefs = spec.columns.some(([c]) => c === 'party_refs');
    const [row] = await this.db.query<DocRow<T>>(
      `SELECT doc${hasRefs ? ', party_refs' : ''} FROM ${spec.table} WHERE ${spec.key[0]} = $1`,
      [id],
      `${spec.table}_by_id`,
    );
    if (!row || !viewer.districts.includes(row.doc.district)) throw new ApiError(404, 'NOT_FOUND', `No ${what} ${id} in your districts`, field);
    if (!row.party_refs?.length) return row.doc;
    return withParties(row.doc, await this.parties.views(row.party_refs, viewer.unmasked));
  }

  registration(id: string, viewer: Viewer): Promise<Registration> {
    return this.one(KEY.registration, id, viewer, 'registration', 'registrationId');
  }

  application(id: string, viewer: Viewer): Promise<Application> {
    return this.one(KEY.application, id, viewer, 'application', 'applicationId');
  }

  contract(id: string, viewer: Viewer): Promise<SaleContract> {
    return this.one(KEY.contract, id, viewer, 'contract', 'contractId');
  }

  tax(id: string, viewer: Viewer): Promise<TaxRecord> {
    return this.one(KEY.tax, id, viewer, 'tax record', 'taxId');
  }

  certificate(certNo: string, viewer: Viewer): Promise<Certificate> {
    return this.one(KEY.certificate, certNo, viewer, 'certificate', 'certNo');
  }

  /** 办件进度: where a one-window case stands in each department. */
  async progress(applicationId: string, viewer: Viewer) {
    const application = await this.application(applicationId, viewer);
    const [registrations, contracts, taxes] = await Promise.all([
      this.db.query<{ registration_id: string; type: string; status: string; applied_at: Date; completed_at: Date | null; limit_days: number; working_days: number | null; within_limit: boolean | null }>(
        'SELECT registration_id, type, status, applied_at, completed_at, limit_days, working_days, within_limit FROM registrations WHERE application_id = $1 ORDER BY applied_at',
        [applicationId],
        'progress_registrations',
      ),
      this.db.query<{ contract_id: string; status: string; filed_at: Date | null }>('SELECT contract_id, status, filed_at FROM contracts WHERE application_id = $1', [applicationId], 'progress_contracts'),
      this.db.query<{ tax_id: string; status: string }>('SELECT tax_id, status FROM tax_records WHERE application_id = $1', [applicationId], 'progress_taxes'),
    ]);
    return {
      applicationId,
      businessType: application.businessType,
      unitNumber: application.unitNumber,
      status: application.status,
      departments: {
        housing: contracts.map((c) => ({ contractId: c.contract_id, status: c.status, filedAt: c.filed_at ? new Date(c.filed_at).toISOString() : null })),
        tax: taxes.map((t) => ({ taxId: t.tax_id, status: t.status })),
        registry: registrations.map((r) => ({
          registrationId: r.registration_id,
          type: r.type,
          status: r.status,
          appliedAt: new Date(r.applied_at).toISOString(),
          completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
          limitWorkingDays: r.limit_days,
          workingDays: r.working_days,
          withinLimit: r.within_limit,
        })),
      },
    };
  }

  async registrations(viewer: Viewer, filter: { status?: string; type?: string; unitNumber?: string }, limit: number, cursor?: string) {
    const after = decodeCursor(cursor, 2);
    const rows = await this.db.query<{ registration_id: string; type: string; unit_number: string; district: string; status: string; applied_at: Date; application_id: string | null }>(
      `SELECT registration_id, type, unit_number, district, status, applied_at, application_id FROM registrations
       WHERE district = ANY($1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR type = $3) AND ($4::text IS NULL OR unit_number = $4)
         AND (applied_at, registration_id) < ($5::timestamptz, $6)
       ORDER BY applied_at DESC, registration_id DESC LIMIT $7`,
      [viewer.districts, filter.status ?? null, filter.type ?? null, filter.unitNumber ?? null, after ? String(after[0]) : '9999-12-31T00:00:00Z', after ? String(after[1]) : '\uffff', limit + 1],
      'registrations_page',
    );
    return pageOf(
      rows,
      limit,
      (r) => ({ registrationId: r.registration_id, type: r.type, unitNumber: r.unit_number, district: r.district, status: r.status, appliedAt: new Date(r.applied_at).toISOString(), applicationId: r.application_id }),
      (r) => [new Date(r.applied_at).toISOString(), r.registration_id],
    );
  }

  async applications(viewer: Viewer, filter: { status?: string; unitNumber?: string }, limit: number, cursor?: string) {
    const after = decodeCursor(cursor, 2);
    const rows = await this.db.query<{ application_id: string; business_type: string; unit_number: string; district: string; status: string; channel: string; created_at: Date }>(
      `SELECT application_id, business_type, unit_number, district, status, channel, created_at FROM applications
       WHERE district = ANY($1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR unit_number = $3)
         AND (created_at, application_id) < ($4::timestamptz, $5)
       ORDER BY created_at DESC, application_id DESC LIMIT $6`,
      [viewer.districts, filter.status ?? null, filter.unitNumber ?? null, after ? String(after[0]) : '9999-12-31T00:00:00Z', after ? String(after[1]) : '\uffff', limit + 1],
      'applications_page',
    );
    return pageOf(
      rows,
      limit,
      (r) => ({ applicationId: r.application_id, businessType: r.business_type, unitNumber: r.unit_number, district: r.district, status: r.status, channel: r.channel, createdAt: new Date(r.created_at).toISOString() }),
      (r) => [new Date(r.created_at).toISOString(), r.application_id],
    );
  }

  /** Contracts by unit, or by a party's ID number (blind index), as the trading system asks. */
  async contracts(viewer: Viewer, filter: { unitNumber?: string; partyRefs?: string[] }) {
    const rows = filter.partyRefs
      ? await this.db.query<DocRow<SaleContract>>('SELECT doc, party_refs FROM contracts WHERE party_refs && $1::text[] AND district = ANY($2) ORDER BY signed_at DESC LIMIT 200', [filter.partyRefs, viewer.districts], 'contracts_by_party')
      : await this.db.query<DocRow<SaleContract>>('SELECT doc, party_refs FROM contracts WHERE unit_number = $1 AND district = ANY($2) ORDER BY signed_at DESC LIMIT 200', [filter.unitNumber, viewer.districts], 'contracts_by_unit');
    const views = await this.parties.views([...new Set(rows.flatMap((r) => r.party_refs ?? []))], viewer.unmasked);
    return { items: rows.map((r) => withParties(r.doc, views)) };
  }
}
