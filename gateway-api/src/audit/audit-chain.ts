import { createHash } from 'node:crypto';
import { canonicalJson, type Json } from '@estate-ledger/chaincode';
import type { AuditKind, AuditRecord, StoredAuditEntry } from './audit-entry';

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
