import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedBaseUrl } from '../src/cli/demo-seed';
import { GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { DISTRICT, PEOPLE, hashOf, unitNumber } from './support/ledger-fixture';
import { householdsOf } from './support/scenario';

/** "Right at every edge": what a portal, an agency system or an operator meets at the API's edges. */

type ErrorBody = { error: { code: string; message: string; field?: string; rule?: string } };
interface BusinessType {
  type: string;
  timeLimitWorkingDays: number;
  departments: string[];
  requiredFields: string[];
  materials: Array<{ type: string; name: string; alternatives: Array<{ type: string }> }>;
  variants: Array<{ variant: string; when: string }>;
}
interface Progress {
  departments: { housing: Array<{ contractId: string; status: string }>; tax: Array<{ taxId: string; status: string }>; registry: Array<{ registrationId: string; status: string }> };
}

const VERIFY_CLI = join(__dirname, '..', 'dist', 'cli', 'ledger-verify.js');
const MAIN = join(__dirname, '..', 'dist', 'main.js');

let fx: GatewayFixture;
let s: HttpScenario;

beforeAll(async () => {
  fx = await GatewayFixture.start('postgres');
  s = new HttpScenario(fx);
}, 60_000);
afterAll(async () => fx?.close());

const taxItems = [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1280000.00', rate: '1.5', amount: '19200.00' }];

/** A filed stock contract and its cleared tax, neither naming an application. */
async function filedAndCleared(unit: string, sellers: Array<keyof typeof PEOPLE>, buyers: Array<keyof typeof PEOPLE>): Promise<{ contractId: string; taxId: string }> {
  const contractId = nextId('HT');
  await s.post('filing', '/contracts', {
    contractId, kind: 'STOCK', unitNumber: unit, sellers: sellers.map((p) => ({ party: PEOPLE[p] })), buyers: buyers.map((p) => ({ party: PEOPLE[p] })),
    buyerCoOwnership: buyers.length > 1 ? 'JOINT' : 'SOLE', price: '1280000.00',
  });
  await s.post('filing', `/contracts/${contractId}/file`, {});
  const taxId = nextId('TAX');
  await s.post('assessor', '/tax-assessments', { taxId, contractId, items: taxItems });
  await s.post('assessor', `/tax-assessments/${taxId}/clear`, { voucherHash: hashOf(`voucher:${taxId}`) });
  return { contractId, taxId };
}

/** Takes an applied registration to the given step with POSTs only. */
async function advance(registrationId: string, until: 'REVIEWED' | 'ISSUED'): Promise<void> {
  const step = `/registrations/${registrationId}`;
  await s.post('clerk', `${step}/accept`, {});
  await s.post('reviewer', `${step}/review`, { decision: 'APPROVE' });
  if (until === 'REVIEWED') return;
  await s.post('registrar', `${step}/record`, {});
  await s.post('certifier', `${step}/certify`, {});
  await s.post('certifier', `${step}/issue`, {});
}

describe('the business types are served with their materials, alternatives and time limits', () => {
  test('publicly, one list and one by one', async () => {
    const list = await fx.request<{ items: BusinessType[] }>('GET', '/api/v1/business-types');
    expect(list.status).toBe(200);
    const byType = Object.fromEntries(list.body.items.map((t) => [t.type, t]));
    expect(Object.keys(byType).sort()).toEqual(['CANCELLATION', 'CHANGE', 'CORRECTION', 'FIRST', 'MORTGAGE', 'MORTGAGE_CANCELLATION', 'MORTGAGE_CHANGE', 'MORTGAGE_NOTICE', 'MORTGAGE_TRANSFER', 'NOTICE', 'NOTICE_CANCELLATION', 'OBJECTION_CANCELLATION', 'RESIDENCE', 'TRANSFER']);
    expect(Object.fromEntries(list.body.items.map((t) => [t.type, t.timeLimitWorkingDays]))).toMatchObject({ MORTGAGE: 3, TRANSFER: 5, FIRST: 5, CANCELLATION: 5, MORTGAGE_CANCELLATION: 0 });
    expect(byType.TRANSFER).toMatchObject({ departments: ['HOUSING', 'TAX', 'REGISTRY'], requiredFields: ['contractId', 'taxId'] });
    expect(byType.TRANSFER.materials.find((m) => m.type === 'TAX_VOUCHER')?.alternatives.map((a) => a.type)).toEqual(['TAX_EXEMPTION']);

    const mortgage = await fx.request<BusinessType>('GET', '/api/v1/business-types/MORTGAGE');
    expect(mortgage.status).toBe(200);
    // reference/004 四: application form, identity, title, loan contract, mortgage contract (or a loan contract carrying the mortgage clause).
    expect(mortgage.body.materials.map((m) => m.type)).toEqual(['APPLICATION_FORM', 'ID_DOCUMENT', 'TITLE_CERTIFICATE', 'LOAN_CONTRACT', 'MORTGAGE_CONTRACT']);
    expect(mortgage.body.materials[4].alternatives.map((a) => a.type)).toEqual(['LOAN_CONTRACT_WITH_MORTGAGE_CLAUSE']);
    expect(mortgage.body.variants).toEqual([expect.objectContaining({ variant: 'MAXIMUM_AMOUNT', when: '最高额抵押' }), expect.objectContaining({ variant: 'CONVERSION', when: '预购商品房抵押权预告登记转为抵押权首次登记' })]);
    for (const t of list.body.items) expect(t.materials[0]).toMatchObject({ type: 'APPLICATION_FORM', name: '不动产登记申请书' });

    const unknown = await fx.request<ErrorBody>('GET', '/api/v1/business-types/SALE');
    expect({ status: unknown.status, code: unknown.body.error.code, field: unknown.body.error.field }).toEqual({ status: 400, code: 'VALIDATION_FAILED', field: 'type' });
  });

  test('an application with an incomplete checklist is refused at intake, naming what is missing; an accepted alternative completes it', async () => {
    const [unit] = await s.building(11, 1);
    const before = await fx.gw.ledger.height();
    const incomplete = materials('TRANSFER').filter((m) => m.type !== 'TAX_VOUCHER');
    const body = { applicationId: nextId('YC'), businessType: 'TRANSFER', unitNumber: unit, applicants: [PEOPLE.developer, PEOPLE.alice], materials: incomplete, channel: '政务大厅一窗' };
    const refused = await fx.request<ErrorBody>('POST', '/api/v1/applications', { key: s.key('clerk'), body });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'MATERIALS_INCOMPLETE', field: 'materials' });
    expect(refused.body.error.message).toContain('TAX_VOUCHER (or TAX_EXEMPTION)');
    expect(await fx.gw.ledger.height()).toBe(before);

    const exempted = [...incomplete, { type: 'TAX_EXEMPTION', sha256: hashOf('exemption') }];
    const created = await fx.request('POST', '/api/v1/applications', { key: s.key('clerk'), body: { ...body, materials: exempted } });
    expect(created.status).toBe(201);
  });
});

describe('one vocabulary of error codes', () => {
  const NONE = 'NOPE-1';
  const unknownUnit = unitNumber(99, 99);
  const unknownCert = '川(2026)达州市不动产权第0999999号';

  test('a missing record has the same code of its kind whether the read model or the chaincode misses it', async () => {
    const cases: Array<[string, string, Record<string, unknown> | undefined, string, string]> = [
      ['GET', `/units/${unknownUnit}`, undefined, 'clerk', 'UNIT_NOT_FOUND'],
      ['GET', `/units/${unknownUnit}/status`, undefined, 'clerk', 'UNIT_NOT_FOUND'],
      ['POST', '/seizures', { seizureId: nextId('SZ'), unitNumber: unknownUnit, caseNumber: '(2026)川1702执9号', documentHash: hashOf('sz') }, 'enforcement', 'UNIT_NOT_FOUND'],
      ['POST', '/applications', { applicationId: nextId('YC'), businessType: 'FIRST', unitNumber: unknownUnit, applicants: [PEOPLE.developer], materials: materials('FIRST'), channel: '窗口' }, 'clerk', 'UNIT_NOT_FOUND'],
      ['GET', `/registrations/${NONE}`, undefined, 'clerk', 'REGISTRATION_NOT_FOUND'],
      ['POST', `/registrations/${NONE}/accept`, {}, 'clerk', 'REGISTRATION_NOT_FOUND'],
      ['GET', `/applications/${NONE}`, undefined, 'clerk', 'APPLICATION_NOT_FOUND'],
      ['GET', `/applications/${NONE}/progress`, undefined, 'clerk', 'APPLICATION_NOT_FOUND'],
      ['POST', `/applications/${NONE}/withdraw`, { reason: '撤件' }, 'clerk', 'APPLICATION_NOT_FOUND'],
      ['GET', `/contracts/${NONE}`, undefined, 'clerk', 'CONTRACT_NOT_FOUND'],
      ['POST', `/contracts/${NONE}/file`, {}, 'filing', 'CONTRACT_NOT_FOUND'],
      ['POST', '/tax-assessments', { taxId: nextId('TAX'), contractId: NONE, items: taxItems }, 'assessor', 'CONTRACT_NOT_FOUND'],
      ['GET', `/tax-assessments/${NONE}`, undefined, 'clerk', 'TAX_ASSESSMENT_NOT_FOUND'],
      ['POST', `/tax-assessments/${NONE}/clear`, { voucherHash: hashOf('v') }, 'assessor', 'TAX_ASSESSMENT_NOT_FOUND'],
      ['GET', `/certificates/${encodeURIComponent(unknownCert)}`, undefined, 'clerk', 'CERTIFICATE_NOT_FOUND'],
      ['POST', `/certificates/${encodeURIComponent(unknownCert)}/revoke`, { reason: '错发' }, 'registrar', 'CERTIFICATE_NOT_FOUND'],
      ['GET', `/projects/${NONE}`, undefined, 'surveyor', 'PROJECT_NOT_FOUND'],
      ['GET', '/households/HC-NOPE-1', undefined, 'registrar', 'HOUSEHOLD_NOT_FOUND'],
      ['POST', '/households/HC-NOPE-1/link', { unitNumber: unknownUnit }, 'registrar', 'HOUSEHOLD_NOT_FOUND'],
      ['GET', '/blocks/999999', undefined, 'clerk', 'BLOCK_NOT_FOUND'],
      ['GET', `/transactions/${'c'.repeat(64)}`, undefined, 'clerk', 'TRANSACTION_NOT_FOUND'],
    ];
    const answered: string[] = [];
    for (const [method, path, body, role, code] of cases) {
      const res = await fx.request<ErrorBody>(method, `/api/v1${path}`, { key: s.key(role), body });
      answered.push(`${method} ${path} → ${res.status} ${res.body.error?.code} (expected 404 ${code})`);
    }
    expect(answered.filter((a) => !/→ 404 (\w+) \(expected 404 \1\)$/.test(a))).toEqual([]);
  });

  test('input the chaincode refuses is VALIDATION_FAILED like input the gateway refuses, with its field and rule', async () => {
    const [unit] = await s.building(12, 1);
    const res = await fx.request<ErrorBody>('POST', '/api/v1/registrations', {
      key: s.key('clerk'),
      body: { registrationId: nextId('REG'), type: 'TRANSFER', unitNumber: unit, applicants: [{ party: PEOPLE.developer }], documents: materials('TRANSFER') },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'contractId', rule: 'REQUIRED_FOR_TYPE' });
    const cursor = await fx.request<ErrorBody>('GET', '/api/v1/registrations?cursor=bm90LWEtY3Vyc29y', { key: s.key('clerk') });
    expect(cursor.status).toBe(400);
    expect(cursor.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'cursor', rule: 'CURSOR_FORMAT' });
  });

  test('reusing a consumed tax clearance says so', async () => {
    const [unit] = await s.building(13, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const first = await filedAndCleared(unit, ['developer'], ['alice']);
    await s.register({ type: 'TRANSFER', unitNumber: unit, applicants: ['developer', 'alice'], ...first });

    const resale = await filedAndCleared(unit, ['alice'], ['bob']);
    const registrationId = nextId('REG');
    await s.post('clerk', '/registrations', {
      registrationId, type: 'TRANSFER', unitNumber: unit, applicants: [{ party: PEOPLE.alice }, { party: PEOPLE.bob }],
      contractId: resale.contractId, taxId: first.taxId, documents: materials('TRANSFER'),
    });
    const res = await fx.request<ErrorBody>('POST', `/api/v1/registrations/${registrationId}/accept`, { key: s.key('clerk'), body: {} });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'TAX_CLEARANCE_CONSUMED', field: 'taxId' });
    expect(res.body.error.message).toContain(first.taxId);
  });

  test('acting on a seized unit names the seizure and its court case', async () => {
    const [unit] = await s.building(14, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const { contractId, taxId } = await filedAndCleared(unit, ['developer'], ['alice']);
    const registrationId = nextId('REG');
    await s.post('clerk', '/registrations', {
      registrationId, type: 'TRANSFER', unitNumber: unit, applicants: [{ party: PEOPLE.developer }, { party: PEOPLE.alice }], contractId, taxId, documents: materials('TRANSFER'),
    });
    await advance(registrationId, 'REVIEWED');
    const seizureId = await s.seize(unit);
    const caseNumber = `(2026)川1702执${seizureId}号`;

    const record = await fx.request<ErrorBody>('POST', `/api/v1/registrations/${registrationId}/record`, { key: s.key('registrar'), body: {} });
    expect(record.status).toBe(409);
    expect(record.body.error.code).toBe('UNIT_SEIZED');
    expect(record.body.error.message).toContain(seizureId);
    expect(record.body.error.message).toContain(caseNumber);

    const sale = await fx.request<ErrorBody>('POST', '/api/v1/contracts', {
      key: s.key('filing'),
      body: { contractId: nextId('HT'), kind: 'STOCK', unitNumber: unit, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: PEOPLE.bob }], buyerCoOwnership: 'SOLE', price: '1000000.00' },
    });
    expect(sale.body.error).toMatchObject({ code: 'UNIT_SEIZED' });
    expect(sale.body.error.message).toContain(caseNumber);
  });

  test('the OpenAPI document publishes the catalogue: code, status and meaning', async () => {
    const doc = await fx.request<{ info: { 'x-error-codes': Record<string, { status: number; meaning: string }> } }>('GET', '/api/v1/openapi.json');
    const catalogue = doc.body.info['x-error-codes'];
    expect(catalogue).toMatchObject({
      VALIDATION_FAILED: { status: 400 },
      UNIT_NOT_FOUND: { status: 404 },
      CERTIFICATE_NOT_FOUND: { status: 404 },
      MATERIALS_INCOMPLETE: { status: 409 },
      TAX_CLEARANCE_CONSUMED: { status: 409 },
      UNIT_SEIZED: { status: 409 },
      MVCC_READ_CONFLICT: { status: 409 },
      READ_MODEL_UNAVAILABLE: { status: 503 },
    });
    expect(Object.keys(catalogue)).not.toEqual(expect.arrayContaining(['INVALID_INPUT']));
    expect(Object.keys(catalogue)).not.toEqual(expect.arrayContaining(['NOT_FOUND']));
    expect(Object.values(catalogue).every((e) => e.meaning.length > 10)).toBe(true);
  });
});

test("an application's progress shows its unit's contract and tax clearance though neither named the application", async () => {
  const [unit] = await s.building(15, 1);
  await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
  // The same parties' sale that fell through before the application: not part of it.
  const dropped = nextId('HT');
  await s.post('filing', '/contracts', { contractId: dropped, kind: 'STOCK', unitNumber: unit, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: PEOPLE.alice }], buyerCoOwnership: 'SOLE', price: '900000.00' });
  await s.post('filing', `/contracts/${dropped}/cancel`, { reason: '买方放弃' });

  const applicationId = nextId('YC');
  await s.post('clerk', '/applications', { applicationId, businessType: 'TRANSFER', unitNumber: unit, applicants: [PEOPLE.developer, PEOPLE.alice], materials: materials('TRANSFER'), channel: '政务大厅一窗' });
  const { contractId, taxId } = await filedAndCleared(unit, ['developer'], ['alice']);
  const mid = await s.get<Progress>('clerk', `/applications/${applicationId}/progress`);
  expect(mid.departments.housing).toEqual([expect.objectContaining({ contractId, status: 'FILED' })]);
  expect(mid.departments.tax).toEqual([{ taxId, status: 'CLEARED' }]);

  await s.register({ type: 'TRANSFER', unitNumber: unit, applicants: ['developer', 'alice'], contractId, taxId, applicationId });
  // The new owner's own later sale is another case.
  await filedAndCleared(unit, ['alice'], ['bob']);
  const done = await s.get<Progress>('clerk', `/applications/${applicationId}/progress`);
  expect(done.departments.housing).toEqual([expect.objectContaining({ contractId, status: 'CONSUMED' })]);
  expect(done.departments.tax).toEqual([{ taxId, status: 'CLEARED' }]);
  expect(done.departments.registry).toEqual([expect.objectContaining({ status: 'ISSUED' })]);
}, 120_000);

describe('building tables are readable before their households are linked', () => {
  let projectId: string;
  let houseCodes: string[];
  let linkedUnit: string;

  beforeAll(async () => {
    projectId = nextId('P');
    const households = householdsOf(projectId, 16, 2);
    houseCodes = households.map((h) => h.houseCode);
    await s.post('surveyor', '/projects', {
      projectId, name: '翠屏苑', district: DISTRICT, developer: PEOPLE.developer, presalePermit: '达住建预售字(2025)第013号',
      buildings: [{ buildingId: 'B16', name: '16号楼', households }],
    });
    linkedUnit = unitNumber(16, 1);
    await s.post('registrar', `/households/${encodeURIComponent(houseCodes[0])}/link`, { unitNumber: linkedUnit });
  }, 60_000);

  test.each([['HousingMSP', 'surveyor'], ['RegistryMSP', 'registrar'], ['RegistryMSP', 'clerk'], ['RegistryMSP', 'auditor'], ['HousingMSP', 'auditor']])('by %s/%s', async (msp, role) => {
    const project = await fx.request<{ projectId: string; developer: { name: string; masked: boolean }; households: Array<{ houseCode: string; unitNumber: string | null }> }>('GET', `/api/v1/projects/${projectId}`, { key: fx.key(msp, role) });
    expect(project.status).toBe(200);
    expect(project.body.households.map((h) => [h.houseCode, h.unitNumber])).toEqual([[houseCodes[0], linkedUnit], [houseCodes[1], null]]);
    expect(project.body.developer.name).toBe(PEOPLE.developer.name);
    const unlinked = await fx.request<{ houseCode: string; unitNumber: string | null; projectId: string }>('GET', `/api/v1/households/${encodeURIComponent(houseCodes[1])}`, { key: fx.key(msp, role) });
    expect(unlinked.status).toBe(200);
    expect(unlinked.body).toMatchObject({ houseCode: houseCodes[1], unitNumber: null, projectId });
  });

  test('only within the caller’s districts', async () => {
    const other = fx.key('RegistryMSP', 'clerk', '511703');
    expect((await fx.request<ErrorBody>('GET', `/api/v1/projects/${projectId}`, { key: other })).body.error.code).toBe('PROJECT_NOT_FOUND');
    expect((await fx.request<ErrorBody>('GET', `/api/v1/households/${encodeURIComponent(houseCodes[1])}`, { key: other })).body.error.code).toBe('HOUSEHOLD_NOT_FOUND');
  });
});

describe('a party is sent once: later steps of a sale refer to the contract’s parties', () => {
  test('a transfer whose application and registration name the parties only by reference issues the certificate to the right holders', async () => {
    const [unit] = await s.building(17, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const contractId = nextId('HT');
    await s.post('filing', '/contracts', {
      contractId, kind: 'STOCK', unitNumber: unit, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: PEOPLE.alice }, { party: PEOPLE.bob }], buyerCoOwnership: 'JOINT', price: '1500000.00',
    });
    await s.post('filing', `/contracts/${contractId}/file`, {});

    // No names or ID numbers from here on.
    const applicationId = nextId('YC');
    const applicants = [{ contractParty: 'seller:0' }, { contractParty: 'buyer:0' }, { contractParty: 'buyer:1' }];
    await s.post('clerk', '/applications', { applicationId, businessType: 'TRANSFER', unitNumber: unit, contractId, applicants, materials: materials('TRANSFER'), channel: '政务大厅一窗' });
    const taxId = nextId('TAX');
    await s.post('assessor', '/tax-assessments', { taxId, contractId, items: taxItems });
    await s.post('assessor', `/tax-assessments/${taxId}/clear`, { voucherHash: hashOf(`voucher:${taxId}`) });
    const registrationId = nextId('REG');
    const registration = { registrationId, type: 'TRANSFER', unitNumber: unit, contractId, taxId, applicationId, applicants: applicants.map((party) => ({ party })), documents: [] };
    expect(JSON.stringify(registration)).not.toMatch(/idNumber|name/);
    await s.post('clerk', '/registrations', registration);
    await advance(registrationId, 'ISSUED');

    const application = await s.get<{ applicants: Array<{ name: string }> }>('clerk', `/applications/${applicationId}`);
    expect(application.applicants.map((p) => p.name)).toEqual([PEOPLE.developer.name, PEOPLE.alice.name, PEOPLE.bob.name]);
    const issued = await s.get<{ status: string; certNo: string }>('clerk', `/registrations/${registrationId}`);
    expect(issued.status).toBe('ISSUED');
    const owner = await s.get<{ ownership: { coOwnership: string; holders: Array<{ party: { name: string } }> } }>('clerk', `/units/${unit}`);
    expect(owner.ownership.coOwnership).toBe('JOINT');
    expect(owner.ownership.holders.map((h) => h.party.name)).toEqual([PEOPLE.alice.name, PEOPLE.bob.name]);
    const document = (await s.certificateFile(issued.certNo)).toString('utf8');
    expect(document).toContain(PEOPLE.alice.name);
    expect(document).toContain(PEOPLE.bob.name);
  }, 120_000);

  test('applicants may be left out where the contract is named: every party of it applies', async () => {
    const [unit] = await s.building(18, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const { contractId, taxId } = await filedAndCleared(unit, ['developer'], ['carol']);
    const applicationId = nextId('YC');
    await s.post('clerk', '/applications', { applicationId, businessType: 'TRANSFER', unitNumber: unit, contractId, materials: materials('TRANSFER'), channel: '窗口' });
    const registrationId = nextId('REG');
    await s.post('clerk', '/registrations', { registrationId, type: 'TRANSFER', unitNumber: unit, contractId, taxId, applicationId, documents: [] });
    await advance(registrationId, 'ISSUED');
    const reg = await s.get<{ applicants: Array<{ party: { name: string } }> }>('clerk', `/registrations/${registrationId}`);
    expect(reg.applicants.map((a) => a.party.name)).toEqual([PEOPLE.developer.name, PEOPLE.carol.name]);
  }, 120_000);

  test('a reference needs the contract, and a party the contract has', async () => {
    const [unit] = await s.building(19, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const { contractId } = await filedAndCleared(unit, ['developer'], ['alice']);
    const body = { applicationId: nextId('YC'), businessType: 'TRANSFER', unitNumber: unit, materials: materials('TRANSFER'), channel: '窗口' };
    const withoutContract = await fx.request<ErrorBody>('POST', '/api/v1/applications', { key: s.key('clerk'), body: { ...body, applicants: [{ contractParty: 'buyer:0' }] } });
    expect(withoutContract.status).toBe(400);
    expect(withoutContract.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'applicants.0', rule: 'CONTRACT_ID_REQUIRED' });
    const noSuchParty = await fx.request<ErrorBody>('POST', '/api/v1/applications', { key: s.key('clerk'), body: { ...body, contractId, applicants: [{ contractParty: 'buyer:1' }] } });
    expect(noSuchParty.status).toBe(400);
    expect(noSuchParty.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'applicants.0', rule: 'CONTRACT_PARTY' });
    const neither = await fx.request<ErrorBody>('POST', '/api/v1/applications', { key: s.key('clerk'), body });
    expect(neither.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'applicants', rule: 'REQUIRED' });
  }, 60_000);
});

describe('operating the gateway', () => {
  test('/api/v1/health answers like /health', async () => {
    const [plain, api] = await Promise.all([fx.request<{ status: string; ledger: unknown }>('GET', '/health'), fx.request<{ status: string; ledger: unknown }>('GET', '/api/v1/health')]);
    expect(api.status).toBe(plain.status);
    expect(api.body.status).toBe('UP');
    expect(Object.keys(api.body).sort()).toEqual(Object.keys(plain.body).sort());
  });

  test('demo:seed finds the gateway npm start runs with the same PORT', () => {
    expect(seedBaseUrl({ PORT: '9123' })).toBe('http://127.0.0.1:9123');
    expect(seedBaseUrl({})).toBe('http://127.0.0.1:8080');
    expect(seedBaseUrl({ PORT: '9123', BASE_URL: 'http://gw.example:8443/' })).toBe('http://gw.example:8443');
  });

  test('npm start says how to check the ledger, and ledger:verify on the ledger of a running gateway says to stop it first', async () => {
    if (!existsSync(MAIN) || !existsSync(VERIFY_CLI)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
    const dir = await mkdtemp(join(tmpdir(), 'estate-verify-'));
    let child: ChildProcessWithoutNullStreams | undefined;
    try {
      child = spawn(process.execPath, [MAIN], { env: { ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: '' }, stdio: 'pipe' });
      let banner = '';
      child.stdout.on('data', (b: Buffer) => (banner += b.toString('utf8')));
      const started = Date.now();
      while (!banner.includes('demo:seed') && Date.now() - started < 60_000 && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(banner).toContain(`npm run ledger:verify -- ${dir}`);
      expect(banner).toContain('/api/v1/health');

      const locked = spawnSync(process.execPath, [VERIFY_CLI, dir], { encoding: 'utf8' });
      expect(locked.status).toBe(2);
      expect(locked.stderr).toContain(`the ledger in ${dir} is open in a running gateway (pid ${child.pid})`);
      expect(locked.stderr).toContain('Stop the gateway first');

      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      const verified = spawnSync(process.execPath, [VERIFY_CLI, dir], { encoding: 'utf8' });
      expect({ status: verified.status, out: verified.stdout }).toMatchObject({ status: 0, out: expect.stringContaining('hash chain and all signatures verified') });
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
