import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFECT_INJECTORS } from '../src/legacy-register/generator/defect-injectors';
import { generateRegister, type GeneratedRegister } from '../src/legacy-register/generator/register-generator';
import { inspectBatch, openLegacyBatch, passedRecords, recordKey, type Inspection } from '../src/legacy-register/inspection/inspect-batch';
import { failuresCsv, reportXlsx, rulesCsv } from '../src/legacy-register/inspection/report-files';
import { INSPECTION_RULES, RULE_CATEGORIES } from '../src/legacy-register/inspection/rule-catalogue';
import { REGISTER_TYPES } from '../src/legacy-register/layout';
import { migrationRecords } from '../src/migration/legacy-to-migration';
import { apiMigrationRecord, endedBeforeMigration } from '@estate-ledger/chaincode';

jest.setTimeout(900_000);

const AS_OF = '2026-06-30';
const RECORDS = 100_000;
let dir: string;
let generated: GeneratedRegister;
let first: Inspection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'legacy-inspection-'));
  generated = await generateRegister(dir, { records: RECORDS, seed: 2026, asOf: AS_OF, defectRate: 0.08, format: 'csv' });
  first = await inspectBatch(await openLegacyBatch(dir), { asOf: AS_OF });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the rule catalogue', () => {
  test('has at least 40 rules in every category, each with a unique id, a severity, a description and a defect the generator can inject', () => {
    expect(INSPECTION_RULES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(INSPECTION_RULES.map((r) => r.id)).size).toBe(INSPECTION_RULES.length);
    for (const category of RULE_CATEGORIES) expect(INSPECTION_RULES.some((r) => r.category === category)).toBe(true);
    for (const r of INSPECTION_RULES) {
      expect(['ERROR', 'WARNING']).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(20);
      expect(DEFECT_INJECTORS[r.id]).toBeInstanceOf(Function);
    }
  });
});

describe(`inspecting a generated register of ${RECORDS} records with injected defects`, () => {
  test('the register has the records asked for and a defect of every rule', () => {
    const total = REGISTER_TYPES.reduce((n, t) => n + generated.records[t], 0);
    expect(total).toBeGreaterThanOrEqual(RECORDS);
    expect(total).toBeLessThan(RECORDS + 50);
    expect(new Set(generated.defects.map((d) => d.rule))).toEqual(new Set(INSPECTION_RULES.map((r) => r.id)));
  });

  test('reports every injected defect under its rule (recall 100 %) and no clean record (0 false positives)', () => {
    const reported = new Set(first.report.failures.map((f) => `${f.rule} ${recordKey(f.type, f.row)}`));
    const missed = generated.defects.filter((d) => !reported.has(`${d.rule} ${recordKey(d.type, d.row)}`));
    expect(missed).toEqual([]);
    const defective = new Set(generated.defects.map((d) => recordKey(d.type, d.row)));
    const onCleanRecords = first.report.failures.filter((f) => !defective.has(recordKey(f.type, f.row)));
    expect(onCleanRecords).toEqual([]);
  });

  test('the report counts per rule and per category what it lists', () => {
    const { report } = first;
    for (const rule of report.rules) {
      expect(rule.failed).toBe(report.failures.filter((f) => f.rule === rule.id).length);
      expect(rule.checked).toBeGreaterThanOrEqual(rule.failed);
    }
    for (const c of report.categories) expect(c.failed).toBe(report.rules.filter((r) => r.category === c.category).reduce((n, r) => n + r.failed, 0));
    const failure = report.failures.find((f) => f.rule === 'HOLDER_RESIDENT_ID_INVALID');
    expect(failure).toMatchObject({ category: 'CODE_VALIDITY', severity: 'ERROR', type: 'right', field: 'holder_ids', value: expect.stringMatching(/^\d{17}[\dX]$/) });
  });

  test('the load gets every record without an error, except those on a rejected unit', async () => {
    const batch = await openLegacyBatch(dir);
    let passed = 0;
    let keptOutSeen = 0;
    for await (const record of passedRecords(batch, first)) {
      if (record.type === 'household') continue;
      passed += 1;
      if (first.keptOut.has(recordKey(record.type, record.row))) keptOutSeen += 1;
    }
    expect(keptOutSeen).toBe(0);
    expect(passed).toBe(first.report.records.reduce((n, r) => n + r.passed, 0));
    const rejectedUnit = first.report.failures.find((f) => f.type === 'unit' && f.severity === 'ERROR' && f.rule === 'UNIT_NUMBER_INVALID');
    expect(rejectedUnit).toBeDefined();
    expect(first.report.heldBack.some((h) => h.because.startsWith('unit '))).toBe(true);
  });

  test('what passes is still in force on the inspection date: the migration on that day refuses none of it as ended, and a unit with an ended seizure waits', async () => {
    const midday = `${AS_OF}T04:00:00.000Z`;
    const schema = apiMigrationRecord(() => new Date(midday));
    let units = 0;
    const ended: string[] = [];
    for await (const input of migrationRecords(passedRecords(await openLegacyBatch(dir), first))) {
      const parsed = schema.safeParse(input);
      if (!parsed.success) continue;
      units += 1;
      const why = endedBeforeMigration(parsed.data, midday);
      if (why) ended.push(`${input.legacyId} ${why.message}`);
    }
    expect(units).toBeGreaterThan(10_000);
    expect(ended).toEqual([]);
    for (const rule of ['SEIZURE_TERM_ENDED', 'NOTICE_LAPSED', 'OBJECTION_LAPSED']) expect(generated.defects.filter((d) => d.rule === rule).length).toBeGreaterThan(0);
    const endedSeizure = first.report.failures.find((f) => f.rule === 'SEIZURE_TERM_ENDED');
    expect(endedSeizure).toMatchObject({ severity: 'ERROR', type: 'seizure', field: 'term_end' });
    expect(first.report.heldBack).toContainEqual(expect.objectContaining({ type: 'unit', because: `seizure ${endedSeizure?.legacyId} on it is rejected` }));
  });

  test('a second run gives a byte-identical report, as JSON, CSV and XLSX', async () => {
    const second = await inspectBatch(await openLegacyBatch(dir), { asOf: AS_OF });
    expect(JSON.stringify(second.report)).toBe(JSON.stringify(first.report));
    expect(rulesCsv(second.report)).toBe(rulesCsv(first.report));
    expect(failuresCsv(second.report)).toBe(failuresCsv(first.report));
    const [a, b] = [await reportXlsx(first.report), await reportXlsx(second.report)];
    expect(a.length).toBeGreaterThan(10_000);
    expect(b.equals(a)).toBe(true);
  });
});
