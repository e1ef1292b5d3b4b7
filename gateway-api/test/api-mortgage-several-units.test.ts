import { PEOPLE } from './support/ledger-fixture';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, materials } from './support/http-scenario';

jest.setTimeout(300_000);

/**
 * 一个抵押权多个不动产单元 through HTTP: a registry counter's POST /registrations and a bank's batch
 * item both name several units, and get one case, one right on every unit and one proof.
 */
describe.each(ENGINES)('one mortgage over several units through the HTTP API (%s)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;
  let building = 810;
  const terms = { creditor: PEOPLE.bank, amount: '2400000.00', maximumAmount: false, noTransfer: false, termStart: '2026-01-01', termEnd: '2046-01-01' };

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine);
    s = new HttpScenario(fx);
  });
  afterAll(() => fx.close());

  async function ownedUnits(count: number): Promise<string[]> {
    const units = await s.building(++building, count);
    for (const unit of units) await s.registerOnLedger({ type: 'FIRST', unitNumber: unit, applicants: ['alice'] });
    return units;
  }
  const mortgagesOf = async (unit: string) => (await s.get<{ mortgages: Array<{ rightId: string; units?: string[] }> }>('clerk', `/units/${unit}`)).mortgages;

  it('records one right on every unit, issues one proof listing them, and a cancellation on one unit ends it on all', async () => {
    const units = await ownedUnits(3);
    const registrationId = await s.applyAndIssue({ type: 'MORTGAGE', unitNumber: units[0], additionalUnits: units.slice(1), applicants: [{ party: PEOPLE.alice }], mortgage: terms });
    const reg = await s.get<{ status: string; rightId: string; certNo: string; additionalUnits: string[] }>('clerk', `/registrations/${registrationId}`);
    expect(reg).toMatchObject({ status: 'ISSUED', additionalUnits: units.slice(1) });
    for (const unit of units) expect(await mortgagesOf(unit)).toEqual([expect.objectContaining({ rightId: reg.rightId, units })]);
    const document = JSON.parse((await s.certificateFile(reg.certNo)).toString('utf8')) as { kind: string; right: { units: string[] } };
    expect(document).toMatchObject({ kind: 'PROOF', right: { units } });
    const pdf = await s.certificatePdf(reg.certNo);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const cancellation = `REG-C-${engine}`;
    await s.post('clerk', '/registrations', { registrationId: cancellation, type: 'MORTGAGE_CANCELLATION', unitNumber: units[2], targetRightId: reg.rightId, applicants: [{ party: PEOPLE.alice }, { party: PEOPLE.bank }], documents: materials('MORTGAGE_CANCELLATION') });
    for (const step of ['accept', 'review', 'record']) await s.post(step === 'review' ? 'reviewer' : step === 'record' ? 'registrar' : 'clerk', `/registrations/${cancellation}/${step}`, step === 'review' ? { decision: 'APPROVE' } : {});
    for (const unit of units) expect(await mortgagesOf(unit)).toEqual([]);
    expect(await s.get('clerk', `/certificates/${encodeURIComponent(reg.certNo)}`)).toMatchObject({ status: 'CANCELLED' });
  });

  it('refuses the whole registration when one of the units is seized, naming that unit (400-class with field and code)', async () => {
    const units = await ownedUnits(3);
    await s.seize(units[1]);
    const registrationId = `REG-S-${engine}`;
    await s.post('clerk', '/registrations', { registrationId, type: 'MORTGAGE', unitNumber: units[0], additionalUnits: units.slice(1), applicants: [{ party: PEOPLE.alice }], mortgage: terms, documents: materials('MORTGAGE') });
    const res = await fx.request<{ error: Record<string, unknown> }>('POST', `/api/v1/registrations/${registrationId}/accept`, { key: s.key('clerk'), body: {} });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'UNIT_SEIZED', field: 'additionalUnits.0', message: expect.stringContaining(units[1]) });
    for (const unit of units) expect(await mortgagesOf(unit)).toEqual([]);
  });

  it('refuses several units on another business type at the edge, naming the field and rule', async () => {
    const units = await ownedUnits(2);
    const res = await fx.request<{ error: Record<string, unknown> }>('POST', '/api/v1/registrations', {
      key: s.key('clerk'),
      body: { registrationId: `REG-X-${engine}`, type: 'CHANGE', unitNumber: units[0], additionalUnits: [units[1]], applicants: [{ party: PEOPLE.alice }], change: { reason: '门牌调整' }, documents: materials('CHANGE') },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'additionalUnits', rule: 'MORTGAGE_ONLY' });
  });

  it("takes a bank batch item over several units as one registration; a seized unit refuses only its item, naming the unit", async () => {
    const units = await ownedUnits(5);
    await s.seize(units[4]);
    const created = await fx.request<{ apiKey: string }>('POST', '/api/v1/admin/channels', {
      key: fx.key('RegistryMSP', 'admin'), body: { name: `建设银行达州分行 ${engine}`, channelType: 'bank', businessTypes: ['MORTGAGE', 'MORTGAGE_CANCELLATION'], districts: ['511702'] },
    });
    expect(created.status).toBe(201);
    const item = (itemKey: string, [first, ...others]: string[]) => ({
      itemKey, registration: { type: 'MORTGAGE', unitNumber: first, additionalUnits: others, applicants: [{ party: PEOPLE.alice }], mortgage: terms, documents: materials('MORTGAGE') },
    });
    const posted = await fx.request<{ batch: { batchId: string } }>('POST', '/api/v1/channel/batches', {
      key: created.body.apiKey, body: { idempotencyKey: `several-${engine}`, items: [item('three', units.slice(0, 3)), item('two', units.slice(3, 5))] },
    });
    expect(posted.status).toBe(202);
    let items: Array<{ itemKey: string; status: string; code: string | null; message: string | null; registrationId: string }> = [];
    for (let i = 0; i < 600; i++) {
      const page = await fx.request<{ items: typeof items }>('GET', `/api/v1/channel/batches/${posted.body.batch.batchId}/items?limit=10`, { key: created.body.apiKey });
      expect(page.status).toBe(200);
      items = page.body.items;
      if (items.every((x) => x.status !== 'PENDING')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const three = items.find((x) => x.itemKey === 'three');
    expect(three).toMatchObject({ status: 'RECORDED' });
    expect(items.find((x) => x.itemKey === 'two')).toMatchObject({ status: 'REFUSED', code: 'UNIT_SEIZED', message: expect.stringContaining(units[4]) });
    const rightId = `R-${three?.registrationId}`;
    // The worker records on the ledger; the read model shows it once the block is projected.
    for (const unit of units.slice(0, 3)) {
      let mortgages = await mortgagesOf(unit);
      for (let i = 0; i < 100 && mortgages.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        mortgages = await mortgagesOf(unit);
      }
      expect(mortgages).toEqual([expect.objectContaining({ rightId, units: units.slice(0, 3) })]);
    }
    for (const unit of units.slice(3)) expect(await mortgagesOf(unit)).toEqual([]);
  });
});
