import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { batchFiles, batchSource, readBatch, type BatchSource } from '../batch-reader';
import { STANDARD_MAPPING, loadColumnMapping, type ColumnMapping } from '../column-mapping';
import { CorrectionLayer, loadCorrections, type AppliedCorrection, type Correction } from '../corrections';
import { RECORD_TYPES, REGISTER_TYPES, recordId, type AnyLegacyRecord, type RecordType } from '../layout';
import { CrossRecordIndex } from './cross-record-checks';
import { checkContext, checkRecord } from './record-checks';
import { INSPECTION_RULES, RULE_CATEGORIES, RULES_BY_ID, type RuleCategory, type RuleSeverity } from './rule-catalogue';

/** A legacy batch as inspected and loaded: where it is, how its columns map, and the corrections on top of it. */
export interface LegacyBatch {
  source: BatchSource;
  mapping: ColumnMapping;
  corrections: readonly Correction[];
}

export async function openLegacyBatch(path: string, options: { mappingPath?: string; correctionsPath?: string } = {}): Promise<LegacyBatch> {
  return {
    source: await batchSource(path),
    mapping: options.mappingPath ? await loadColumnMapping(options.mappingPath) : STANDARD_MAPPING,
    corrections: options.correctionsPath ? await loadCorrections(options.correctionsPath) : [],
  };
}

export interface InspectionFailure {
  rule: string;
  category: RuleCategory;
  severity: RuleSeverity;
  type: RecordType;
  row: number;
  legacyId: string;
  field: string;
  value: string;
  message: string;
}

export interface RecordTypeSummary {
  type: RecordType;
  records: number;
  /** Without any error and not held back: what the load takes. */
  passed: number;
  /** With at least one error. */
  rejected: number;
  /** Without an error of their own, but on a rejected unit (or of a rejected right): kept out with it. */
  heldBack: number;
  /** Passed, with warnings. */
  withWarnings: number;
}

export interface RuleSummary {
  id: string;
  category: RuleCategory;
  severity: RuleSeverity;
  description: string;
  /** Records of the types the rule applies to. */
  checked: number;
  /** Records the rule failed on. */
  failed: number;
}

export interface CategorySummary {
  category: RuleCategory;
  rules: number;
  checked: number;
  failed: number;
}

/** The quality-inspection report: the same input and inspection date always give the same report, byte for byte. */
export interface InspectionReport {
  format: 'estate-ledger/legacy-inspection@1';
  asOf: string;
  input: { files: Array<{ name: string; bytes: number; sha256: string }>; corrections: number };
  records: RecordTypeSummary[];
  rules: RuleSummary[];
  categories: CategorySummary[];
  failures: InspectionFailure[];
  heldBack: Array<{ type: RecordType; row: number; legacyId: string; because: string }>;
  corrections: { applied: AppliedCorrection[]; unmatched: Correction[] };
}

/** A report and what the load needs from it: the records (by `type:row`) kept out. */
export interface Inspection {
  report: InspectionReport;
  keptOut: ReadonlySet<string>;
}

export const recordKey = (type: RecordType, row: number) => `${type}:${row}`;

async function fileDigest(path: string): Promise<{ name: string; bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { name: basename(path), bytes, sha256: hash.digest('hex') };
}

/** The batch's records with the corrections applied (audited in `layer` when `audit`). */
async function* correctedRecords(batch: LegacyBatch, layer: CorrectionLayer, audit: boolean): AsyncGenerator<AnyLegacyRecord> {
  for await (const record of readBatch(batch.source, batch.mapping)) yield layer.apply(record, audit);
}

/**
 * Inspects a batch in one streaming pass: each record is checked on its own as it passes and
 * leaves a few fields in the cross-record indexes; the uniqueness, cross-record and
 * building-table rules run on those at the end. Nothing is written to the source.
 */
export async function inspectBatch(batch: LegacyBatch, options: { asOf: string }): Promise<Inspection> {
  const ctx = checkContext(options.asOf);
  const index = new CrossRecordIndex();
  const layer = new CorrectionLayer(batch.corrections);
  const failures: InspectionFailure[] = [];
  const counts = new Map<RecordType, number>(RECORD_TYPES.map((t) => [t, 0]));
  const push = (type: RecordType, row: number, legacyId: string, rule: string, field: string, value: string, message: string) => {
    const r = RULES_BY_ID.get(rule);
    if (!r) throw new Error(`Inspection rule ${rule} is not in the catalogue.`);
    failures.push({ rule, category: r.category, severity: r.severity, type, row, legacyId, field, value, message });
  };
  for await (const record of correctedRecords(batch, layer, true)) {
    counts.set(record.type, (counts.get(record.type) ?? 0) + 1);
    const id = recordId(record);
    checkRecord(record, ctx, (rule, field, value, message) => push(record.type, record.row, id, rule, field, value, message));
    index.add(record, push);
  }
  index.finish(push);

  const ruleOrder = new Map(INSPECTION_RULES.map((r, i) => [r.id, i]));
  failures.sort((a, b) => RECORD_TYPES.indexOf(a.type) - RECORD_TYPES.indexOf(b.type) || a.row - b.row || (ruleOrder.get(a.rule) ?? 0) - (ruleOrder.get(b.rule) ?? 0));

  const rejected = new Set<string>();
  const warned = new Set<string>();
  for (const f of failures) (f.severity === 'ERROR' ? rejected : warned).add(recordKey(f.type, f.row));
  const heldBack = index.heldBack(rejected);
  const keptOut = new Set<string>([...rejected, ...heldBack.map((h) => recordKey(h.type, h.row))]);

  const records: RecordTypeSummary[] = REGISTER_TYPES.map((type) => {
    const total = counts.get(type) ?? 0;
    let rej = 0;
    let held = 0;
    let warn = 0;
    for (const key of rejected) if (key.startsWith(`${type}:`)) rej += 1;
    for (const h of heldBack) if (h.type === type) held += 1;
    for (const key of warned) if (key.startsWith(`${type}:`) && !keptOut.has(key)) warn += 1;
    return { type, records: total, passed: total - rej - held, rejected: rej, heldBack: held, withWarnings: warn };
  });
  const failedByRule = new Map<string, number>();
  for (const f of failures) failedByRule.set(f.rule, (failedByRule.get(f.rule) ?? 0) + 1);
  const rules: RuleSummary[] = INSPECTION_RULES.map((r) => ({
    id: r.id,
    category: r.category,
    severity: r.severity,
    description: r.description,
    checked: r.appliesTo.reduce((n, t) => n + (counts.get(t) ?? 0), 0),
    failed: failedByRule.get(r.id) ?? 0,
  }));
  const categories: CategorySummary[] = RULE_CATEGORIES.map((category) => {
    const inCategory = rules.filter((r) => r.category === category);
    return { category, rules: inCategory.length, checked: inCategory.reduce((n, r) => n + r.checked, 0), failed: inCategory.reduce((n, r) => n + r.failed, 0) };
  });
  const files = [];
  for (const path of await batchFiles(batch.source, batch.mapping)) files.push(await fileDigest(path));
  const report: InspectionReport = {
    format: 'estate-ledger/legacy-inspection@1',
    asOf: options.asOf,
    input: { files, corrections: batch.corrections.length },
    records,
    rules,
    categories,
    failures,
    heldBack,
    corrections: { applied: layer.applied, unmatched: layer.unmatched() },
  };
  return { report, keptOut };
}

/**
 * The records that passed an inspection, corrections applied, streamed from the source again in
 * table order (households, the reference data, included): what the load takes.
 */
export async function* passedRecords(batch: LegacyBatch, inspection: Inspection): AsyncGenerator<AnyLegacyRecord> {
  const layer = new CorrectionLayer(batch.corrections);
  for await (const record of correctedRecords(batch, layer, false)) {
    if (!inspection.keptOut.has(recordKey(record.type, record.row))) yield record;
  }
}
