import { inject, injectable } from 'tsyringe';
import { NotYoursError } from '../application/application-errors';
import { DOCUMENT_STORE, type DocumentStore } from '../documents/document-store';
import { CaseQueries } from '../read-model/case-queries';
import { decodeCursor, pageOf } from '../read-model/cursor';
import { PartyDirectory } from '../read-model/party-directory';
import type { ReadDb } from '../read-model/read-db';
import type { Viewer } from '../read-model/unit-queries';
import { READ_DB } from '../tokens';
import { ownerOf, type Applicant, type CaseOwner } from './applicant';

interface OwnedRow {
  application_id: string;
  district: string;
  created_at: Date | string;
}

/** Who asks for a document: agency staff (by the districts they serve) or an applicant. */
export type DocumentReader = { staff: Viewer } | { applicant: Applicant };

/**
 * An applicant's own cases and documents. A citizen's cases are the applications they are a
 * party to (their ID number's parties, through the blind index); a channel's are those it filed.
 * Anything else answers as if it did not exist.
 */
@injectable()
export class ApplicantCases {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CaseQueries) private readonly cases: CaseQueries,
    @inject(PartyDirectory) private readonly parties: PartyDirectory,
    @inject(DOCUMENT_STORE) private readonly store: DocumentStore,
  ) {}

  /** 我的办件: a page of the applicant's cases, newest first, each with its progress per department. */
  async mine(applicant: Applicant, limit: number, cursor: string | undefined) {
    const after = decodeCursor(cursor, 2);
    const rows = await this.ownedRows(applicant, { limit: limit + 1, after });
    const page = pageOf(rows, limit, (r) => r, (r) => [new Date(r.created_at).toISOString(), r.application_id]);
    return { items: await Promise.all(page.items.map((r) => this.cases.progress(r.application_id, { districts: [r.district], unmasked: false }))), nextCursor: page.nextCursor };
  }

  async progress(applicant: Applicant, applicationId: string) {
    const { district } = await this.owned(applicant, applicationId);
    return this.cases.progress(applicationId, { districts: [district], unmasked: false });
  }

  /** The application's district when it is the applicant's; otherwise NotYoursError (404, whether it exists or not). */
  async owned(applicant: Applicant, applicationId: string): Promise<{ district: string }> {
    const [row] = await this.ownedRows(applicant, { applicationId });
    if (!row) throw new NotYoursError('application', applicationId);
    return row;
  }

  /** A stored document's bytes, for the staff of a case it belongs to or that case's applicant. */
  async document(reader: DocumentReader, sha256: string): Promise<{ mediaType: string; bytes: Buffer }> {
    let owner: CaseOwner | undefined;
    const [row] =
      'staff' in reader
        ? await this.db.query<{ media_type: string }>(
            `SELECT d.media_type FROM documents d JOIN document_links l ON l.sha256 = d.sha256 JOIN applications a ON a.application_id = l.application_id
             WHERE d.sha256 = $1 AND a.district = ANY($2) LIMIT 1`,
            [sha256, reader.staff.districts],
            'document_for_staff',
          )
        : 'citizen' in (owner = ownerOf(reader.applicant))
          ? await this.db.query<{ media_type: string }>(
              `SELECT d.media_type FROM documents d JOIN document_links l ON l.sha256 = d.sha256 JOIN applications a ON a.application_id = l.application_id
               WHERE d.sha256 = $1 AND a.party_refs && $2::text[] LIMIT 1`,
              [sha256, await this.parties.refsByIdNumber(owner.citizen.idNumber)],
              'document_for_citizen',
            )
          : await this.db.query<{ media_type: string }>(
              `SELECT d.media_type FROM documents d JOIN document_links l ON l.sha256 = d.sha256 JOIN applications a ON a.application_id = l.application_id
               WHERE d.sha256 = $1 AND a.channel = $2 LIMIT 1`,
              [sha256, owner.channelId],
              'document_for_channel',
            );
    const bytes = row ? await this.store.get(sha256) : undefined;
    if (!row || !bytes) throw new NotYoursError('document', sha256);
    return { mediaType: row.media_type, bytes };
  }

  /** The applicant's cases newest first: one by its number, or a page after a cursor's (created_at, application_id). */
  private async ownedRows(applicant: Applicant, which: { applicationId: string } | { limit: number; after: Array<string | number> | undefined }): Promise<OwnedRow[]> {
    const owner = ownerOf(applicant);
    const [id, limit, after] = 'applicationId' in which ? [which.applicationId, 1, undefined] : [null, which.limit, which.after];
    const params = [id, after ? String(after[0]) : '9999-12-31T00:00:00Z', after ? String(after[1]) : '\uffff', limit];
    const rest = `AND ($2::text IS NULL OR application_id = $2) AND (created_at, application_id) < ($3::timestamptz, $4)
       ORDER BY created_at DESC, application_id DESC LIMIT $5`;
    return 'citizen' in owner
      ? this.db.query<OwnedRow>(
          `SELECT application_id, district, created_at FROM applications WHERE party_refs && $1::text[] ${rest}`,
          [await this.parties.refsByIdNumber(owner.citizen.idNumber), ...params],
          'applications_of_citizen',
        )
      : this.db.query<OwnedRow>(`SELECT application_id, district, created_at FROM applications WHERE channel = $1 ${rest}`, [owner.channelId, ...params], 'applications_of_channel');
  }
}
