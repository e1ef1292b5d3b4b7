import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, nextId } from './support/http-scenario';
import { DISTRICT, PEOPLE, unitNumber } from './support/ledger-fixture';

type Queue = { total: number; items: Array<{ houseCode: string; status: string; candidates: Array<{ unitNumber: string; score: number }> }> };

const BASE = '达州市通川区滨江路18号天悦府';
const household = (projectId: string, n: number, floor: number, room: string, location: string, area = '98.50') => ({
  houseCode: `HC-${projectId}-${n}`, floor, room, location, use: '住宅', structure: '钢筋混凝土', areas: { building: area, inner: '80.20', shared: String((Number(area) - 80.2).toFixed(2)) },
});
const unit = (unitNumber: string, floor: number, room: string, location: string, area = '98.50') => ({ unitNumber, district: DISTRICT, location, floor, room, area });

describe.each(ENGINES)('linkage at scale through the API (%s read model)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;
  let projectId: string;
  const code = (n: number) => `HC-${projectId}-${n}`;
  const U = { a: unitNumber(61, 101), b: unitNumber(61, 102), c: unitNumber(61, 301), d: unitNumber(62, 301), e: unitNumber(63, 401) };

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine);
    s = new HttpScenario(fx);
    projectId = nextId('P');
    await s.post('surveyor', '/projects', {
      projectId, name: '天悦府', district: DISTRICT, developer: PEOPLE.developer, presalePermit: '达住建预售字(2025)第061号',
      buildings: [{ buildingId: 'B61', name: '1幢', households: [
        household(projectId, 1, 1, '101', `${BASE}1幢1单元101室`),
        household(projectId, 2, 1, '102', `${BASE}一栋一单元102号`),
        // Two households described alike: neither is linked without a clerk.
        household(projectId, 3, 3, '301', `${BASE}1幢1单元301室`),
        household(projectId, 4, 3, '301', `${BASE}1幢1单元301室`),
        household(projectId, 5, 4, '401', `${BASE}1幢1单元401室`),
      ] }],
    });
  }, 120_000);
  afterAll(async () => fx?.close());

  test('a run links the sure matches on the ledger and queues the rest with candidates and scores', async () => {
    const units = [
      unit(U.a, 1, '101', `${BASE}1幢1单元101室`),
      unit(U.b, 1, '102', `${BASE}1号楼1单元102室`),
      unit(U.c, 3, '301', `${BASE}1幢1单元301室`),
      unit(U.d, 3, '301', `${BASE}2幢1单元301室`),
      unit(U.e, 4, '401', '达州市通川区凤凰大道9号锦绣苑3幢2单元401室', '120.00'),
    ];
    expect((await fx.request('POST', `/api/v1/projects/${projectId}/linkage/run`, { key: s.key('clerk'), body: { units } })).status).toBe(403);
    const run = await s.post('registrar', `/projects/${projectId}/linkage/run`, { units });
    expect(run).toMatchObject({ projectId, considered: 5, autoLinked: 2, queued: 3, rate: { households: 5, linked: 2, autoLinked: 2, queued: 3, rate: 0.4 } });
    expect(await s.get('clerk', `/households/${encodeURIComponent(code(1))}`)).toMatchObject({ unitNumber: U.a });

    const queue = await s.get<Queue>('clerk', `/projects/${projectId}/linkage/queue?limit=2`);
    expect(queue.total).toBe(3);
    expect(queue.items.map((p) => p.houseCode)).toEqual([code(3), code(4)]);
    expect(queue.items[0].candidates.map((c) => c.unitNumber)).toEqual([U.c, U.d]);
    expect(queue.items[0].candidates[0].score).toBeGreaterThan(queue.items[0].candidates[1].score);
    expect((await s.get<Queue>('clerk', `/projects/${projectId}/linkage/queue?offset=2`)).items.map((p) => p.houseCode)).toEqual([code(5)]);
  }, 120_000);

  test('a clerk confirms, picks another candidate or rejects; links go through the ledger', async () => {
    expect(await s.post('registrar', `/linkage/${encodeURIComponent(code(3))}/decision`, { decision: 'CONFIRM' })).toMatchObject({ status: 'CONFIRMED', unitNumber: U.c });
    const wrong = await fx.request<{ error: { code: string; field: string } }>('POST', `/api/v1/linkage/${encodeURIComponent(code(4))}/decision`, { key: s.key('registrar'), body: { decision: 'PICK', unitNumber: U.e } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'unitNumber', rule: 'LINKAGE_CANDIDATE' });
    expect(await s.post('registrar', `/linkage/${encodeURIComponent(code(4))}/decision`, { decision: 'PICK', unitNumber: U.d })).toMatchObject({ status: 'PICKED', unitNumber: U.d });
    expect(await s.post('registrar', `/linkage/${encodeURIComponent(code(5))}/decision`, { decision: 'REJECT', reason: '地址与登记簿不符，待实地核查' })).toMatchObject({ status: 'REJECTED', unitNumber: null, reason: '地址与登记簿不符，待实地核查' });
    const again = await fx.request<{ error: { code: string } }>('POST', `/api/v1/linkage/${encodeURIComponent(code(3))}/decision`, { key: s.key('registrar'), body: { decision: 'CONFIRM' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'LINKAGE_ALREADY_DECIDED']);
    expect(await s.get('clerk', `/households/${encodeURIComponent(code(4))}`)).toMatchObject({ unitNumber: U.d });
  }, 120_000);

  test('the rate counts linked households per project, and a rerun leaves rejected households to the clerk', async () => {
    const rate = { projectId, households: 5, linked: 4, autoLinked: 2, confirmed: 2, queued: 0, rejected: 1, rate: 0.8, registryUnitsAwaiting: 0 };
    expect(await s.get('clerk', `/projects/${projectId}/linkage/rate`)).toEqual(rate);
    const rerun = await s.post('registrar', `/projects/${projectId}/linkage/run`, { units: [unit(U.e, 4, '401', `${BASE}1幢1单元401室`)] });
    expect(rerun).toMatchObject({ considered: 0, autoLinked: 0, queued: 0, rate });
    expect((await fx.request('GET', `/api/v1/projects/NOPE-1/linkage/rate`, { key: s.key('clerk') })).status).toBe(404);
  }, 60_000);

  test('a run without a unit list links against the registry units declared on the ledger; the read model keeps those not yet linked', async () => {
    const JX = '达州市通川区凤凰大道9号锦绣苑';
    const other = nextId('P');
    const at = (n: number) => `HC-${other}-${n}`;
    await s.post('surveyor', '/projects', {
      projectId: other, name: '锦绣苑', district: DISTRICT, developer: PEOPLE.developer, presalePermit: '达住建预售字(2025)第064号',
      buildings: [{ buildingId: 'B64', name: '4幢', households: [
        household(other, 1, 2, '201', `${JX}4栋2单元201室`),
        household(other, 2, 2, '202', `${JX}四幢二单元202号`),
        household(other, 3, 5, '501', `${JX}4幢2单元501室`),
      ] }],
    });
    const V = { a: unitNumber(64, 201), b: unitNumber(64, 202), c: unitNumber(64, 501), d: unitNumber(65, 501) };
    const declared = {
      district: DISTRICT,
      units: [
        { unitNumber: V.a, location: `${JX}4幢2单元201室`, building: '4幢', floor: 2, room: '201', area: '98.50', source: { batchId: 'DZ-2026-01', legacyId: 'DY-0201' } },
        { unitNumber: V.b, location: `${JX}4号楼2单元202室`, floor: 2, room: '202', area: '98.50' },
        { unitNumber: V.c, location: `${JX}4幢2单元501室`, floor: 5, room: '501', area: '98.50' },
        { unitNumber: V.d, location: `${JX}5幢2单元501室`, floor: 5, room: '501', area: '98.50' },
      ],
    };
    expect((await fx.request('POST', '/api/v1/registry-units', { key: s.key('clerk'), body: declared })).status).toBe(403);
    const foreign = await fx.request<{ error: { code: string; field: string; rule: string } }>('POST', '/api/v1/registry-units', {
      key: s.key('registrar'), body: { district: DISTRICT, units: [{ ...declared.units[0], unitNumber: unitNumber(64, 201, '511703') }] },
    });
    expect([foreign.status, foreign.body.error.field, foreign.body.error.rule]).toEqual([400, 'units.0.unitNumber', 'UNIT_NUMBER_DISTRICT']);
    await s.post('registrar', '/registry-units', declared);
    expect(await s.get('clerk', `/projects/${other}/linkage/rate`)).toMatchObject({ households: 3, linked: 0, registryUnitsAwaiting: 4 });

    const run = await s.post('registrar', `/projects/${other}/linkage/run`, {});
    expect(run).toMatchObject({ considered: 3, autoLinked: 3, queued: 0, rate: { households: 3, linked: 3, rate: 1, registryUnitsAwaiting: 1 } });
    expect(await s.get('clerk', `/households/${encodeURIComponent(at(1))}`)).toMatchObject({ unitNumber: V.a });
    expect(await s.get('clerk', `/households/${encodeURIComponent(at(2))}`)).toMatchObject({ unitNumber: V.b });
    expect(await s.get('clerk', `/households/${encodeURIComponent(at(3))}`)).toMatchObject({ unitNumber: V.c });

    const again = await fx.request<{ error: { code: string; field: string } }>('POST', '/api/v1/registry-units', { key: s.key('registrar'), body: { district: DISTRICT, units: [declared.units[2]] } });
    expect([again.status, again.body.error.code, again.body.error.field]).toEqual([409, 'ALREADY_EXISTS', 'units.0.unitNumber']);
    await s.post('registrar', `/households/${encodeURIComponent(at(3))}/unlink`, { reason: '挂接错误，单元号应为5幢' });
    expect(await s.get('clerk', `/projects/${other}/linkage/rate`)).toMatchObject({ households: 3, linked: 2, registryUnitsAwaiting: 2 });
  }, 120_000);
});
