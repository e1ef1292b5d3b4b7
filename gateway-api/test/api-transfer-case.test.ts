import { createHash } from 'node:crypto';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(ENGINES)('a one-window transfer through HTTP alone (%s read model)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine);
    s = new HttpScenario(fx);
  }, 60_000);
  afterAll(async () => fx?.close());

  test('goes from application to issued certificate, and verify-by-hash follows the register', async () => {
    const [unit] = await s.building(1, 2);
    const first = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    expect(first.status).toBe('ISSUED');
    const oldCert = String(first.certNo);
    const oldFile = await s.certificateFile(oldCert);
    expect(sha256(oldFile)).toBe(first.certHash);

    const verifyOld = await fx.request('GET', `/api/v1/verify/${sha256(oldFile)}`);
    expect(verifyOld.body).toMatchObject({ outcome: 'VALID', certNo: oldCert, unitNumber: unit });

    const { applicationId, registration } = await s.transfer(unit, ['developer'], ['alice']);
    expect(registration).toMatchObject({ status: 'ISSUED', type: 'TRANSFER' });
    const newCert = String(registration.certNo);
    const newFile = await s.certificateFile(newCert);

    const progress = await s.get<{ departments: { housing: Array<{ status: string }>; tax: Array<{ status: string }>; registry: Array<{ status: string; withinLimit: boolean }> } }>('clerk', `/applications/${applicationId}/progress`);
    expect(progress.departments.housing[0].status).toBe('CONSUMED');
    expect(progress.departments.tax[0].status).toBe('CLEARED');
    expect(progress.departments.registry[0]).toMatchObject({ status: 'ISSUED', withinLimit: true });

    expect((await fx.request('GET', `/api/v1/verify/${sha256(newFile)}`)).body).toMatchObject({ outcome: 'VALID', certNo: newCert });
    expect((await fx.request('GET', `/api/v1/verify/${sha256(oldFile)}`)).body).toMatchObject({ outcome: 'SUPERSEDED', certNo: oldCert, successor: newCert });

    // A seizure restricts the unit but does not change what the certificate states: VALID, with the seizure listed.
    await s.seize(unit);
    const seized = await fx.request<{ outcome: string; restrictions: string[]; currentFlags: { seized: boolean } }>('GET', `/api/v1/verify/${sha256(newFile)}`);
    expect(seized.body.outcome).toBe('VALID');
    expect(seized.body.restrictions).toEqual(['SEIZED']);
    expect(seized.body.currentFlags.seized).toBe(true);

    const tampered = Buffer.from(newFile);
    tampered[tampered.length - 2] ^= 1;
    expect((await fx.request('GET', `/api/v1/verify/${sha256(tampered)}`)).body).toMatchObject({ outcome: 'NOT_FOUND' });

    const status = await fx.request<{ flags: Record<string, boolean> }>('GET', `/api/v1/units/${unit}/status`);
    expect(status.status).toBe(200);
    expect(status.body.flags).toMatchObject({ registered: true, seized: true });
    expect(JSON.stringify(status.body)).not.toMatch(/张|alice|idNumber/);
  }, 120_000);

  test('shows names masked to a surveyor and in full to a clerk', async () => {
    const [unit] = await s.building(2, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    await s.transfer(unit, ['developer'], ['alice']);
    const forSurveyor = await fx.request<{ ownership: { holders: Array<{ party: { name: string; idNumber: string; masked: boolean } }> } }>('GET', `/api/v1/units/${unit}`, { key: fx.key('HousingMSP', 'surveyor') });
    expect(forSurveyor.body.ownership.holders[0].party).toMatchObject({ name: '张*丰', masked: true });
    expect(forSurveyor.body.ownership.holders[0].party.idNumber).toMatch(/^5117\*+\d{3}[\dX]$/);
    const forClerk = await s.get<{ ownership: { holders: Array<{ party: { name: string; masked: boolean } }> } }>('clerk', `/units/${unit}`);
    expect(forClerk.ownership.holders[0].party).toMatchObject({ name: '张三丰', masked: false });
  }, 120_000);

  test('serves restriction look-ups, history, title chain, statistics and the audit log', async () => {
    const [unit] = await s.building(6, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    await s.transfer(unit, ['developer'], ['alice']);
    await s.seize(unit);

    const byUnit = await s.get<{ houseCode: string; seizures: Array<{ status: string }>; flags: { seized: boolean } }>('clerk', `/restrictions?unitNumber=${unit}`);
    expect(byUnit.seizures[0].status).toBe('ACTIVE');
    const byHouse = await s.get<{ unitNumber: string }>('clerk', `/restrictions?houseCode=${encodeURIComponent(byUnit.houseCode)}`);
    expect(byHouse.unitNumber).toBe(unit);

    const history = await s.get<{ items: Array<{ eventType: string }>; nextCursor: string | null }>('clerk', `/units/${unit}/history?limit=5`);
    expect(history.items).toHaveLength(5);
    const rest = await s.get<{ items: Array<{ eventType: string }> }>('clerk', `/units/${unit}/history?limit=200&cursor=${history.nextCursor}`);
    expect([...history.items, ...rest.items].map((t) => t.eventType)).toContain('SEIZURE_RECORDED');

    const chain = await s.get<{ items: Array<{ holders: Array<{ party: { name: string } }>; successor: string | null }> }>('clerk', `/units/${unit}/title-chain`);
    expect(chain.items.map((t) => t.holders[0].party.name)).toEqual(['达州市滨江房地产开发有限公司', '张三丰']);

    const { today } = (await fx.request<{ today: string }>('GET', '/api/v1/time')).body;
    const stats = await fx.request<{ rows: Array<{ type: string; completed: number; withinLimit: number; limitDays: number }> }>('GET', `/api/v1/statistics?from=${today}&to=${today}&period=day`, { key: fx.key('RegistryMSP', 'auditor') });
    expect(stats.status).toBe(200);
    const transfer = stats.body.rows.find((r) => r.type === 'TRANSFER');
    expect(transfer).toMatchObject({ limitDays: 5 });
    expect(transfer?.withinLimit).toBe(transfer?.completed);

    const auditor = fx.key('RegistryMSP', 'auditor');
    const audit = await fx.request<{ items: Array<{ kind: string; fn?: string; txId?: string }> }>('GET', '/api/v1/audit-log?kind=SUBMISSION&limit=50', { key: auditor });
    expect(audit.status).toBe(200);
    expect(audit.body.items.some((e) => e.fn === 'Court:seize' && e.txId)).toBe(true);
    const csv = await fx.request<string>('GET', '/api/v1/audit-log.csv?kind=SUBMISSION', { key: auditor });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.body).toContain('Court:seize');
    const chainCheck = await fx.request<{ ok: boolean; checked: number }>('GET', '/api/v1/audit-log/verification', { key: auditor });
    expect(chainCheck.body.ok).toBe(true);
    expect(chainCheck.body.checked).toBeGreaterThan(0);
  }, 120_000);
});
