import { z } from 'zod';
import { zInstant, zJsonValue, zSha256Hex } from './common';
import { AUDIT_KINDS } from './vocabulary';

/** The audit log's entries as the API returns them; fields that do not apply to an entry's kind are absent. */
export const zAuditEntry = z
  .object({
    seq: z.int().min(1),
    at: zInstant,
    kind: z.enum(AUDIT_KINDS),
    actor: z.string().meta({ description: "The authenticated subject, or 'anonymous'" }),
    msp: z.string().optional(),
    role: z.string().optional(),
    district: z.string().optional(),
    method: z.string().optional(),
    path: z.string().optional(),
    status: z.int().optional(),
    durationMs: z.number().optional(),
    requestId: z.string().optional(),
    txId: z.string().optional(),
    fn: z.string().optional(),
    clientIp: z.string().optional(),
    detail: z.record(z.string(), zJsonValue).optional().meta({ description: 'A small JSON object; larger ones are replaced by a note of their size' }),
    prevHash: zSha256Hex,
    hash: zSha256Hex.meta({ description: "sha256hex(prevHash + '\\n' + canonical JSON of the entry without prevHash and hash)" }),
  })
  .meta({ id: 'AuditEntry', description: 'One entry of the append-only, hash-chained audit log' });
export type AuditEntry = z.infer<typeof zAuditEntry>;

export const zAuditPage = z
  .object({ items: z.array(zAuditEntry), nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` for the next (older) page; absent on the last page' }) })
  .meta({ id: 'AuditPage', description: 'Entries newest first' });
export type AuditPage = z.infer<typeof zAuditPage>;

export const zAuditChainCheck = z
  .object({ ok: z.boolean(), checked: z.int(), firstBadSeq: z.int().optional().meta({ description: 'The first entry whose hash or link to its predecessor does not hold' }) })
  .meta({ id: 'AuditChainCheck' });
export type AuditChainCheck = z.infer<typeof zAuditChainCheck>;

/** The CSV export's columns, in order: the stored fields in snake case, oldest entry first. */
export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'kind', 'actor', 'msp', 'role', 'district', 'method', 'path', 'status', 'duration_ms', 'request_id', 'tx_id', 'fn', 'client_ip', 'detail', 'prev_hash', 'hash'] as const;
