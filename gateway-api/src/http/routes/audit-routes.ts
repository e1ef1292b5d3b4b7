import { z } from 'zod';
import * as S from '@estate-ledger/api-schemas';
import { AUDIT_KINDS } from '../../audit/audit-entry';
import type { AuditLog } from '../../audit/audit-log';
import { AuditQuery } from '../../audit/audit-query';
import { scope } from '../access-policy';
import { route, type AnyRoute } from '../route-spec';
import { zCursor, zQueryInt } from './query-routes';

const zInstant = z.iso.datetime({ offset: true });
const zFilters = {
  from: zInstant.optional(),
  to: zInstant.optional(),
  actor: z.string().min(1).max(100).optional(),
  kind: z.enum(AUDIT_KINDS).optional(),
  district: z.string().regex(/^\d{6}$/).optional(),
  txId: z.string().regex(/^[0-9a-f]{64}$/).optional(),
};
type Filters = { from?: string; to?: string; actor?: string; kind?: (typeof AUDIT_KINDS)[number]; district?: string; txId?: string };

export function auditRoutes(d: { audit: AuditQuery; log: AuditLog }): AnyRoute[] {
  const access = scope('audit.read');
  return [
    route<Record<string, never>, Filters & { limit: number; cursor?: string }>({
      operationId: 'queryAuditLog', method: 'get', path: '/audit-log', tag: 'Audit', summary: 'The append-only, hash-chained audit log, newest first', access,
      query: z.strictObject({ ...zFilters, limit: zQueryInt(1, 500).prefault('100'), cursor: zCursor }),
      response: { status: 200, description: 'A page of entries', schema: S.zAuditPage },
      handle: async (c) => {
        const { limit, cursor, ...filters } = c.query;
        await d.log.caughtUp();
        return { body: await d.audit.page(filters, { limit, cursor }) };
      },
    }),
    route<Record<string, never>, Filters>({
      operationId: 'exportAuditLog', method: 'get', path: '/audit-log.csv', tag: 'Audit', summary: 'The audit log as CSV (same filters), streamed', access,
      query: z.strictObject(zFilters), response: { status: 200, description: 'The entries as CSV, oldest first', contentType: 'text/csv', schema: S.csv(S.AUDIT_CSV_COLUMNS) },
      handle: async (c) => {
        await d.log.caughtUp();
        c.res.status(200).setHeader('content-type', 'text/csv; charset=utf-8');
        c.res.setHeader('content-disposition', 'attachment; filename="audit-log.csv"');
        await d.audit.csv(c.query, (chunk) => {
          c.res.write(chunk);
        });
        c.res.end();
        return undefined;
      },
    }),
    route<Record<string, never>, { fromSeq?: number; toSeq?: number }>({
      operationId: 'verifyAuditLog', method: 'get', path: '/audit-log/verification', tag: 'Audit', summary: 'Recompute the hash chain and report the first broken entry, if any', access,
      query: z.strictObject({ fromSeq: zQueryInt(1).optional(), toSeq: zQueryInt(1).optional() }),
      response: { status: 200, description: 'Chain check', schema: S.zAuditChainCheck },
      handle: async (c) => {
        await d.log.caughtUp();
        return { body: await d.audit.verifyChain(c.query.fromSeq, c.query.toSeq) };
      },
    }),
  ];
}
