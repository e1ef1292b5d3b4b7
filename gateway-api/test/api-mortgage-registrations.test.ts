import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { PEOPLE, hashOf, unitNumber } from './support/ledger-fixture';

const TERMS = { amount: '800000.00', maximumAmount: false, noTransfer: false, termStart: '2026-01-01', termEnd: '2046-01-01' };

describe.each(ENGINES)('mortgage registration types through HTTP (%s read model)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine);
    s = new HttpScenario(fx);
  }, 60_000);
  afterAll(async () => fx?.close());

  const apply = async (body: Record<string, unknown>) => {
    const registrationId = nextId('REG');
    const res = await fx.request<Record<string, unknown>>('POST', '/api/v1/registrations', { key: s.key('clerk'), body: { registrationId, documents: materials(body.type as 'MORTGAGE_CHANGE'), ...body } });
    expect(res.status).toBe(201);
    return registrationId;
  };

  test('a mortgage change: refused without the later mortgagee’s consent (409 naming the rule), issued with it, and the unit shows the new terms', async () => {
    const [unit] = await s.building(41, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['alice'] });
    const first = await s.register({ type: 'MORTGAGE', unitNumber: unit, applicants: ['alice'], mortgage: { ...TERMS, creditor: PEOPLE.bank } });
    const second = await s.register({ type: 'MORTGAGE', unitNumber: unit, applicants: ['alice'], mortgage: { ...TERMS, amount: '100000.00', creditor: PEOPLE.carol } });
    const change = { type: 'MORTGAGE_CHANGE', unitNumber: unit, applicants: [{ party: PEOPLE.alice }, { party: PEOPLE.bank }], targetRightId: first.rightId, mortgageChange: { amount: '950000.00', scope: '本金及利息', reason: '追加借款' } };

    const refused = await apply(change);
    const accept = await fx.request<{ error: { code: string; field: string } }>('POST', `/api/v1/registrations/${refused}/accept`, { key: s.key('clerk'), body: {} });
    expect(accept.status).toBe(409);
    expect(accept.body.error).toMatchObject({ code: 'LATER_MORTGAGEE_CONSENT_REQUIRED', field: 'consents' });
    await s.post('clerk', `/registrations/${refused}/withdraw`, { note: '补充后手抵押权人同意书' });

    const registrationId = await s.applyAndIssue({ ...change, consents: [{ rightId: second.rightId, documentHash: hashOf('后手抵押权人书面同意') }] });
    const reg = await s.get<{ status: string; mortgageChange: { amount: string }; rightId: string; certNo: string }>('clerk', `/registrations/${registrationId}`);
    expect(reg).toMatchObject({ status: 'ISSUED', mortgageChange: { amount: '950000.00' }, rightId: first.rightId });
    const view = await s.get<{ mortgages: Array<{ rightId: string; rank: number; amount: string; scope?: string }> }>('clerk', `/units/${unit}`);
    expect(view.mortgages.map((m) => [m.rank, m.amount, m.scope ?? null])).toEqual([[1, '950000.00', '本金及利息'], [2, '100000.00', null]]);
    const oldProof = await s.get<{ status: string }>('clerk', `/certificates/${encodeURIComponent(String(first.certNo))}`);
    expect(oldProof.status).toBe('SUPERSEDED');
  }, 180_000);

  test('a change naming no term is refused at the edge with the field and rule', async () => {
    const res = await fx.request<{ error: { code: string; field: string; rule: string } }>('POST', '/api/v1/registrations', {
      key: s.key('clerk'),
      body: { registrationId: nextId('REG'), type: 'MORTGAGE_CHANGE', unitNumber: unitNumber(41, 1), applicants: [{ party: PEOPLE.alice }], targetRightId: 'R-x', mortgageChange: { reason: '无' }, documents: [] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'mortgageChange.amount', rule: 'NOTHING_CHANGES' });
  });

  test('GET /business-types/MORTGAGE_CHANGE lists 细则 68’s materials', async () => {
    const res = await fx.request<{ name: string; certificate: string; timeLimitWorkingDays: number; requiredFields: string[]; materials: Array<{ type: string }> }>('GET', '/api/v1/business-types/MORTGAGE_CHANGE');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '抵押权变更登记', certificate: 'PROOF', timeLimitWorkingDays: 3, requiredFields: ['targetRightId', 'mortgageChange'] });
    expect(res.body.materials.map((m) => m.type)).toEqual(['APPLICATION_FORM', 'ID_DOCUMENT', 'TITLE_CERTIFICATE', 'REGISTRATION_PROOF', 'MORTGAGE_CHANGE_EVIDENCE']);
  });
});
