import { materialRequirements } from '@estate-ledger/chaincode';
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
    const change = { type: 'MORTGAGE_CHANGE' as const, unitNumber: unit, applicants: [{ party: PEOPLE.alice }, { party: PEOPLE.bank }], targetRightId: first.rightId, mortgageChange: { amount: '950000.00', scope: '本金及利息', reason: '追加借款' } };

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

  test('a mortgage advance notice on a presale home, then the buyer’s transfer, then its conversion into the mortgage', async () => {
    const [unit] = await s.building(42, 1);
    const contractId = nextId('HT');
    await s.post('filing', '/contracts', {
      contractId, kind: 'COMMODITY', unitNumber: unit, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: PEOPLE.alice }], buyerCoOwnership: 'SOLE', price: '1280000.00',
    });
    await s.post('filing', `/contracts/${contractId}/file`, {});
    const purchase = await s.get<{ rightId: string }>('clerk', `/registrations/${await s.applyAndIssue({ type: 'NOTICE', unitNumber: unit, applicants: [{ party: PEOPLE.alice }], contractId })}`);
    const pre = await s.get<{ rightId: string; status: string; certNo: string }>('clerk', `/registrations/${await s.applyAndIssue({
      type: 'MORTGAGE_NOTICE', unitNumber: unit, applicants: [{ party: PEOPLE.alice }], targetRightId: purchase.rightId, mortgage: { ...TERMS, creditor: PEOPLE.bank },
    })}`);
    expect(pre.status).toBe('ISSUED');
    const presale = await s.get<{ notices: Array<{ rightId: string; holders: Array<{ name: string }>; mortgage?: { basedOn: string; mortgagors: Array<{ name: string }>; terms: { amount: string } } }> }>('clerk', `/units/${unit}`);
    expect(presale.notices.find((n) => n.rightId === pre.rightId)).toMatchObject({
      holders: [{ name: '中国建设银行达州分行' }], mortgage: { basedOn: purchase.rightId, mortgagors: [{ name: '张三丰' }], terms: { amount: TERMS.amount } },
    });

    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const taxId = nextId('TAX');
    await s.post('assessor', '/tax-assessments', { taxId, contractId, items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1280000.00', rate: '1.5', amount: '19200.00' }] });
    await s.post('assessor', `/tax-assessments/${taxId}/clear`, { voucherHash: hashOf(`voucher:${taxId}`) });
    expect(await s.register({ type: 'TRANSFER', unitNumber: unit, applicants: ['developer', 'alice'], contractId, taxId })).toMatchObject({ status: 'ISSUED' });

    const documents = materialRequirements('MORTGAGE', 'CONVERSION').map((m) => ({ type: m.type, sha256: hashOf(`conversion:${m.type}`) }));
    const conversion = await s.get<{ rightId: string; status: string; mortgage: { amount: string } }>('clerk', `/registrations/${await s.applyAndIssue({
      type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: PEOPLE.alice }], targetRightId: pre.rightId, documents,
    })}`);
    expect(conversion).toMatchObject({ status: 'ISSUED', mortgage: { amount: TERMS.amount } });
    const owned = await s.get<{ notices: unknown[]; mortgages: Array<{ rightId: string; creditor: { name: string } }>; flags: { advanceNotice: boolean; mortgaged: boolean } }>('clerk', `/units/${unit}`);
    expect(owned).toMatchObject({ notices: [], mortgages: [{ rightId: conversion.rightId, creditor: { name: '中国建设银行达州分行' } }], flags: { advanceNotice: false, mortgaged: true } });
    expect(await s.get<{ status: string }>('clerk', `/certificates/${encodeURIComponent(pre.certNo)}`)).toMatchObject({ status: 'SUPERSEDED' });
  }, 240_000);

  test('GET /business-types serves the mortgage notice and the conversion checklist of a mortgage', async () => {
    const notice = await fx.request<{ name: string; requiredFields: string[]; materials: Array<{ type: string }> }>('GET', '/api/v1/business-types/MORTGAGE_NOTICE');
    expect(notice.body).toMatchObject({ name: '预购商品房抵押权预告登记（预抵押）', requiredFields: ['targetRightId', 'mortgage'] });
    expect(notice.body.materials.map((m) => m.type)).toEqual(['APPLICATION_FORM', 'ID_DOCUMENT', 'LOAN_CONTRACT', 'MORTGAGE_CONTRACT', 'REGISTRATION_PROOF']);
    const mortgage = await fx.request<{ variants: Array<{ variant: string; materials: Array<{ type: string }> }> }>('GET', '/api/v1/business-types/MORTGAGE');
    expect(mortgage.body.variants.find((v) => v.variant === 'CONVERSION')?.materials.map((m) => m.type)).toEqual(['APPLICATION_FORM', 'ID_DOCUMENT', 'TITLE_CERTIFICATE', 'REGISTRATION_PROOF']);
  });

  test('GET /business-types/MORTGAGE_CHANGE lists 细则 68’s materials', async () => {
    const res = await fx.request<{ name: string; certificate: string; timeLimitWorkingDays: number; requiredFields: string[]; materials: Array<{ type: string }> }>('GET', '/api/v1/business-types/MORTGAGE_CHANGE');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '抵押权变更登记', certificate: 'PROOF', timeLimitWorkingDays: 3, requiredFields: ['targetRightId', 'mortgageChange'] });
    expect(res.body.materials.map((m) => m.type)).toEqual(['APPLICATION_FORM', 'ID_DOCUMENT', 'TITLE_CERTIFICATE', 'REGISTRATION_PROOF', 'MORTGAGE_CHANGE_EVIDENCE']);
  });
});
