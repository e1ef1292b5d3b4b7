import { AUDIT_KINDS } from '@estate-ledger/api-schemas';
import type { Json } from '@estate-ledger/chaincode';

// The audit log's entries as recorded. As the API returns them they are zAuditEntry of
// @estate-ledger/api-schemas (which the explorer reads); AuditRecord is checked against it in
// http/response-schemas.ts.

export { AUDIT_KINDS };
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
