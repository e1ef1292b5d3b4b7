import { inject, injectable } from 'tsyringe';
import { CASE_DEPARTMENTS, KEY, processingTime, NOT_FOUND_CODES, type Application, type Certificate, type FindableKey, type Registration, type SaleContract, type TaxRecord } from '@estate-ledger/chaincode';
import { ApiError } from '../http/api-error';
import type { GatewayConfig } from '../config/gateway-config';
import type { Clock } from '../register-clock';
import { CLOCK, CONFIG, READ_DB } from '../tokens';
import { decodeCursor, pageOf } from './cursor';
import { PartyDirectory, withParties } from './party-directory';
import { TABLE_SPECS } from './projection-rows';
import type { ReadDb } from './read-db';
import type { Viewer } from './unit-queries';
import { awaitedSteps } from './case-awaiting';

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
    @inject(CONFIG) private readonly config: GatewayConfig,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One stored record by its key, from the table its record type projects into (see projection-rows.ts), parties as references. */
  private async stored<T extends { district: string }>(type: FindableKey, id: string, viewer: Viewer, what: string, field: string): Promise<DocRow<T>> {
    const spec = TABLE_SPECS[type];
    const hasRefs = spec.columns.some(([c]) => c === 'party_refs');
    const [row] = await this.db.query<DocRow<T>>(
      `SELECT doc${hasRefs ? ', party_refs' : ''} FROM ${spec.table} WHERE ${spec.key[0]} = $1`,
      [id],
      `${spec.table}_by_id`,
    );
    if (!row || !viewer.districts.includes(row.doc.district)) throw new ApiError(404, NOT_FOUND_CODES[type], `No ${what} ${id} in your districts`, field);
    return row;
  }

  /** One record with its parties as the viewer may see them. */
  private async one<T extends { district: string }>(type: FindableKey, id: string, viewer: Viewer, what: string, field: string): Promise<T> {
    const row = await this.stored<T>(type, id, viewer, what, field);
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

  /**
   * 办件进度: where a one-window case stands in each department. The housing and tax steps are
   * found without the caller having named the application in them: the contracts of the case are
   * those linked to it or named by it or its registrations and, for a business type housing files
   * (a sale), every contract on its unit between exactly its applicants that had not ended when
   * the application was made; the tax steps are the assessments of those contracts.
   */
  async progress(applicationId: string, viewer: Viewer) {
    const { doc: application, party_refs: applicants = [] } = await this.stored<Application>(KEY.application, applicationId, viewer, 'application', 'applicationId');
    const registrations = await this.db.query<{ registration_id: string; type: string; status: string; applied_at: Date; accepted_at: Date | null; completed_at: Date | null; limit_days: number; working_days: number | null; within_limit: boolean | null; contract_id: string | null; tax_id: string | null; awaited: string[] | null; steps: Registration['steps']; recorded_at: string | null }>(
      `SELECT registration_id, type, status, applied_at, accepted_at, completed_at, limit_days, working_days, within_limit, doc->>'contractId' AS contract_id, doc->>'taxId' AS tax_id,
              ARRAY(SELECT jsonb_array_elements_text(coalesce(doc->'awaitedMaterials', '[]'::jsonb))) AS awaited, doc->'steps' AS steps, doc->>'recordedAt' AS recorded_at
       FROM registrations WHERE application_id = $1 ORDER BY applied_at`,
      [applicationId],
      'progress_registrations',
    );
    const named = (ids: Array<string | null | undefined>) => [...new Set(ids.filter((id): id is string => !!id))];
    const contracts = await this.db.query<{ contract_id: string; status: string; filed_at: Date | null }>(
      `SELECT contract_id, status, filed_at FROM contracts
       WHERE unit_number = $1 AND (application_id = $2 OR contract_id = ANY($3::text[])
         OR ($4 AND application_id IS NULL AND party_refs <@ $5::text[] AND coalesce((doc->>'endedAt')::timestamptz, 'infinity') >= $6::timestamptz))
       ORDER BY signed_at, contract_id`,
      [
        application.unitNumber,
        applicationId,
        named([application.contractId, ...registrations.map((r) => r.contract_id)]),
        CASE_DEPARTMENTS[application.businessType].includes('HOUSING'),
        applicants,
        application.createdBy.at,
      ],
      'progress_contracts',
    );
    const taxes = await this.db.query<{ tax_id: string; status: string }>(
      `SELECT tax_id, status FROM tax_records WHERE contract_id = ANY($1::text[]) OR tax_id = ANY($2::text[]) ORDER BY doc->'assessedBy'->>'at', tax_id`,
      [contracts.map((c) => c.contract_id), named(registrations.map((r) => r.tax_id))],
      'progress_taxes',
    );
    const departments = {
      housing: contracts.map((c) => ({ contractId: c.contract_id, status: c.status, filedAt: c.filed_at ? new Date(c.filed_at).toISOString() : null })),
      tax: taxes.map((t) => ({ taxId: t.tax_id, status: t.status })),
      registry: registrations.map((r) => {
        const acceptedAt = r.accepted_at ? new Date(r.accepted_at).toISOString() : null;
        const now = this.clock.now().toISOString();
        const used = processingTime({ type: r.type as Registration['type'], steps: r.steps, recordedAt: r.recorded_at ?? undefined }, this.config.workingCalendar, now).workingDays;
        // The limit runs only while the case moves: none before acceptance, after recording, or while it waits for a supplement or a court.
        const running = used !== null && (r.status === 'ACCEPTED' || r.status === 'REVIEWED');
        return {
          registrationId: r.registration_id,
          type: r.type,
          status: r.status,
          appliedAt: new Date(r.applied_at).toISOString(),
          completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
          limitWorkingDays: r.limit_days,
          acceptedAt,
          dueDate: running ? this.config.workingCalendar.addWorkingDays(now, Math.max(0, r.limit_days - (used ?? 0))) : null,
          workingDays: r.working_days,
          withinLimit: r.within_limit,
          awaitedMaterials: r.awaited ?? [],
        };
      }),
    };
    return {
      applicationId,
      businessType: application.businessType,
      unitNumber: application.unitNumber,
      status: application.status,
      departments,
      awaiting: awaitedSteps(application, departments),
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
