import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { batchSource, readBatch } from '../src/legacy-register/batch-reader';
import { loadColumnMapping } from '../src/legacy-register/column-mapping';
import { CorrectionsFileError, loadCorrections } from '../src/legacy-register/corrections';
import { generateRegister } from '../src/legacy-register/generator/register-generator';
import { openLegacyBatch, inspectBatch, passedRecords } from '../src/legacy-register/inspection/inspect-batch';
import { columnsOf, type AnyLegacyRecord } from '../src/legacy-register/layout';
import { detectTextEncoding } from '../src/legacy-register/text-encoding';

jest.setTimeout(120_000);

const AS_OF = '2026-06-30';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'legacy-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function all(path: string, mappingPath?: string): Promise<AnyLegacyRecord[]> {
  const records: AnyLegacyRecord[] = [];
  const mapping = mappingPath ? await loadColumnMapping(mappingPath) : undefined;
  for await (const r of readBatch(await batchSource(path), mapping)) records.push(r);
  return records;
}

const options = { records: 1_500, seed: 11, asOf: AS_OF, defectRate: 0.1 };

describe('reading a legacy register export', () => {
  test('the same register reads the same from UTF-8 CSV, GBK CSV and XLSX tables', async () => {
    for (const format of ['csv', 'csv-gbk', 'xlsx'] as const) await generateRegister(join(dir, format), { ...options, format });
    expect(await detectTextEncoding(join(dir, 'csv', 'units.csv'))).toBe('utf-8');
    expect(await detectTextEncoding(join(dir, 'csv-gbk', 'units.csv'))).toBe('gb18030');
    const utf8 = await all(join(dir, 'csv'));
    expect(utf8.length).toBeGreaterThan(options.records);
    expect(utf8.find((r) => r.type === 'unit')?.fields).toMatchObject({ district: expect.stringMatching(/^\d{6}$/), location: expect.stringContaining('单元') });
    expect(await all(join(dir, 'csv-gbk'))).toEqual(utf8);
    expect(await all(join(dir, 'xlsx'))).toEqual(utf8);
  });

  test('a workbook of Excel with shared strings keeps every Chinese character, whatever the chunk boundaries', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('units');
    sheet.addRow(columnsOf('unit'));
    const locations = Array.from({ length: 3_000 }, (_, i) => `成都市锦江区人民南路${i}号锦绣花园${i % 7}栋${i % 3}单元${i}室`);
    locations.forEach((location, i) => sheet.addRow([`DY${i}`, '', '', '510104', location]));
    await workbook.xlsx.writeFile(join(dir, 'excel.xlsx'));
    const units = await all(join(dir, 'excel.xlsx'));
    expect(units.map((u) => u.type === 'unit' && u.fields.location)).toEqual(locations);
  });

  test('a mapping file reads an export with its own table names, column names and code values', async () => {
    const own = join(dir, 'own-layout');
    await writeFile(join(dir, 'mapping.json'), JSON.stringify({
      tables: { right: '权利信息' },
      columns: { right: { 权利ID: 'legacy_id', 单元号: 'unit_number', 状态: 'status', 共有方式: 'co_ownership' } },
      values: { 'right.status': { 现势: 'CURRENT', 历史: 'HISTORICAL' }, 'right.co_ownership': { 单独所有: 'SOLE', 共同共有: 'JOINT' } },
    }));
    await rm(own, { recursive: true, force: true });
    await generateRegister(own, { ...options, records: 10, format: 'csv' });
    const csv = 'id-not-mapped,权利ID,单元号,状态,共有方式,权利人\r\nx,QL1,510104001002GB00002F00010101,现势,共同共有,张三;李四\r\ny,QL2,510104001002GB00002F00010101,历史,单独所有,王五\r\n';
    await writeFile(join(own, '权利信息.csv'), iconv.encode(csv, 'gbk'));
    await rm(join(own, 'rights.csv'));
    const rights = (await all(own, join(dir, 'mapping.json'))).filter((r) => r.type === 'right');
    expect(rights.map((r) => [r.row, r.fields.legacy_id, r.fields.status, r.fields.co_ownership, r.fields.holder_names, r.fields.right_type])).toEqual([
      [1, 'QL1', 'CURRENT', 'JOINT', '张三;李四', ''],
      [2, 'QL2', 'HISTORICAL', 'SOLE', '王五', ''],
    ]);
  });

  test('a mapping file naming a column the layout lacks is refused', async () => {
    await writeFile(join(dir, 'bad-mapping.json'), JSON.stringify({ columns: { unit: { 面积: 'area' } } }));
    await expect(loadColumnMapping(join(dir, 'bad-mapping.json'))).rejects.toThrow(/area is not a column of the unit table/);
  });

  test('corrections apply on top of the source, are audited with who and why, and leave the source unchanged', async () => {
    const path = join(dir, 'csv');
    const before = await Promise.all((await readdir(path)).sort().map((f) => readFile(join(path, f))));
    const batch0 = await openLegacyBatch(path);
    const first = await inspectBatch(batch0, { asOf: AS_OF });
    const failure = first.report.failures.find((f) => f.rule === 'UNIT_FIELDS_MISSING');
    expect(failure).toBeDefined();
    const corrections = join(dir, 'corrections.csv');
    await writeFile(
      corrections,
      `record_type,legacy_id,field,value,corrected_by,reason\r\nunit,${failure?.legacyId},location,成都市锦江区人民南路1号,张科员,按纸质档案补录坐落\r\nunit,NO-SUCH-ID,location,x,张科员,test\r\n`,
    );
    const batch = await openLegacyBatch(path, { correctionsPath: corrections });
    const second = await inspectBatch(batch, { asOf: AS_OF });
    expect(second.report.failures.some((f) => f.rule === 'UNIT_FIELDS_MISSING' && f.row === failure?.row)).toBe(false);
    expect(second.report.failures).toHaveLength(first.report.failures.length - 1);
    expect(second.report.corrections.applied).toEqual([
      { line: 2, type: 'unit', row: failure?.row, legacyId: failure?.legacyId, field: 'location', from: '', to: '成都市锦江区人民南路1号', correctedBy: '张科员', reason: '按纸质档案补录坐落' },
    ]);
    expect(second.report.corrections.unmatched.map((c) => c.legacyId)).toEqual(['NO-SUCH-ID']);
    const corrected: AnyLegacyRecord[] = [];
    for await (const r of passedRecords(batch, second)) if (r.type === 'unit' && r.row === failure?.row) corrected.push(r);
    expect(corrected.map((r) => r.type === 'unit' && r.fields.location)).toEqual(['成都市锦江区人民南路1号']);
    const after = await Promise.all((await readdir(path)).sort().map((f) => readFile(join(path, f))));
    expect(after).toEqual(before);
  });

  test('a correction without who and why is refused with its line', async () => {
    const path = join(dir, 'unsigned.csv');
    await writeFile(path, 'record_type,legacy_id,field,value,corrected_by,reason\nunit,DY1,location,x,,\n');
    await expect(loadCorrections(path)).rejects.toThrow(CorrectionsFileError);
    await expect(loadCorrections(path)).rejects.toThrow(/line 2, corrected_by/);
  });
});
