import { LEGACY_FAILURE_CSV_COLUMNS as FAILURE_CSV_COLUMNS, LEGACY_RULE_CSV_COLUMNS as RULE_CSV_COLUMNS } from '@estate-ledger/api-schemas';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { FIXED_WORKBOOK_DATE, csvLine } from '../table-writer';
import type { InspectionReport } from './inspect-batch';

/**
 * The downloadable forms of an inspection report. Each depends on the report alone (no clock, no
 * host), so the same inspection gives the same bytes.
 */

/** A BOM first, so that Excel opens the Chinese text as UTF-8. */
const BOM = '\ufeff';

export function rulesCsv(report: InspectionReport): string {
  return BOM + csvLine(RULE_CSV_COLUMNS) + report.rules.map((r) => csvLine([r.id, r.category, r.severity, String(r.checked), String(r.failed), r.description])).join('');
}

export function failuresCsv(report: InspectionReport): string {
  return BOM + csvLine(FAILURE_CSV_COLUMNS) + report.failures.map((f) => csvLine([f.rule, f.category, f.severity, f.type, String(f.row), f.legacyId, f.field, f.value, f.message])).join('');
}

function sheet(workbook: ExcelJS.Workbook, name: string, header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): void {
  const ws = workbook.addWorksheet(name);
  ws.addRow([...header]).font = { bold: true };
  for (const row of rows) ws.addRow([...row]);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/**
 * The report as a workbook: records per table, rules, categories, failures, held-back records and
 * the corrections applied. ExcelJS stamps every zip entry with the current time, so the package is
 * rewritten with one fixed date: the bytes then depend on the report only.
 */
export async function reportXlsx(report: InspectionReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Estate Ledger legacy inspection';
  workbook.created = FIXED_WORKBOOK_DATE;
  workbook.modified = FIXED_WORKBOOK_DATE;
  sheet(workbook, 'records', ['record_type', 'records', 'passed', 'rejected', 'held_back', 'with_warnings'], report.records.map((r) => [r.type, r.records, r.passed, r.rejected, r.heldBack, r.withWarnings]));
  sheet(workbook, 'rules', RULE_CSV_COLUMNS, report.rules.map((r) => [r.id, r.category, r.severity, r.checked, r.failed, r.description]));
  sheet(workbook, 'categories', ['category', 'rules', 'checked', 'failed'], report.categories.map((c) => [c.category, c.rules, c.checked, c.failed]));
  sheet(workbook, 'failures', FAILURE_CSV_COLUMNS, report.failures.map((f) => [f.rule, f.category, f.severity, f.type, f.row, f.legacyId, f.field, f.value, f.message]));
  sheet(workbook, 'held_back', ['record_type', 'row', 'legacy_id', 'because'], report.heldBack.map((h) => [h.type, h.row, h.legacyId, h.because]));
  sheet(
    workbook,
    'corrections',
    ['file_line', 'record_type', 'row', 'legacy_id', 'field', 'from', 'to', 'corrected_by', 'reason'],
    report.corrections.applied.map((c) => [c.line, c.type, c.row, c.legacyId, c.field, c.from, c.to, c.correctedBy, c.reason]),
  );
  const stamped = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  const fixed = new JSZip();
  for (const entry of Object.values(stamped.files)) {
    if (!entry.dir) fixed.file(entry.name, await entry.async('nodebuffer'), { date: FIXED_WORKBOOK_DATE, createFolders: false });
  }
  return fixed.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}
