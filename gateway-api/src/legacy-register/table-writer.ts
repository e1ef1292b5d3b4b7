import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** One CSV field: quoted when it holds a separator, a quote, a line break or surrounding spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvField).join(',') + '\r\n';
}

/** Writes a table row by row without holding it: CSV (UTF-8 or GBK-family) or one XLSX sheet, both streamed. */
export interface TableWriter {
  add(cells: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

const FLUSH_AT = 1 << 16;

class CsvTableWriter implements TableWriter {
  private pending = '';
  private readonly out: WriteStream;
  constructor(
    path: string,
    private readonly encoding: 'utf-8' | 'gb18030',
  ) {
    this.out = createWriteStream(path);
  }

  async add(cells: readonly string[]): Promise<void> {
    this.pending += csvLine(cells);
    if (this.pending.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    const bytes = this.encoding === 'utf-8' ? Buffer.from(this.pending, 'utf8') : iconv.encode(this.pending, this.encoding);
    this.pending = '';
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

class XlsxTableWriter implements TableWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  constructor(path: string, sheetName: string) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
    // Fixed document dates: the same rows give the same file.
    this.workbook.created = FIXED_WORKBOOK_DATE;
    this.workbook.modified = FIXED_WORKBOOK_DATE;
    this.sheet = this.workbook.addWorksheet(sheetName);
  }

  async add(cells: readonly string[]): Promise<void> {
    this.sheet.addRow([...cells]).commit();
  }

  async close(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}

/** The date written into generated workbooks' document properties, so a file depends only on its content. */
export const FIXED_WORKBOOK_DATE = new Date(Date.UTC(2000, 0, 1));

export type TableFormat = 'csv' | 'csv-gbk' | 'xlsx';

export function tableWriter(path: string, format: TableFormat, sheetName: string): TableWriter {
  if (format === 'xlsx') return new XlsxTableWriter(path, sheetName);
  return new CsvTableWriter(path, format === 'csv' ? 'utf-8' : 'gb18030');
}

export function tableExtension(format: TableFormat): string {
  return format === 'xlsx' ? 'xlsx' : 'csv';
}
