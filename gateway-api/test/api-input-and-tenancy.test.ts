import { GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { DISTRICT, PEOPLE, hashOf } from './support/ledger-fixture';

let fx: GatewayFixture;
let s: HttpScenario;
let unit: string;
let registrationId: string;

beforeAll(async () => {
  fx = await GatewayFixture.start('postgres');
  s = new HttpScenario(fx);
  [unit] = await s.building(3, 2);
  const reg = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
  registrationId = String(reg.registrationId);
}, 90_000);
afterAll(async () => fx?.close());

const contractBody = (overrides: Record<string, unknown>) => ({
  contractId: nextId('HT'), kind: 'STOCK', unitNumber: unit, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: PEOPLE.alice }],
  buyerCoOwnership: 'SOLE', price: '1280000.00', ...overrides,
});

type ErrorBody = { error: { code: string; field?: string; rule?: string; message: string; requestId: string } };

describe('bad input is refused with the field and a stable code, and nothing is written', () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['a unit number with a wrong 宗地 feature code', { unitNumber: `${DISTRICT}001002XX00011F00030001` }, 'unitNumber', 'VALIDATION_FAILED'],
    ['a unit number that is too short', { unitNumber: '5117020010' }, 'unitNumber', 'VALIDATION_FAILED'],
    ['a resident ID with a wrong check digit', { buyers: [{ party: { ...PEOPLE.alice, idNumber: PEOPLE.alice.idNumber.slice(0, 17) + (PEOPLE.alice.idNumber.endsWith('1') ? '2' : '1') } }] }, 'buyers.0.party.idNumber', 'VALIDATION_FAILED'],
    ['a credit code with a letter the code set excludes', { sellers: [{ party: { ...PEOPLE.developer, idNumber: '91350100M000100YI3' } }] }, 'sellers.0.party.idNumber', 'VALIDATION_FAILED'],
    ['an amount with three decimals', { price: '1280000.001' }, 'price', 'VALIDATION_FAILED'],
    ['a negative amount', { price: '-5.00' }, 'price', 'VALIDATION_FAILED'],
    ['an unknown field', { discount: '10' }, 'discount', 'VALIDATION_FAILED'],
  ];
  test.each(cases)('%s', async (_label, overrides, field, code) => {
    const before = await fx.gw.ledger.height();
    const res = await fx.request<ErrorBody>('POST', '/api/v1/contracts', { key: s.key('filing'), body: contractBody(overrides) });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code, field });
    expect(res.body.error.rule).toEqual(expect.any(String));
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
    expect(await fx.gw.ledger.height()).toBe(before);
  });

  test('an impossible date', async () => {
    const res = await fx.request<ErrorBody>('POST', '/api/v1/seizures', { key: s.key('enforcement'), body: { seizureId: nextId('SZ'), unitNumber: unit, caseNumber: '(2026)川1702执1号', documentHash: hashOf('x'), endDate: '2026-02-30' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'endDate' });
  });

  test('malformed JSON', async () => {
    const res = await fx.request<ErrorBody>('POST', '/api/v1/contracts', { key: s.key('filing'), raw: '{"contractId": ' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', rule: 'MALFORMED_JSON' });
  });

  test('an oversized body', async () => {
    const res = await fx.request<ErrorBody>('POST', '/api/v1/contracts', { key: s.key('filing'), raw: JSON.stringify({ pad: 'x'.repeat(2_000_000) }) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('BODY_TOO_LARGE');
  });

  test('a malformed path parameter and an unknown query parameter', async () => {
    const bad = await fx.request<ErrorBody>('GET', '/api/v1/units/12345/status');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('unitNumber');
    const unknown = await fx.request<ErrorBody>('GET', '/api/v1/registrations?colour=red', { key: s.key('clerk') });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('colour');
  });

  test('a ledger rule refusal is a 409 with the rule code and leaves no partial state', async () => {
    const before = await fx.gw.ledger.height();
    const res = await fx.request<ErrorBody>('POST', '/api/v1/contracts', { key: s.key('filing'), body: contractBody({ sellers: [{ party: PEOPLE.bob }] }) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NOT_REGISTERED_OWNER');
    expect(await fx.gw.ledger.height()).toBe(before);
  });

  test('a field the registration type requires is named in a 400', async () => {
    const res = await fx.request<ErrorBody>('POST', '/api/v1/registrations', {
      key: s.key('clerk'),
      body: { registrationId: nextId('REG'), type: 'TRANSFER', unitNumber: unit, applicants: [{ party: PEOPLE.developer }, { party: PEOPLE.alice }], documents: materials('TRANSFER') },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'contractId', rule: 'REQUIRED_FOR_TYPE' });
  });
});

test('injection strings are stored and returned verbatim, never executed', async () => {
  const reason = `'); DROP TABLE units; -- <script>alert(1)</script> $(rm -rf /) {{7*7}}`;
  const contractId = nextId('HT');
  await s.post('filing', '/contracts', contractBody({ contractId }));
  await s.post('filing', `/contracts/${contractId}/cancel`, { reason });
  const contract = await s.get<{ cancelReason: string; status: string }>('clerk', `/contracts/${contractId}`);
  expect(contract).toMatchObject({ status: 'CANCELLED', cancelReason: reason });
  const units = await s.get<{ items: unknown[] }>('clerk', '/units');
  expect(units.items.length).toBeGreaterThan(0);
});

describe('tenancy: staff see and act only in their own district', () => {
  const otherClerk = () => fx.key('RegistryMSP', 'clerk', '511703');

  test('a 511703 clerk cannot read a 511702 case or unit', async () => {
    expect((await fx.request('GET', `/api/v1/registrations/${registrationId}`, { key: otherClerk() })).status).toBe(404);
    expect((await fx.request('GET', `/api/v1/units/${unit}`, { key: otherClerk() })).status).toBe(404);
    const list = await fx.request<{ items: unknown[] }>('GET', '/api/v1/registrations', { key: otherClerk() });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect((await fx.request('GET', `/api/v1/registrations/${registrationId}`, { key: s.key('clerk') })).status).toBe(200);
  });

  test('a 511703 clerk cannot act on a 511702 case', async () => {
    const before = await fx.gw.ledger.height();
    const res = await fx.request<ErrorBody>('POST', `/api/v1/registrations/${registrationId}/withdraw`, { key: otherClerk(), body: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('OUTSIDE_DISTRICT');
    const apply = await fx.request<ErrorBody>('POST', '/api/v1/applications', {
      key: otherClerk(),
      body: { applicationId: nextId('YC'), businessType: 'TRANSFER', unitNumber: unit, applicants: [PEOPLE.alice], materials: materials('TRANSFER'), channel: '窗口' },
    });
    expect(apply.status).toBe(403);
    expect(await fx.gw.ledger.height()).toBe(before);
  });
});
