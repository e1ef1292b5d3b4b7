import type { LedgerConfig } from '@estate-ledger/api-schemas';
import { LedgerFixture, ROLE, unitNumber } from './support/ledger-fixture';
import { HttpScenario } from './support/http-scenario';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { buildingWithUnits, apply, process } from './support/scenario';

/** The registry administrator reads and changes the registry offices over HTTP (Admin:configure), audited and validated. */
describe.each(ENGINES)('the registry offices through HTTP (%s read model)', (engine) => {
  let fx: GatewayFixture;
  beforeAll(async () => {
    fx = await GatewayFixture.start(engine);
  }, 60_000);
  afterAll(async () => fx?.close());

  const admin = () => fx.key('RegistryMSP', 'admin');
  const read = () => fx.request<LedgerConfig>('GET', '/api/v1/admin/registry-offices', { key: admin() });

  test('the admin reads the offices, gives 达川区 its own office, and the change is audited', async () => {
    const before = await read();
    expect(before.status).toBe(200);
    expect(before.body.offices.find((o) => o.code === '511700')?.districts).toEqual(['511702', '511703']);

    const offices = before.body.offices.map((o) => (o.code === '511700' ? { ...o, districts: ['511702'] } : o));
    offices.push({ code: '511703', issuerName: '达川区', registryName: '达州市达川区不动产登记中心', districts: ['511703'] });
    const changed = await fx.request<{ txId: string; record: LedgerConfig }>('POST', '/api/v1/admin/registry-offices', { key: admin(), body: { provinceAbbr: '川', offices } });
    expect(changed.status).toBe(201);
    expect(changed.body.record.configuredBy).toMatchObject({ msp: 'RegistryMSP', role: 'admin' });

    const after = await read();
    expect(after.body.offices.find((o) => o.code === '511703')).toMatchObject({ issuerName: '达川区', districts: ['511703'] });
    const audit = await fx.request<{ items: Array<{ kind: string; fn?: string; txId?: string }> }>('GET', '/api/v1/audit-log?kind=SUBMISSION&limit=50', { key: fx.key('RegistryMSP', 'auditor') });
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ fn: 'Admin:configure', txId: changed.body.txId })]));
  }, 120_000);

  test('a district served by two offices is refused at the edge, naming the rule, and nothing changes', async () => {
    const before = await read();
    const offices = [...before.body.offices, { code: '511799', issuerName: '试验区', registryName: '试验区不动产登记中心', districts: ['511702'] }];
    const res = await fx.request<{ error: { code: string; rule: string; message: string } }>('POST', '/api/v1/admin/registry-offices', { key: admin(), body: { provinceAbbr: '川', offices } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', rule: 'OFFICE_DISTRICT_REPEATED' });
    expect((await read()).body.offices).toEqual(before.body.offices);
  });

  test('leaving a district with units to no office is refused with 409 naming it; handing it to a new office in the same configuration is not', async () => {
    const [unit] = await new HttpScenario(fx).building(61, 1);
    const before = await read();
    const without = before.body.offices.filter((o) => !o.districts.includes('511702'));
    const refused = await fx.request<{ error: { code: string; field: string; message: string } }>('POST', '/api/v1/admin/registry-offices', { key: admin(), body: { provinceAbbr: '川', offices: without } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'DISTRICT_STILL_HELD', field: 'offices', message: expect.stringContaining('District 511702 would be served by no office') });
    expect((await read()).body.offices).toEqual(before.body.offices);

    const handedOver = [...without, { code: '511702', issuerName: '通川区', registryName: '达州市通川区不动产登记中心', districts: ['511702'] }];
    expect((await fx.request('POST', '/api/v1/admin/registry-offices', { key: admin(), body: { provinceAbbr: '川', offices: handedOver } })).status).toBe(201);
    const certNo = String((await new HttpScenario(fx).register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] })).certNo);
    expect(certNo).toContain('通川区不动产权第');
  }, 120_000);

  test('only the registry administrator may read or change them', async () => {
    const clerk = fx.key('RegistryMSP', 'clerk');
    expect((await fx.request('GET', '/api/v1/admin/registry-offices', { key: clerk })).status).toBe(403);
    const before = await read();
    expect((await fx.request('POST', '/api/v1/admin/registry-offices', { key: clerk, body: { provinceAbbr: '川', offices: before.body.offices } })).status).toBe(403);
  });
});

describe('removing an office on the ledger', () => {
  let ledger: LedgerFixture;
  beforeAll(async () => {
    ledger = await LedgerFixture.create();
  });
  afterAll(async () => ledger.close());

  test('is refused while certifications wait in its numbering queue, and allowed once they are numbered', async () => {
    const [unit] = await buildingWithUnits(ledger, 900, 1);
    const reg = await process(ledger, await apply(ledger, { type: 'FIRST', unitNumber: unit, applicants: [{ party: 'developer' }] }), 'RECORDED');
    await ledger.submit(ROLE.certifier, 'Registration:certify', { registrationId: reg.registrationId });
    const config = await ledger.evaluate<LedgerConfig>(ROLE.clerk, 'Admin:getConfig');
    // 511702 moves from the city office to its own; the city office, with the queued certification, is gone.
    const offices = [...config.offices.filter((o) => o.code !== '511700'), { code: '511702', issuerName: '通川区', registryName: '达州市通川区不动产登记中心', districts: ['511702', '511703'] }];
    const adminRole = { msp: 'RegistryMSP' as const, role: 'admin' };
    await expect(ledger.submit(adminRole, 'Admin:configure', { provinceAbbr: '川', offices })).rejects.toMatchObject({ code: 'INVALID_STATE', field: 'offices' });
    await ledger.submit(ROLE.certifier, 'Certificate:number', { office: '511700', registrationIds: [reg.registrationId] });
    await ledger.submit(adminRole, 'Admin:configure', { provinceAbbr: '川', offices });
    expect((await ledger.evaluate<LedgerConfig>(ROLE.clerk, 'Admin:getConfig')).offices.map((o) => o.code)).toContain('511702');
  });

  const adminRole = { msp: 'RegistryMSP' as const, role: 'admin' };
  const configure = (offices: LedgerConfig['offices']) => ledger.submit(adminRole, 'Admin:configure', { provinceAbbr: '川', offices });
  const offices = async () => (await ledger.evaluate<LedgerConfig>(ROLE.clerk, 'Admin:getConfig')).offices;

  test('a district left to no office is refused while it holds a building table, a unit or a registry unit; one holding nothing may go', async () => {
    await buildingWithUnits(ledger, 901, 1, { district: '511723' });
    await ledger.submit(ROLE.registrar, 'BuildingTable:declareRegistryUnits', { district: '511724', units: [{ unitNumber: unitNumber(902, 1, '511724'), location: '大竹县竹阳街道902号', area: '90.00' }] });
    const current = await offices();
    await expect(configure(current.filter((o) => o.code !== '511723'))).rejects.toMatchObject({ code: 'DISTRICT_STILL_HELD', field: 'offices', message: expect.stringMatching(/^District 511723 would be served by no office, but the ledger holds its building table P-\d+/) });
    await expect(configure(current.filter((o) => o.code !== '511724'))).rejects.toMatchObject({ code: 'DISTRICT_STILL_HELD', message: expect.stringContaining(`registry unit awaiting linkage ${unitNumber(902, 1, '511724')}`) });
    await configure(current.filter((o) => o.code !== '511725'));
    expect((await offices()).map((o) => o.code)).not.toContain('511725');
  });

  test('handed over to another office in the same configuration, the district is certified by that office', async () => {
    const [unit] = await buildingWithUnits(ledger, 903, 1, { district: '511781' });
    const current = await offices();
    await configure(current.filter((o) => o.code !== '511781').map((o) => (o.code === '511722' ? { ...o, districts: [...o.districts, '511781'] } : o)));
    const reg = await process(ledger, await apply(ledger, { type: 'FIRST', unitNumber: unit, applicants: [{ party: 'developer' }] }));
    expect(reg.certIssuer).toEqual({ office: '511722', name: '宣汉县不动产登记中心' });
    expect(reg.certNo).toMatch(/^川\(\d{4}\)宣汉县不动产权第\d{7}号$/);
  });
});
