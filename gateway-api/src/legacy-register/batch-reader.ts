import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ColumnMapping, STANDARD_MAPPING, headerColumns, standardValue, tableName } from './column-mapping';
import { AnyLegacyRecord, LAYOUT, RECORD_TYPES, type Fields, type LegacyRecord, type RecordType } from './layout';
import { detectTextEncoding } from './text-encoding';

/**
 * A legacy batch: a directory holding one file per table (`units.csv`, `rights.xlsx`, …), or one
 * XLSX workbook with a sheet per table. Tables the batch lacks are read as empty.
 */
export type BatchSource = { kind: 'directory' | 'workbook'; path: string };

export class BatchSourceError extends Error {}

export async function batchSource(path: string): Promise<BatchSource> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) return { kind: 'directory', path };
  if (info?.isFile() && extname(path).toLowerCase() === '.xlsx') return { kind: 'workbook', path };
  throw new BatchSourceError(`${path} is neither a directory of CSV/XLSX tables nor an .xlsx workbook.`);
}

/** A table file found in a batch directory. */
export type TableFile = { type: RecordType; path: string; format: 'csv' | 'xlsx' };

export async function tableFiles(dir: string, mapping: ColumnMapping = STANDARD_MAPPING, types: readonly RecordType[] = RECORD_TYPES): Promise<TableFile[]> {
  const names = new Set(await readdir(dir));
  const found: TableFile[] = [];
  for (const type of types) {
    const table = tableName(mapping, type);
    const csv = [`${table}.csv`, `${table}.CSV`].find((n) => names.has(n));
    const xlsx = [`${table}.xlsx`, `${table}.XLSX`].find((n) => names.has(n));
    if (csv && xlsx) throw new BatchSourceError(`The batch holds both ${csv} and ${xlsx}; keep one of them.`);
    if (csv) found.push({ type, path: join(dir, csv), format: 'csv' });
    else if (xlsx) found.push({ type, path: join(dir, xlsx), format: 'xlsx' });
  }
  return found;
}

/** Builds records from a table's rows: the first row is the header, matched to standard columns once. */
class RowMapper<T extends RecordType> {
  private columns: Array<string | undefined> | undefined;
  constructor(
    private readonly type: T,
    private readonly mapping: ColumnMapping,
  ) {}

  /** The record of a data row, or undefined for the header row. */
  map(cells: readonly string[], row: number): LegacyRecord<T> | undefined {
    if (!this.columns) {
      this.columns = headerColumns(this.mapping, this.type, cells);
      return undefined;
    }
    const fields: Record<string, string> = {};
    for (const spec of LAYOUT[this.type].fields) fields[spec.name] = '';
    this.columns.forEach((column, i) => {
      if (column !== undefined && i < cells.length) fields[column] = standardValue(this.mapping, this.type, column, cells[i]);
    });
    return { type: this.type, row, fields: fields as Fields<T> };
  }
}

async function* readCsvTable<T extends RecordType>(path: string, type: T, mapping: ColumnMapping): AsyncGenerator<LegacyRecord<T>> {
  const encoding = mapping.encoding === 'auto' ? await detectTextEncoding(path) : mapping.encoding;
  const bytes = createReadStream(path);
  const text = encoding === 'utf-8' ? bytes : bytes.pipe(iconv.decodeStream(encoding));
  const parser = text.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  const mapper = new RowMapper(type, mapping);
  let row = 0;
  for await (const cells of parser as AsyncIterable<string[]>) {
    const record = mapper.map(cells, row);
    if (record) yield record;
    row += 1;
  }
}

function dateText(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The text of an XLSX cell as a CSV export would show it: dates as YYYY-MM-DD, rich text and formulas by their text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text);
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  return '';
}

function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values as ExcelJS.CellValue[];
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
  return cells;
}

type ChunkSource = AsyncIterable<Buffer | string>;
type ReaderInternals = {
  _parseWorksheet(iterator: ChunkSource, sheetNo: string): unknown;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
};

async function* utf8Text(chunks: ChunkSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/**
 * ExcelJS 4.4's streaming reader decodes each zip chunk to text on its own, so a Chinese character
 * split across two chunks turns into two U+FFFD (exceljs/exceljs#2084, #2063; unfixed upstream).
 * Its parser passes text through untouched, so the sheets and the shared strings are handed to it
 * already decoded by a streaming decoder. Pinned to exceljs ~4.4 because this reaches inside it.
 */
function utf8SafeReader(reader: ExcelJS.stream.xlsx.WorkbookReader): ExcelJS.stream.xlsx.WorkbookReader {
  const internals = reader as unknown as ReaderInternals;
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8Text(iterator), sheetNo);
  internals._parseSharedStrings = (entry) => parseSharedStrings(entry.setEncoding('utf8'));
  return reader;
}

/** The records of the sheets `tableOf` names a record type for (by sheet name and 0-based position); rows stream one at a time. */
async function* readWorkbook(
  path: string,
  mapping: ColumnMapping,
  tableOf: (sheetName: string, position: number) => RecordType | undefined,
): AsyncGenerator<AnyLegacyRecord> {
  const reader = utf8SafeReader(new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' }));
  let position = 0;
  for await (const sheet of reader) {
    const type = tableOf((sheet as unknown as { name: string }).name, position++);
    if (type === undefined) continue;
    const mapper = new RowMapper(type, mapping);
    for await (const row of sheet) {
      // The header is sheet row 1, so data row n is sheet row n + 1.
      const record = mapper.map(rowCells(row), row.number - 1);
      if (record) yield record as AnyLegacyRecord;
    }
  }
}

/**
 * Every record of a batch, streamed: one row in memory at a time. In a directory the tables come
 * in RECORD_TYPES order; in a workbook in sheet order.
 */
export async function* readBatch(source: BatchSource, mapping: ColumnMapping = STANDARD_MAPPING, types: readonly RecordType[] = RECORD_TYPES): AsyncGenerator<AnyLegacyRecord> {
  if (source.kind === 'workbook') {
    const byTable = new Map(types.map((t) => [tableName(mapping, t), t] as const));
    yield* readWorkbook(source.path, mapping, (name) => byTable.get(name));
    return;
  }
  for (const file of await tableFiles(source.path, mapping, types)) {
    if (file.format === 'csv') yield* readCsvTable(file.path, file.type, mapping) as AsyncGenerator<AnyLegacyRecord>;
    // A table file's records are on its first sheet, whatever that sheet is called.
    else yield* readWorkbook(file.path, mapping, (_name, position) => (position === 0 ? file.type : undefined));
  }
}

/** Names of the files a batch is made of, for the report's record of its input. */
export async function batchFiles(source: BatchSource, mapping: ColumnMapping = STANDARD_MAPPING): Promise<string[]> {
  if (source.kind === 'workbook') return [source.path];
  return (await tableFiles(source.path, mapping)).map((f) => f.path);
}
