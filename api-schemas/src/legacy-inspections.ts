import { z } from 'zod';
import { zInstant, zIsoDate, zSha256Hex } from './common';

/** Quality inspections (质检) of legacy register batches, as the registry's migration staff read them. */

export const LEGACY_RECORD_TYPES = ['household', 'unit', 'right', 'certificate', 'mortgage', 'seizure', 'notice', 'objection', 'residence'] as const;
export const LEGACY_RULE_CATEGORIES = ['COMPLETENESS', 'CODE_VALIDITY', 'VALUE_DOMAIN', 'CONSISTENCY', 'UNIQUENESS', 'CROSS_RECORD', 'BUILDING_TABLE'] as const;
export const LEGACY_SEVERITIES = ['ERROR', 'WARNING'] as const;

const zRecordType = z.enum(LEGACY_RECORD_TYPES);
const zCategory = z.enum(LEGACY_RULE_CATEGORIES);
const zSeverity = z.enum(LEGACY_SEVERITIES).meta({ description: 'ERROR keeps the record out of the load; WARNING does not' });
const zCount = z.int().min(0);

export const zLegacyRuleSummary = z
  .object({ id: z.string(), category: zCategory, severity: zSeverity, description: z.string(), checked: zCount.meta({ description: 'Records of the tables the rule applies to' }), failed: zCount })
  .meta({ id: 'LegacyRuleSummary' });
export type LegacyRuleSummary = z.infer<typeof zLegacyRuleSummary>;

export const zLegacyReportSummary = z
  .object({
    input: z.object({
      files: z.array(z.object({ name: z.string(), bytes: zCount, sha256: zSha256Hex })),
      corrections: zCount.meta({ description: 'Lines of the corrections file' }),
    }),
    records: z.array(
      z.object({
        type: zRecordType,
        records: zCount,
        passed: zCount.meta({ description: 'Without an error and not held back: what the load takes' }),
        rejected: zCount,
        heldBack: zCount.meta({ description: 'Without an error of their own, on a rejected unit (or of a rejected right)' }),
        withWarnings: zCount,
      }),
    ),
    rules: z.array(zLegacyRuleSummary),
    categories: z.array(z.object({ category: zCategory, rules: zCount, checked: zCount, failed: zCount })),
    failures: zCount,
    heldBack: zCount,
    corrections: z.object({ applied: zCount, unmatched: zCount }),
  })
  .meta({ id: 'LegacyReportSummary', description: 'The report without its list of failures (paged separately)' });

export const zLegacyInspection = z
  .object({
    inspectionId: z.string(),
    batch: z.string().meta({ description: 'The batch inspected, relative to the gateway’s legacy batch directory' }),
    mapping: z.string().nullable(),
    corrections: z.string().nullable(),
    asOf: zIsoDate.meta({ description: 'The inspection date: no event date may lie after it' }),
    requestedBy: z.string(),
    requestedAt: zInstant,
    status: z.enum(['RUNNING', 'DONE', 'FAILED']),
    error: z.string().nullable().meta({ description: 'Why a FAILED inspection could not read its batch' }),
    report: zLegacyReportSummary.nullable().meta({ description: 'Once DONE' }),
  })
  .meta({ id: 'LegacyInspection', description: 'A quality inspection of a legacy register batch' });
export type LegacyInspection = z.infer<typeof zLegacyInspection>;

export const zLegacyInspectionList = z.object({ items: z.array(zLegacyInspection) }).meta({ id: 'LegacyInspectionList', description: 'Inspections, newest first' });

export const zLegacyFailure = z
  .object({
    rule: z.string(),
    category: zCategory,
    severity: zSeverity,
    type: zRecordType,
    row: z.int().min(1).meta({ description: 'Data row in its table (the header is row 0)' }),
    legacyId: z.string(),
    field: z.string(),
    value: z.string(),
    message: z.string(),
  })
  .meta({ id: 'LegacyFailure', description: 'One rule failed on one record' });
export type LegacyFailure = z.infer<typeof zLegacyFailure>;

export const zLegacyFailurePage = z
  .object({ items: z.array(zLegacyFailure), total: zCount.meta({ description: 'Failures matching the filters' }), offset: zCount, limit: zCount })
  .meta({ id: 'LegacyFailurePage' });
export type LegacyFailurePage = z.infer<typeof zLegacyFailurePage>;

export const zLegacyReportXlsx = z.string().meta({ description: 'The report as an XLSX workbook (sheets records, rules, categories, failures, held_back, corrections); byte-identical for the same inspection' });

export const LEGACY_RULE_CSV_COLUMNS = ['rule_id', 'category', 'severity', 'checked', 'failed', 'description'] as const;
export const LEGACY_FAILURE_CSV_COLUMNS = ['rule_id', 'category', 'severity', 'record_type', 'row', 'legacy_id', 'field', 'value', 'message'] as const;
