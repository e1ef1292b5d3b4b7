import { randomBytes } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import type { MaterialType, OnlineApplication } from '@estate-ledger/chaincode';
import { CommandService, type CommandOutcome } from '../application/command-service';
import { NotAnApplicantError, OutsideDistrictError } from '../application/application-errors';
import { DOCUMENT_STORE, type DocumentStore } from '../documents/document-store';
import type { DocumentMediaType } from '../documents/document-content';
import { PartyDirectory } from '../read-model/party-directory';
import type { ReadDb } from '../read-model/read-db';
import { registerToday, type Clock } from '../register-clock';
import { CLOCK, READ_DB } from '../tokens';
import { ApplicantCases } from './applicant-cases';
import { assertGranted, filedByOf, intakeFor, ledgerChannelOf, ownerOf, type Applicant, type CitizenApplicant } from './applicant';

/** A file as the HTTP edge hands it over: already limited in size, hashed and recognised by content. */
export interface MaterialFile {
  type: MaterialType;
  filename: string;
  mediaType: DocumentMediaType;
  sha256: string;
  bytes: Buffer;
}

/**
 * Online filing (网上申请): an applicant files a one-window application with the files of its
 * materials, supplies what the registry asks for, and may withdraw before recording. The bytes go
 * to the document store under their SHA-256, which is what the ledger records. The registry
 * gateway submits the ledger commands with its intake clerk's identity, on the applicant's behalf:
 * the ledger records the channel the case came through (ONLINE for citizens, else the channel id).
 */
@injectable()
export class OnlineFiling {
  constructor(
    @inject(CommandService) private readonly commands: CommandService,
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @inject(PartyDirectory) private readonly parties: PartyDirectory,
    @inject(ApplicantCases) private readonly cases: ApplicantCases,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async file(applicant: Applicant, app: OnlineApplication, files: MaterialFile[], requestId: string): Promise<CommandOutcome> {
    const district = app.unitNumber.slice(0, 6);
    if (applicant.kind === 'channel') {
      assertGranted(applicant, app.businessType);
      const outside = [app.unitNumber, ...(app.additionalUnits ?? [])].map((u) => u.slice(0, 6)).find((d) => !applicant.districts.includes(d));
      if (outside) throw new OutsideDistrictError(outside, applicant.districts);
    }
    const owner = ownerOf(applicant);
    if ('citizen' in owner) await this.checkCitizenIsParty(owner.citizen, app);
    await this.keep(files);
    const applicationId = this.newApplicationId();
    const outcome = await this.commands.submit({
      principal: intakeFor(applicant, district),
      fn: 'Application:create',
      input: { ...app, applicationId, materials: files.map((f) => ({ type: f.type, sha256: f.sha256 })), channel: ledgerChannelOf(applicant), filedBy: filedByOf(applicant) },
      tenancy: { from: 'unitNumber' },
      requestId,
    });
    await this.link(applicationId, applicant, files);
    return outcome;
  }

  /** 补正: the files the registry asked for go to every registration of the application awaiting them. */
  async supplement(applicant: Applicant, applicationId: string, files: MaterialFile[], requestId: string): Promise<CommandOutcome[]> {
    const { district } = await this.cases.owned(applicant, applicationId);
    const waiting = await this.db.query<{ registration_id: string }>(
      "SELECT registration_id FROM registrations WHERE application_id = $1 AND status = 'NEEDS_SUPPLEMENT' ORDER BY applied_at",
      [applicationId],
      'registrations_awaiting_supplement',
    );
    await this.keep(files);
    const documents = files.map((f) => ({ type: f.type, sha256: f.sha256 }));
    const outcomes: CommandOutcome[] = [];
    // With no registration waiting, the files complete the application's own materials.
    if (waiting.length === 0) {
      outcomes.push(await this.commands.submit({ principal: intakeFor(applicant, district), fn: 'Application:attach', input: { applicationId, materials: documents }, tenancy: { from: 'record', fn: 'Application:get', idField: 'applicationId' }, requestId }));
    }
    for (const w of waiting) {
      outcomes.push(await this.commands.submit({ principal: intakeFor(applicant, district), fn: 'Registration:supplement', input: { registrationId: w.registration_id, documents }, tenancy: { from: 'record', fn: 'Registration:get', idField: 'registrationId' }, requestId }));
    }
    await this.link(applicationId, applicant, files);
    return outcomes;
  }

  async withdraw(applicant: Applicant, applicationId: string, reason: string, requestId: string): Promise<CommandOutcome> {
    const { district } = await this.cases.owned(applicant, applicationId);
    return this.commands.submit({ principal: intakeFor(applicant, district), fn: 'Application:withdraw', input: { applicationId, reason }, tenancy: { from: 'record', fn: 'Application:get', idField: 'applicationId' }, requestId });
  }

  /** A citizen applies for themselves: they must be a party of the sale contract the application names, whose parties apply. */
  private async checkCitizenIsParty(citizen: CitizenApplicant, app: OnlineApplication): Promise<void> {
    if (!app.contractId) throw new NotAnApplicantError('contractId: a citizen applies online for a case of a sale contract they are a party to');
    if (app.applicants) throw new NotAnApplicantError("applicants: a citizen's online application is made by the parties of its sale contract; leave applicants out", 'applicants');
    const refs = await this.parties.refsByIdNumber(citizen.idNumber);
    const [row] = await this.db.query('SELECT 1 FROM contracts WHERE contract_id = $1 AND party_refs && $2::text[]', [app.contractId, refs], 'contract_of_citizen');
    if (!row) throw new NotAnApplicantError(`contractId: you are not a party of contract ${app.contractId}`);
  }

  /** Stores the bytes before the ledger names their hash, so a recorded hash always has its file. */
  private async keep(files: MaterialFile[]): Promise<void> {
    const at = this.clock.now().toISOString();
    for (const f of files) {
      await this.store.put(f.sha256, f.bytes);
      await this.db.query('INSERT INTO documents (sha256, media_type, size_bytes, stored_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [f.sha256, f.mediaType, f.bytes.length, at], 'document_put');
    }
  }

  private async link(applicationId: string, applicant: Applicant, files: MaterialFile[]): Promise<void> {
    if (files.length === 0) return;
    await this.db.query(
      `INSERT INTO document_links (sha256, application_id, material_type, filename, uploaded_by, uploaded_at)
       SELECT f.sha256, $1, f.type, f.filename, $2, $3 FROM jsonb_to_recordset($4::jsonb) AS f(sha256 text, type text, filename text)
       ON CONFLICT (application_id, sha256) DO NOTHING`,
      [applicationId, applicant.subject, this.clock.now().toISOString(), JSON.stringify(files.map((f) => ({ sha256: f.sha256, type: f.type, filename: f.filename.slice(0, 200) })))],
      'document_links_put',
    );
  }

  /** WS (网上申请) + the register's date + 8 random hex digits. */
  private newApplicationId(): string {
    const day = registerToday(this.clock).replace(/-/g, '');
    return `WS${day}${randomBytes(4).toString('hex').toUpperCase()}`;
  }
}
