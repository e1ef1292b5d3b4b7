import { inject, injectable } from 'tsyringe';
import { AUDIT_CSV_COLUMNS as CSV_COLUMNS } from '@estate-ledger/api-schemas';
import { RuleError, canonicalJson } from '@estate-ledger/chaincode';
import type { ReadDb } from '../read-model/read-db';
import { READ_DB } from '../tokens';
import { AUDIT_COLUMNS, GENESIS_HASH, chainHash, fromRow, storedPart, type AuditRow } from './audit-chain';
import { AUDIT_KINDS, type AuditKind, type AuditRecord } from './audit-entry';

export interface AuditFilters {
  /** ISO instant, inclusive. */
  from?: string;
  /** ISO instant, exclusive. */
  to?: string;
  actor?: string;
  kind?: AuditKind;
  district?: string;
  txId?: string;
}

export interface AuditPage {
  /** Newest first. */
  items: AuditRecord[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first entry whose hash or link to its predecessor does not hold. */
  firstBadSeq?: number;
}

export const MAX_PAGE_SIZE = 500;
const CSV_PAGE_SIZE = 500;
const VERIFY_PAGE_SIZE = 1_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

interface Conditions {
  where: string[];
  params: unknown[];
}

/** Reads the audit log: pages for the API, CSV for export, and the chain check. */
@injectable()
export class AuditQuery {
  constructor(@inject(READ_DB) private readonly db: ReadDb) {}

  /** Keyset pagination on seq (stable while entries are appended), newest first. */
  async page(filters: AuditFilters, { limit = 100, cursor }: { limit?: number; cursor?: string } = {}): Promise<AuditPage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw invalid('limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    if (cursor !== undefined && !/^[1-9]\d{0,15}$/.test(cursor)) throw invalid('cursor', 'is not a cursor this API returned');
    const conditions = toConditions(filters);
    if (cursor !== undefined) add(conditions, (p) => `seq < ${p}`, Number(cursor));
    const rows = await this.select(conditions, 'DESC', limit + 1);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].seq) : undefined };
  }

  /**
   * RFC 4180 CSV (CRLF, quoted where needed), oldest first, written page by page; awaits `write`
   * so a slow client holds the export back. Starts with a UTF-8 byte order mark, without which
   * spreadsheet programs garble Chinese text. Returns the number of entries written.
   */
  async csv(filters: AuditFilters, write: (chunk: string) => void | Promise<void>): Promise<number> {
    const base = toConditions(filters);
    await write(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
    let after = 0;
    let count = 0;
    for (;;) {
      const conditions = { where: [...base.where], params: [...base.params] };
      add(conditions, (p) => `seq > ${p}`, after);
      const rows = await this.select(conditions, 'ASC', CSV_PAGE_SIZE);
      if (rows.length > 0) await write(rows.map(csvLine).join(''));
      count += rows.length;
      if (rows.length < CSV_PAGE_SIZE) return count;
      after = rows[rows.length - 1].seq;
    }
  }

  /**
   * Recomputes every hash in [fromSeq, toSeq] and checks each entry links to its predecessor
   * (entry 1 to the genesis hash).
   * Rewriting an entry and every later hash is only caught against a copy of the latest hash
   * kept elsewhere.
   */
  async verifyChain(fromSeq = 1, toSeq?: number): Promise<ChainVerification> {
    if (!Number.isSafeInteger(fromSeq) || fromSeq < 1) throw invalid('fromSeq', 'must be a positive integer');
    if (toSeq !== undefined && (!Number.isSafeInteger(toSeq) || toSeq < fromSeq)) throw invalid('toSeq', 'must be an integer not below fromSeq');
    let expectedPrev: string | undefined;
    let after = fromSeq - 1;
    let checked = 0;
    for (;;) {
      const rows = await this.db.query<AuditRow>(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 AND ($2::bigint IS NULL OR seq <= $2::bigint) ORDER BY seq LIMIT $3`,
        [after, toSeq ?? null, VERIFY_PAGE_SIZE],
      );
      for (const row of rows.map(fromRow)) {
        if (checked === 0) expectedPrev = await this.predecessorHash(row.seq);
        const linked = expectedPrev === undefined || row.prevHash === expectedPrev;
        if (!linked || chainHash(row.prevHash, storedPart(row)) !== row.hash) return { ok: false, checked, firstBadSeq: row.seq };
        expectedPrev = row.hash;
        checked++;
        after = row.seq;
      }
      if (rows.length < VERIFY_PAGE_SIZE) return { ok: true, checked };
    }
  }

  /** Undefined when the predecessor was deleted after the retention year: the entry is then the anchor. */
  private async predecessorHash(seq: number): Promise<string | undefined> {
    if (seq === 1) return GENESIS_HASH;
    const [row] = await this.db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [seq - 1]);
    return row?.hash;
  }

  private async select(conditions: Conditions, order: 'ASC' | 'DESC', limit: number): Promise<AuditRecord[]> {
    const where = conditions.where.length > 0 ? `WHERE ${conditions.where.join(' AND ')}` : '';
    const rows = await this.db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log ${where} ORDER BY seq ${order} LIMIT ${limit}`, conditions.params);
    return rows.map(fromRow);
  }
}

/** Only the filters given become conditions, so each query can use its index. */
function toConditions(filters: AuditFilters): Conditions {
  const conditions: Conditions = { where: [], params: [] };
  if (filters.from !== undefined) add(conditions, (p) => `at >= ${p}::timestamptz`, instant('from', filters.from));
  if (filters.to !== undefined) add(conditions, (p) => `at < ${p}::timestamptz`, instant('to', filters.to));
  if (filters.kind !== undefined) {
    if (!AUDIT_KINDS.includes(filters.kind)) throw invalid('kind', `must be one of ${AUDIT_KINDS.join(', ')}`);
    add(conditions, (p) => `kind = ${p}`, filters.kind);
  }
  if (filters.actor !== undefined) add(conditions, (p) => `actor = ${p}`, filters.actor);
  if (filters.district !== undefined) add(conditions, (p) => `district = ${p}`, filters.district);
  if (filters.txId !== undefined) add(conditions, (p) => `tx_id = ${p}`, filters.txId);
  return conditions;
}

function add(conditions: Conditions, sql: (placeholder: string) => string, value: unknown): void {
  conditions.params.push(value);
  conditions.where.push(sql(`$${conditions.params.length}`));
}

function instant(field: string, value: string): string {
  if (!ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) throw invalid(field, 'must be an ISO 8601 instant with a time zone, e.g. 2024-05-01T00:00:00Z');
  return value;
}

function invalid(field: string, message: string): RuleError {
  return new RuleError('INVALID_INPUT', `${field}: ${message}`, { field });
}

function csvLine(r: AuditRecord): string {
  const cells = [r.seq, r.at, r.kind, r.actor, r.msp, r.role, r.district, r.method, r.path, r.status, r.durationMs, r.requestId, r.txId, r.fn, r.clientIp, r.detail && canonicalJson(r.detail), r.prevHash, r.hash];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Quotes per RFC 4180; a text starting like a formula is prefixed with ' so spreadsheets show it as text. */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
