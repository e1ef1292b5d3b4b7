import { createHash } from 'node:crypto';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { MATERIALS_CHECKLIST } from '@estate-ledger/chaincode';
import { HttpScenario, nextId } from './support/http-scenario';
import { PEOPLE } from './support/ledger-fixture';
import { citizenToken, startTestIdp, type TestIdp } from './support/identity';

jest.setTimeout(180_000);

/** Scanned materials as a citizen's browser uploads them: real PDF and PNG headers, distinct bytes per file. */
const pdf = (label: string) => Buffer.concat([Buffer.from(`%PDF-1.7\n% ${label}\n`), Buffer.alloc(1500, 0x20), Buffer.from('\n%%EOF\n')]);
const png = (label: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(label)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function form(metadata: unknown, files: Array<[string, Buffer, string, string]>): FormData {
  const f = new FormData();
  if (metadata !== undefined) f.append('metadata', JSON.stringify(metadata));
  for (const [type, bytes, mediaType, name] of files) f.append(type, new Blob([new Uint8Array(bytes)], { type: mediaType }), name);
  return f;
}

describe.each(ENGINES)('online filing with materials (%s)', (engine) => {
  let idp: TestIdp;
  let fx: GatewayFixture;
  let s: HttpScenario;
  let alice: string;
  let bob: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    idp = await startTestIdp();
    fx = await GatewayFixture.start(engine, { ...idp.env, DOCUMENT_MAX_BYTES: String(64 * 1024) });
    s = new HttpScenario(fx);
    alice = await citizenToken(fx.url, 'alice');
    bob = await citizenToken(fx.url, 'bob');
  });
  afterAll(async () => {
    await fx.close();
    await idp.close();
  });

  /** A developer's new home sold to alice: first registered, contract filed, tax cleared. */
  async function soldToAlice(): Promise<{ unit: string; contractId: string; taxId: string }> {
    const [unit] = await s.building(Math.floor(Math.random() * 9000) + 100, 1);
    return { unit, ...(await s.soldTo('alice', unit)) };
  }

  it('a citizen files a transfer with files, supplies what the registry asks for, follows it to completion; another citizen sees none of it', async () => {
    const { unit, contractId, taxId } = await soldToAlice();
    // The TRANSFER checklist, the ID card photographed, the rest scanned (the tax voucher badly).
    const files = MATERIALS_CHECKLIST.TRANSFER.map((type): [string, Buffer, string, string] =>
      type === 'ID_DOCUMENT' ? [type, png(`alice ${type}`), 'image/png', `${type}.png`] : [type, pdf(type === 'TAX_VOUCHER' ? 'tax voucher, blurred' : `${type} of ${unit}`), 'application/pdf', `${type}.pdf`],
    );
    const filed = await fx.request<{ record: { applicationId: string; channel: string; materials: Array<{ type: string; sha256: string }> } }>('POST', '/api/v1/applicant/applications', {
      headers: bearer(alice), form: form({ businessType: 'TRANSFER', unitNumber: unit, contractId }, files),
    });
    expect(filed.status).toBe(201);
    const applicationId = filed.body.record.applicationId;
    expect(filed.body.record.channel).toBe('ONLINE');
    // The ledger holds each file's SHA-256; the store holds the bytes that hash to it.
    expect(filed.body.record.materials).toEqual(files.map(([type, bytes]) => ({ type, sha256: sha(bytes) })));
    for (const [, bytes] of files) {
      const got = await fx.request('GET', `/api/v1/applicant/documents/${sha(bytes)}`, { headers: bearer(alice) });
      expect(got.status).toBe(200);
      expect(sha(got.bytes)).toBe(sha(bytes));
      const staff = await fx.request('GET', `/api/v1/documents/${sha(bytes)}`, { key: s.key('clerk') });
      expect(sha(staff.bytes)).toBe(sha(bytes));
      expect((await fx.request('GET', `/api/v1/applicant/documents/${sha(bytes)}`, { headers: bearer(bob) })).status).toBe(404);
    }

    // The registry takes the case in and finds the voucher unreadable: 补正, naming the item.
    const registrationId = nextId('REG');
    await s.post('clerk', '/registrations', { registrationId, type: 'TRANSFER', unitNumber: unit, contractId, taxId, applicationId });
    await s.post('clerk', `/registrations/${registrationId}/request-supplement`, { note: '完税凭证不清晰，请重新上传', missing: ['TAX_VOUCHER'] });
    const waiting = await fx.request<{ awaiting: Array<{ from: string; materials?: string[] }> }>('GET', `/api/v1/applicant/applications/${applicationId}/progress`, { headers: bearer(alice) });
    expect(waiting.body.awaiting).toEqual([expect.objectContaining({ department: 'REGISTRY', from: 'APPLICANT', materials: ['TAX_VOUCHER'] })]);

    const wrong = await fx.request('POST', `/api/v1/applicant/applications/${applicationId}/supplement`, { headers: bearer(alice), form: form(undefined, [['ID_DOCUMENT', png('again'), 'image/png', 'id.png']]) });
    expect(wrong.body).toMatchObject({ error: { code: 'MATERIALS_INCOMPLETE' } });
    const voucher = pdf('tax voucher, sharp');
    const supplied = await fx.request('POST', `/api/v1/applicant/applications/${applicationId}/supplement`, { headers: bearer(alice), form: form(undefined, [['TAX_VOUCHER', voucher, 'application/pdf', '完税凭证-清晰.pdf']]) });
    expect(supplied.status).toBe(201);
    expect((await fx.request('GET', `/api/v1/applicant/documents/${sha(voucher)}`, { headers: bearer(alice) })).status).toBe(200);

    for (const [role, step, body] of [['clerk', 'accept', {}], ['reviewer', 'review', { decision: 'APPROVE' }], ['registrar', 'record', {}], ['certifier', 'certify', {}], ['certifier', 'issue', {}]] as const) {
      await s.post(role, `/registrations/${registrationId}/${step}`, body);
    }
    const mine = await fx.request<{ items: Array<{ applicationId: string; awaiting: unknown[]; departments: { registry: Array<{ status: string }> } }> }>('GET', '/api/v1/applicant/applications', { headers: bearer(alice) });
    const done = mine.body.items.find((i) => i.applicationId === applicationId);
    expect(done?.departments.registry.map((r) => r.status)).toEqual(['ISSUED']);

    // Bob is no party: none of it is his.
    expect((await fx.request<{ items: unknown[] }>('GET', '/api/v1/applicant/applications', { headers: bearer(bob) })).body.items).toEqual([]);
    expect((await fx.request('GET', `/api/v1/applicant/applications/${applicationId}/progress`, { headers: bearer(bob) })).status).toBe(404);
    expect((await fx.request('POST', `/api/v1/applicant/applications/${applicationId}/withdraw`, { headers: bearer(bob), body: { reason: '不要了' } })).status).toBe(404);
    // Nor may he file for alice's contract.
    const notHis = await fx.request('POST', '/api/v1/applicant/applications', { headers: bearer(bob), form: form({ businessType: 'TRANSFER', unitNumber: unit, contractId }, files) });
    expect(notHis.body).toMatchObject({ error: { code: 'NOT_AN_APPLICANT' } });
  });

  it('refuses a file over the limit and a file that is not what it claims, keeping nothing', async () => {
    const { unit, contractId } = await soldToAlice();
    const big = Buffer.concat([pdf('big'), Buffer.alloc(70 * 1024, 0x20)]);
    const tooLarge = await fx.request('POST', '/api/v1/applicant/applications', { headers: bearer(alice), form: form({ businessType: 'TRANSFER', unitNumber: unit, contractId }, [['SALE_CONTRACT', big, 'application/pdf', 'c.pdf']]) });
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'DOCUMENT_TOO_LARGE', field: 'SALE_CONTRACT' } } });
    const exe = Buffer.from('MZ\x90\x00 not a scan');
    const disguised = await fx.request('POST', '/api/v1/applicant/applications', { headers: bearer(alice), form: form({ businessType: 'TRANSFER', unitNumber: unit, contractId }, [['SALE_CONTRACT', exe, 'application/pdf', 'c.pdf']]) });
    expect(disguised).toMatchObject({ status: 415, body: { error: { code: 'DOCUMENT_TYPE_NOT_ACCEPTED', field: 'SALE_CONTRACT' } } });
    expect((await fx.request('GET', `/api/v1/applicant/documents/${sha(exe)}`, { headers: bearer(alice) })).status).toBe(404);
  });

  it("a bank files one mortgage over several units online with its files, within its account's business types and districts", async () => {
    const units = await s.building(Math.floor(Math.random() * 9000) + 100, 2);
    for (const unit of units) await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const admin = fx.key('RegistryMSP', 'admin');
    const { apiKey: bank } = (await fx.request<{ apiKey: string }>('POST', '/api/v1/admin/channels', { key: admin, body: { name: `建行达州分行 ${nextId('B')}`, channelType: 'bank', businessTypes: ['MORTGAGE'], districts: ['511702'] } })).body;
    const files = MATERIALS_CHECKLIST.MORTGAGE.map((type): [string, Buffer, string, string] => [type, pdf(`${type} for ${units.join(' ')}`), 'application/pdf', `${type}.pdf`]);
    // The owner mortgages both units to the bank: both apply (共同申请).
    const mortgage = { businessType: 'MORTGAGE', unitNumber: units[0], additionalUnits: [units[1]], applicants: [PEOPLE.developer, PEOPLE.bank] };

    const filed = await fx.request<{ record: { applicationId: string; unitNumber: string; additionalUnits?: string[]; channel: string } }>('POST', '/api/v1/applicant/applications', { key: bank, form: form(mortgage, files) });
    expect(filed.status).toBe(201);
    expect(filed.body.record).toMatchObject({ unitNumber: units[0], additionalUnits: [units[1]] });
    const mine = await fx.request<{ items: Array<{ applicationId: string }> }>('GET', '/api/v1/applicant/applications', { key: bank });
    expect(mine.body.items.map((c) => c.applicationId)).toContain(filed.body.record.applicationId);

    // A business type its account is not granted, a unit outside its districts, and several units on anything but a mortgage.
    const transfer = await fx.request('POST', '/api/v1/applicant/applications', { key: bank, form: form({ ...mortgage, businessType: 'TRANSFER', additionalUnits: undefined }, files) });
    expect(transfer).toMatchObject({ status: 403, body: { error: { code: 'BUSINESS_TYPE_NOT_GRANTED', field: 'businessType' } } });
    const elsewhere = await fx.request('POST', '/api/v1/applicant/applications', { key: bank, form: form({ ...mortgage, additionalUnits: [`510104${units[1].slice(6)}`] }, files) });
    expect(elsewhere).toMatchObject({ status: 403, body: { error: { code: 'OUTSIDE_DISTRICT' } } });
    const severalTransfer = await fx.request('POST', '/api/v1/applicant/applications', { key: bank, form: form({ ...mortgage, businessType: 'TRANSFER' }, files) });
    expect(severalTransfer).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', field: 'additionalUnits', rule: 'MORTGAGE_ONLY' } } });
  });

  it('a citizen applies as a party of the sale contract: naming other applicants is refused', async () => {
    const { unit, contractId } = await soldToAlice();
    const files = MATERIALS_CHECKLIST.TRANSFER.map((type): [string, Buffer, string, string] => [type, pdf(`${type} for ${unit}`), 'application/pdf', `${type}.pdf`]);
    const named = await fx.request('POST', '/api/v1/applicant/applications', { headers: bearer(alice), form: form({ businessType: 'TRANSFER', unitNumber: unit, contractId, applicants: [PEOPLE.carol] }, files) });
    expect(named).toMatchObject({ status: 403, body: { error: { code: 'NOT_AN_APPLICANT', field: 'applicants' } } });
  });

  it('a citizen withdraws an application before recording', async () => {
    const { unit, contractId } = await soldToAlice();
    const files = MATERIALS_CHECKLIST.TRANSFER.map((type): [string, Buffer, string, string] => [type, pdf(`${type} for ${unit}, to be withdrawn`), 'application/pdf', `${type}.pdf`]);
    const filed = await fx.request<{ record: { applicationId: string } }>('POST', '/api/v1/applicant/applications', { headers: bearer(alice), form: form({ businessType: 'TRANSFER', unitNumber: unit, contractId }, files) });
    const id = filed.body.record.applicationId;
    const withdrawn = await fx.request<{ record: { status: string } }>('POST', `/api/v1/applicant/applications/${id}/withdraw`, { headers: bearer(alice), body: { reason: '买卖双方协商解除' } });
    expect(withdrawn.body.record.status).toBe('WITHDRAWN');
    expect((await fx.request<{ awaiting: unknown[] }>('GET', `/api/v1/applicant/applications/${id}/progress`, { headers: bearer(alice) })).body.awaiting).toEqual([]);
  });
});
