import { z } from 'zod';
import * as S from '@estate-ledger/api-schemas';
import { isoDateInChina, zIsoDate } from '@estate-ledger/chaincode';
import type { FailureFilter, LegacyInspections } from '../../application/legacy-inspections';
import { failuresCsv, reportXlsx, rulesCsv } from '../../legacy-register/inspection/report-files';
import type { Clock } from '../../register-clock';
import { scope } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute } from '../route-spec';
import { zQueryInt } from './query-routes';

const zName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\0\\]+$/)
  .meta({ description: 'A path relative to the legacy batch directory (LEGACY_BATCH_DIR)', example: 'dazhou-2026-06' });
const zInspectionId = z.strictObject({ inspectionId: z.uuid() });

type StartBody = { batch: string; asOf?: string; mapping?: string; corrections?: string };

/** Quality inspection of legacy register batches (docs/legacy-register.md): start one, read its report, download it. */
export function legacyRoutes(d: { inspections: LegacyInspections; clock: Clock }): AnyRoute[] {
  const access = scope('legacy.inspect');
  const tag = 'Legacy register';
  const download = (c: { res: import('express').Response }, type: string, name: string, body: string | Buffer) => {
    c.res.status(200).setHeader('content-type', type);
    c.res.setHeader('content-disposition', `attachment; filename="${name}"`);
    c.res.send(body);
    return undefined;
  };
  return [
    route<Record<string, never>, Record<string, never>, StartBody>({
      operationId: 'startLegacyInspection', method: 'post', path: '/legacy/inspections', tag, access,
      summary: 'Inspect a legacy batch of the batch directory (a folder of CSV/XLSX tables or one workbook), with an optional mapping and corrections file; runs in the background',
      body: z.strictObject({
        batch: zName,
        asOf: zIsoDate.optional().meta({ description: "The inspection date; the register's today by default" }),
        mapping: zName.optional(),
        corrections: zName.optional(),
      }),
      response: { status: 202, description: 'Started (status RUNNING); poll it', schema: S.zLegacyInspection },
      handle: async (c) => {
        if (!c.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
        const inspection = await d.inspections.start({
          ...c.body,
          asOf: c.body.asOf ?? isoDateInChina(d.clock.now()),
          requestedBy: c.principal.subject,
          requestedAt: d.clock.now().toISOString(),
        });
        return { status: 202, body: inspection };
      },
    }),
    route({
      operationId: 'listLegacyInspections', method: 'get', path: '/legacy/inspections', tag, access, summary: 'Every inspection, newest first',
      response: { status: 200, description: 'Inspections', schema: S.zLegacyInspectionList },
      handle: async () => ({ body: { items: await d.inspections.list() } }),
    }),
    route<{ inspectionId: string }>({
      operationId: 'getLegacyInspection', method: 'get', path: '/legacy/inspections/{inspectionId}', tag, access, summary: 'An inspection: its status and, once done, its report per table, rule and category',
      params: zInspectionId,
      response: { status: 200, description: 'The inspection', schema: S.zLegacyInspection },
      handle: async (c) => ({ body: await d.inspections.get(c.params.inspectionId) }),
    }),
    route<{ inspectionId: string }, FailureFilter>({
      operationId: 'listLegacyFailures', method: 'get', path: '/legacy/inspections/{inspectionId}/failures', tag, access,
      summary: 'The failed records of a finished inspection, in table and row order, filtered by rule, category, severity, table or legacy id',
      params: zInspectionId,
      query: z.strictObject({
        rule: z.string().regex(/^[A-Z_]+$/).optional(),
        category: z.enum(S.LEGACY_RULE_CATEGORIES).optional(),
        severity: z.enum(S.LEGACY_SEVERITIES).optional(),
        type: z.enum(S.LEGACY_RECORD_TYPES).optional(),
        legacyId: z.string().min(1).max(100).optional(),
        offset: zQueryInt(0).prefault('0'),
        limit: zQueryInt(1, 1000).prefault('100'),
      }),
      response: { status: 200, description: 'A page of failures', schema: S.zLegacyFailurePage },
      handle: async (c) => ({ body: await d.inspections.failures(c.params.inspectionId, c.query) }),
    }),
    route<{ inspectionId: string }>({
      operationId: 'downloadLegacyRulesCsv', method: 'get', path: '/legacy/inspections/{inspectionId}/rules.csv', tag, access, summary: 'Per rule: records checked and failed, as CSV',
      params: zInspectionId,
      response: { status: 200, description: 'The rules as CSV', contentType: 'text/csv', schema: S.csv(S.LEGACY_RULE_CSV_COLUMNS) },
      handle: async (c) => download(c, 'text/csv; charset=utf-8', 'inspection-rules.csv', rulesCsv(await d.inspections.report(c.params.inspectionId))),
    }),
    route<{ inspectionId: string }>({
      operationId: 'downloadLegacyFailuresCsv', method: 'get', path: '/legacy/inspections/{inspectionId}/failures.csv', tag, access, summary: 'Every failed record with rule, field and value, as CSV',
      params: zInspectionId,
      response: { status: 200, description: 'The failures as CSV', contentType: 'text/csv', schema: S.csv(S.LEGACY_FAILURE_CSV_COLUMNS) },
      handle: async (c) => download(c, 'text/csv; charset=utf-8', 'inspection-failures.csv', failuresCsv(await d.inspections.report(c.params.inspectionId))),
    }),
    route<{ inspectionId: string }>({
      operationId: 'downloadLegacyReportXlsx', method: 'get', path: '/legacy/inspections/{inspectionId}/report.xlsx', tag, access, summary: 'The whole report as an XLSX workbook',
      params: zInspectionId,
      response: { status: 200, description: 'The report workbook', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', schema: S.zLegacyReportXlsx },
      handle: async (c) =>
        download(c, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'inspection-report.xlsx', await reportXlsx(await d.inspections.report(c.params.inspectionId))),
    }),
  ];
}
