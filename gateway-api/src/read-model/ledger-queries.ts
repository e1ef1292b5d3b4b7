import { inject, injectable } from 'tsyringe';
import type { EventType } from '@estate-ledger/chaincode';
import { ApiError } from '../http/api-error';
import { READ_DB } from '../tokens';
import { decodeCursor, pageOf, type Page } from './cursor';
import type { BlockDetail } from '@estate-ledger/api-schemas';
import { AnchorQueries } from './anchor-queries';
import type { ReadDb } from './read-db';
import type { BlockSummary, TxSummary } from './ledger-views';

interface BlockRow {
  number: string;
  hash: string;
  previous_hash: string;
  data_hash: string;
  committed_at: Date;
  tx_count: number;
  valid_count: number;
}

export interface TxRow {
  tx_id: string;
  block_number: string;
  tx_index: number;
  code: string;
  committed_at: Date;
  creator_msp: string;
  fn: string;
  event_type: EventType | null;
  district: string | null;
  unit_number: string | null;
  subject_kind: string | null;
  subject_id: string | null;
}

export const TX_COLUMNS = 'tx_id, block_number, tx_index, code, committed_at, creator_msp, fn, event_type, district, unit_number, subject_kind, subject_id';

const blockView = (r: BlockRow): BlockSummary => ({
  number: Number(r.number),
  hash: r.hash,
  previousHash: r.previous_hash,
  dataHash: r.data_hash,
  committedAt: new Date(r.committed_at).toISOString(),
  txCount: r.tx_count,
  validCount: r.valid_count,
});

export const txView = (r: TxRow): TxSummary => ({
  txId: r.tx_id,
  blockNumber: Number(r.block_number),
  index: r.tx_index,
  code: r.code,
  committedAt: new Date(r.committed_at).toISOString(),
  creatorMsp: r.creator_msp,
  fn: r.fn,
  eventType: r.event_type,
  district: r.district,
  unitNumber: r.unit_number,
  subject: r.subject_kind && r.subject_id ? { kind: r.subject_kind, id: r.subject_id } : null,
});

export type SearchHit = { kind: 'block' | 'transaction' | 'unit' | 'certificate' | 'registration' | 'application' | 'contract'; id: string; label: string };

/** Blocks, transactions and search over the read model (auditors' explorer). */
@injectable()
export class LedgerQueries {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(AnchorQueries) private readonly anchors: AnchorQueries,
  ) {}

  async blocks(limit: number, cursor?: string): Promise<Page<BlockSummary>> {
    const before = decodeCursor(cursor, 1);
    const rows = await this.db.query<BlockRow>(
      'SELECT * FROM blocks WHERE number < $1 ORDER BY number DESC LIMIT $2',
      [before ? Number(before[0]) : Number.MAX_SAFE_INTEGER, limit + 1],
      'blocks_page',
    );
    return pageOf(rows, limit, blockView, (r) => [Number(r.number)]);
  }

  async block(number: number): Promise<BlockDetail> {
    const [row] = await this.db.query<BlockRow>('SELECT * FROM blocks WHERE number = $1', [number], 'block_by_number');
    if (!row) throw new ApiError(404, 'BLOCK_NOT_FOUND', `No block ${number} in the read model`, 'number');
    const txs = await this.db.query<TxRow>(`SELECT ${TX_COLUMNS} FROM transactions WHERE block_number = $1 ORDER BY tx_index`, [number], 'block_txs');
    return { ...blockView(row), transactions: txs.map(txView), anchor: await this.anchors.covering(number) };
  }

  /** A transaction with its decoded arguments (the business payload; parties appear only as keys). */
  async transaction(txId: string): Promise<TxSummary & { endorsers: string[]; event: unknown; args: unknown; writes: unknown }> {
    const [row] = await this.db.query<TxRow & { endorsers: string[]; event: unknown; args: unknown; writes: unknown }>(
      `SELECT ${TX_COLUMNS}, endorsers, event, args, writes FROM transactions WHERE tx_id = $1`,
      [txId],
      'tx_by_id',
    );
    if (!row) throw new ApiError(404, 'TRANSACTION_NOT_FOUND', `No transaction ${txId}`, 'txId');
    return { ...txView(row), endorsers: row.endorsers, event: row.event, args: row.args, writes: row.writes };
  }

  async overview(districts: string[], ledgerHeight: number) {
    const [cp] = await this.db.query<{ block_number: string; tx_count: string }>('SELECT block_number, tx_count FROM projector_checkpoint WHERE id = 1');
    const [counts] = await this.db.query<{ units: string; certificates: string; open: string }>(
      `SELECT (SELECT count(*) FROM units WHERE district = ANY($1)) AS units,
              (SELECT count(*) FROM certificates WHERE district = ANY($1) AND status = 'VALID') AS certificates,
              (SELECT count(*) FROM registrations WHERE district = ANY($1) AND status IN ('APPLIED','ACCEPTED','NEEDS_SUPPLEMENT','REVIEWED','RECORDED','CERTIFIED','SUSPENDED','NOTIFIED','ANNOUNCED')) AS open`,
      [districts],
    );
    const projected = cp ? Number(cp.block_number) : -1;
    const recent = await this.blocks(10);
    const counters = await this.db.query<{ kind: string; key: string; value: string }>('SELECT kind, key, value FROM ledger_counters ORDER BY kind, key');
    const byKind = (kind: string) => Object.fromEntries(counters.filter((c) => c.kind === kind).map((c) => [c.key, Number(c.value)]));
    const series = async (unit: 'minute' | 'hour' | 'day', since: string) =>
      (
        await this.db.query<{ at: Date; blocks: string; transactions: string; invalid: string }>(
          `SELECT date_trunc('${unit}', minute) AS at, sum(blocks) AS blocks, sum(transactions) AS transactions, sum(invalid) AS invalid
           FROM activity_by_minute WHERE minute >= (SELECT coalesce(max(minute), now()) FROM activity_by_minute) - $1::interval GROUP BY 1 ORDER BY 1`,
          [since],
        )
      ).map((r) => ({ at: new Date(r.at).toISOString(), blocks: Number(r.blocks), transactions: Number(r.transactions), invalid: Number(r.invalid) }));
    return {
      ledger: { height: ledgerHeight },
      projection: { height: projected + 1, lagBlocks: Math.max(0, ledgerHeight - (projected + 1)) },
      counts: { blocks: projected + 1, transactions: cp ? Number(cp.tx_count) : 0, units: Number(counts.units), certificates: Number(counts.certificates), registrationsOpen: Number(counts.open) },
      recentBlocks: recent.items,
      endorsementsByOrganisation: byKind('endorser'),
      transactionsByOrganisation: byKind('creator'),
      transactionsByValidationCode: byKind('code'),
      activity: { lastHourByMinute: await series('minute', '1 hour'), lastDayByHour: await series('hour', '1 day'), last30DaysByDay: await series('day', '30 days') },
    };
  }

  /** Exact look-ups only (each one an index probe): the explorer's search box. */
  async search(q: string, districts: string[]): Promise<SearchHit[]> {
    const term = q.trim();
    const hits: SearchHit[] = [];
    if (/^\d{1,15}$/.test(term)) {
      const rows = await this.db.query<{ number: string }>('SELECT number FROM blocks WHERE number = $1', [Number(term)]);
      for (const r of rows) hits.push({ kind: 'block', id: r.number, label: `#${r.number}` });
    }
    const rows = await this.db.query<{ kind: SearchHit['kind']; id: string; label: string }>(
      `SELECT 'transaction' AS kind, tx_id AS id, fn AS label FROM transactions WHERE tx_id = $1
       UNION ALL SELECT 'unit', unit_number, location FROM units WHERE (unit_number = $1 OR house_code = $1) AND district = ANY($2)
       UNION ALL SELECT 'certificate', cert_no, unit_number FROM certificates WHERE (cert_no = $1 OR doc_hash = $1 OR pdf_hash = $1) AND district = ANY($2)
       UNION ALL SELECT 'registration', registration_id, type || ' ' || status FROM registrations WHERE registration_id = $1 AND district = ANY($2)
       UNION ALL SELECT 'application', application_id, business_type || ' ' || status FROM applications WHERE application_id = $1 AND district = ANY($2)
       UNION ALL SELECT 'contract', contract_id, kind || ' ' || status FROM contracts WHERE contract_id = $1 AND district = ANY($2)`,
      [term, districts],
      'search_exact',
    );
    return [...hits, ...rows];
  }
}
