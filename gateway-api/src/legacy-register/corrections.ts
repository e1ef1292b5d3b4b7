import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { LAYOUT, RECORD_TYPES, recordId, type AnyLegacyRecord, type RecordType } from './layout';
import { detectTextEncoding } from './text-encoding';

/**
 * One correction of a corrections file: the new value of one field of one record, with who made
 * it and why. The source export stays as delivered; corrections are applied on top as it is read,
 * and the report lists every one (the audit of what was changed).
 */
export interface Correction {
  /** Line in the corrections file (the header is line 1). */
  line: number;
  type: RecordType;
  /** The record's legacy id (a household's house code). */
  legacyId: string;
  field: string;
  value: string;
  correctedBy: string;
  reason: string;
}

/** A correction as applied: the value it replaced, on which record. */
export interface AppliedCorrection {
  line: number;
  type: RecordType;
  row: number;
  legacyId: string;
  field: string;
  from: string;
  to: string;
  correctedBy: string;
  reason: string;
}

export class CorrectionsFileError extends Error {
  constructor(
    readonly line: number,
    readonly column: string,
    message: string,
  ) {
    super(`Corrections file line ${line}, ${column}: ${message}`);
  }
}

export const CORRECTION_COLUMNS = ['record_type', 'legacy_id', 'field', 'value', 'corrected_by', 'reason'] as const;

/** Reads a corrections CSV (UTF-8 or GBK) with the CORRECTION_COLUMNS; any malformed line refuses the whole file. */
export async function loadCorrections(path: string): Promise<Correction[]> {
  const encoding = await detectTextEncoding(path);
  const bytes = createReadStream(path);
  const text = encoding === 'utf-8' ? bytes : bytes.pipe(iconv.decodeStream(encoding));
  const rows = text.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true }));
  const corrections: Correction[] = [];
  let header: string[] | undefined;
  let line = 0;
  for await (const cells of rows as AsyncIterable<string[]>) {
    line += 1;
    if (!header) {
      header = cells.map((c) => c.trim());
      const missing = CORRECTION_COLUMNS.find((c) => !header?.includes(c));
      if (missing) throw new CorrectionsFileError(1, missing, `the header lacks the column ${missing}.`);
      continue;
    }
    const at = (c: (typeof CORRECTION_COLUMNS)[number]) => cells[(header as string[]).indexOf(c)] ?? '';
    const type = at('record_type') as RecordType;
    if (!RECORD_TYPES.includes(type)) throw new CorrectionsFileError(line, 'record_type', `${at('record_type')} is not a table of the standard layout.`);
    const field = at('field');
    if (!LAYOUT[type].fields.some((f) => f.name === field)) throw new CorrectionsFileError(line, 'field', `${field} is not a column of the ${type} table.`);
    for (const c of ['legacy_id', 'corrected_by', 'reason'] as const) {
      if (at(c).trim() === '') throw new CorrectionsFileError(line, c, 'every correction names its record, who made it and why.');
    }
    corrections.push({ line, type, legacyId: at('legacy_id'), field, value: at('value'), correctedBy: at('corrected_by'), reason: at('reason') });
  }
  return corrections;
}

/** Applies corrections to records as they stream: a lookup per record, the source untouched. */
export class CorrectionLayer {
  private readonly byRecord = new Map<string, Correction[]>();
  readonly applied: AppliedCorrection[] = [];
  private readonly used = new Set<Correction>();

  constructor(readonly corrections: readonly Correction[]) {
    for (const c of corrections) {
      const key = `${c.type}:${c.legacyId}`;
      this.byRecord.set(key, [...(this.byRecord.get(key) ?? []), c]);
    }
  }

  apply(record: AnyLegacyRecord, audit: boolean): AnyLegacyRecord {
    if (this.byRecord.size === 0) return record;
    const found = this.byRecord.get(`${record.type}:${recordId(record)}`);
    if (!found) return record;
    const fields: Record<string, string> = { ...record.fields };
    for (const c of found) {
      if (audit) {
        this.applied.push({ line: c.line, type: c.type, row: record.row, legacyId: c.legacyId, field: c.field, from: fields[c.field], to: c.value, correctedBy: c.correctedBy, reason: c.reason });
        this.used.add(c);
      }
      fields[c.field] = c.value;
    }
    return { ...record, fields } as AnyLegacyRecord;
  }

  /** Corrections that matched no record: a typo in the legacy id, reported so it is not silently lost. */
  unmatched(): Correction[] {
    return this.corrections.filter((c) => !this.used.has(c));
  }
}
