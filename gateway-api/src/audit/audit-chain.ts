import { createHash } from 'node:crypto';
import { canonicalJson, type Json } from '@estate-ledger/chaincode';

export const AUDIT_KINDS = ['REQUEST', 'SUBMISSION', 'SYSTEM'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** What the gateway records about one HTTP request, ledger submission or system event. */
export interface AuditEntry {
  kind: AuditKind;
  /** The authenticated subject, or 'anonymous'. */
  actor: string;
  msp?: string;
  role?: string;
  district?: string;
  method?: string;
  path?: string;
  status?: number;
  durationMs?: number;
  requestId?: string;
  txId?: string;
  fn?: string;
  clientIp?: string;
  /** A small JSON object; larger ones are replaced by a note of their size. */
  detail?: Record<string, unknown>;
}

/** An entry as stored: exactly what its hash covers. */
export interface StoredAuditEntry extends AuditEntry {
  seq: number;
  /** ISO instant, millisecond precision. */
  at: string;
  detail?: { [key: string]: Json };
}

export interface AuditRecord extends StoredAuditEntry {
  prevHash: string;
  hash: string;
}

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** hash = sha256hex(prev_hash + '\n' + canonical JSON of the stored fields), absent fields omitted. */
export function chainHash(prevHash: string, entry: StoredAuditEntry): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalJson(entry)}`).digest('hex');
}

export const AUDIT_COLUMNS = 'seq, at, kind, actor, msp, role, district, method, path, status, duration_ms, request_id, tx_id, fn, client_ip, detail, prev_hash, hash';

export interface AuditRow {
  seq: string | number;
  at: Date;
  kind: AuditKind;
  actor: string;
  msp: string | null;
  role: string | null;
  district: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  duration_ms: number | null;
  request_id: string | null;
  tx_id: string | null;
  fn: string | null;
  client_ip: string | null;
  detail: { [key: string]: Json } | null;
  prev_hash: string;
  hash: string;
}

/** The row as the writer hashed it: SQL NULL is an absent field (canonical JSON omits undefined). */
export function fromRow(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    kind: row.kind,
    actor: row.actor,
    msp: row.msp ?? undefined,
    role: row.role ?? undefined,
    district: row.district ?? undefined,
    method: row.method ?? undefined,
    path: row.path ?? undefined,
    status: row.status ?? undefined,
    durationMs: row.duration_ms ?? undefined,
    requestId: row.request_id ?? undefined,
    txId: row.tx_id ?? undefined,
    fn: row.fn ?? undefined,
    clientIp: row.client_ip ?? undefined,
    detail: row.detail ?? undefined,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Drops the chain fields: what chainHash covers. */
export function storedPart({ prevHash: _prevHash, hash: _hash, ...stored }: AuditRecord): StoredAuditEntry {
  return stored;
}
