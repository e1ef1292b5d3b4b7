import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LegacyFailurePage, LegacyInspection } from '@estate-ledger/api-schemas';
import { generateRegister, type GeneratedRegister } from '../src/legacy-register/generator/register-generator';
import { GatewayFixture } from './support/gateway-fixture';

jest.setTimeout(180_000);

const AS_OF = '2026-06-30';
let fx: GatewayFixture;
let batchDir: string;
let generated: GeneratedRegister;
let admin: string;

beforeAll(async () => {
  batchDir = await mkdtemp(join(tmpdir(), 'legacy-batches-'));
  generated = await generateRegister(join(batchDir, 'dazhou-2026-06'), { records: 3_000, seed: 5, asOf: AS_OF, defectRate: 0.2, format: 'csv' });
  fx = await GatewayFixture.start('pglite', { LEGACY_BATCH_DIR: batchDir });
  admin = fx.key('RegistryMSP', 'admin');
});
afterAll(async () => {
  await fx?.close();
  await rm(batchDir, { recursive: true, force: true });
});

async function finished(id: string): Promise<LegacyInspection> {
  for (;;) {
    const r = await fx.request<LegacyInspection>('GET', `/api/v1/legacy/inspections/${id}`, { key: admin });
    expect(r.status).toBe(200);
    if (r.body.status !== 'RUNNING') return r.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('legacy inspections through the API', () => {
  test('a registry administrator inspects a batch of the batch directory and reads its report, failures and downloads', async () => {
    const started = await fx.request<LegacyInspection>('POST', '/api/v1/legacy/inspections', { key: admin, body: { batch: 'dazhou-2026-06', asOf: AS_OF } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'RUNNING', batch: 'dazhou-2026-06', asOf: AS_OF, report: null });
    const done = await finished(started.body.inspectionId);
    expect(done.status).toBe('DONE');
    expect(done.report?.failures).toBe(generated.defects.length);
    expect(done.report?.rules.find((r) => r.id === 'CHAIN_DISCONTINUOUS')).toMatchObject({ category: 'CROSS_RECORD', severity: 'ERROR' });

    const rule = generated.defects[0].rule;
    const page = await fx.request<LegacyFailurePage>('GET', `/api/v1/legacy/inspections/${done.inspectionId}/failures?rule=${rule}&limit=5`, { key: admin });
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(generated.defects.filter((d) => d.rule === rule).length);
    expect(page.body.items.every((f) => f.rule === rule)).toBe(true);
    const units = await fx.request<LegacyFailurePage>('GET', `/api/v1/legacy/inspections/${done.inspectionId}/failures?type=unit&severity=ERROR&limit=1000`, { key: admin });
    expect(units.body.items.every((f) => f.type === 'unit' && f.severity === 'ERROR')).toBe(true);

    const rulesCsv = await fx.request<string>('GET', `/api/v1/legacy/inspections/${done.inspectionId}/rules.csv`, { key: admin });
    expect(rulesCsv.body.split('\r\n')[0].replace(/^\ufeff/, '')).toBe('rule_id,category,severity,checked,failed,description');
    const failuresCsv = await fx.request<string>('GET', `/api/v1/legacy/inspections/${done.inspectionId}/failures.csv`, { key: admin });
    expect(failuresCsv.body.trimEnd().split('\r\n')).toHaveLength(generated.defects.length + 1);
    const xlsx = await fetch(`${fx.url}/api/v1/legacy/inspections/${done.inspectionId}/report.xlsx`, { headers: { 'x-api-key': admin } });
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const again = Buffer.from(await (await fetch(`${fx.url}/api/v1/legacy/inspections/${done.inspectionId}/report.xlsx`, { headers: { 'x-api-key': admin } })).arrayBuffer());
    expect(again.equals(bytes)).toBe(true);

    const list = await fx.request<{ items: LegacyInspection[] }>('GET', '/api/v1/legacy/inspections', { key: admin });
    expect(list.body.items.map((i) => i.inspectionId)).toContain(done.inspectionId);
  });

  test('a batch outside the directory, an unknown inspection and a corrections file without who or why are refused by name', async () => {
    const outside = await fx.request('POST', '/api/v1/legacy/inspections', { key: admin, body: { batch: '../etc' } });
    expect(outside.status).toBe(404);
    expect(outside.body).toMatchObject({ error: { code: 'LEGACY_BATCH_NOT_FOUND', field: 'batch' } });
    const unknown = await fx.request('GET', '/api/v1/legacy/inspections/00000000-0000-4000-8000-000000000000', { key: admin });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'LEGACY_INSPECTION_NOT_FOUND' } });
    await writeFile(join(batchDir, 'unsigned.csv'), 'record_type,legacy_id,field,value,corrected_by,reason\nunit,DY1,location,x,,\n');
    const unsigned = await fx.request('POST', '/api/v1/legacy/inspections', { key: admin, body: { batch: 'dazhou-2026-06', corrections: 'unsigned.csv' } });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'corrections', rule: 'CORRECTIONS_FILE' } });
  });

  test('only the registry administrators and registrars may inspect', async () => {
    const clerk = await fx.request('GET', '/api/v1/legacy/inspections', { key: fx.key('HousingMSP', 'surveyor') });
    expect(clerk.status).toBe(403);
    const registrar = await fx.request('GET', '/api/v1/legacy/inspections', { key: fx.key('RegistryMSP', 'registrar') });
    expect(registrar.status).toBe(200);
  });
});
