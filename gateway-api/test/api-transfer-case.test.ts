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

    await s.seize(unit);
    const outdated = await fx.request<{ outcome: string; currentFlags: { seized: boolean } }>('GET', `/api/v1/verify/${sha256(newFile)}`);
    expect(outdated.body.outcome).toBe('VALID_BUT_OUTDATED');
    expect(outdated.body.currentFlags.seized).toBe(true);

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
});
