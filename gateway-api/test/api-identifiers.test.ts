import { addDays, residentIdCheckChar } from '@estate-ledger/chaincode';
import { GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { DISTRICT, PEOPLE, hashOf, residentId, unitNumber } from './support/ledger-fixture';
import { householdsOf } from './support/scenario';

/**
 * Identifiers exactly as the standards define them, through the public API: one party/ID schema
 * on every endpoint, normalised input, warnings that reach the caller, format-checked certificate
 * numbers and query integers, cross-field rules. Every refusal is a 400 naming the field and the
 * rule, and leaves the ledger as it was.
 */

let fx: GatewayFixture;
let s: HttpScenario;
let unit: string;
let certNo: string;
let tomorrow: string;

type ErrorBody = { error: { code: string; field?: string; rule?: string; message: string; requestId: string } };
type Warned = { warnings?: Array<{ field: string; rule: string; message: string }> };

/** A resident ID whose check character is X, as typed on a phone: lower-case x, full-width digits, spaces. */
const ID_WITH_X = (() => {
  for (let seq = 1; ; seq++) {
    const first17 = `${DISTRICT}19800101${String(seq).padStart(3, '0')}`;
    if (residentIdCheckChar(first17) === 'X') return first17 + 'X';
  }
})();
const FULL_WIDTH = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const LEGACY_PERSON = { kind: 'PERSON', name: '钱七', idNumber: residentId('18991231', 7) };
const PILOT_ORG = { kind: 'ORG', name: '福建恒跃柳工机械销售有限公司', idNumber: '91350100M0001TGQXM' };

const projectBody = (developer: unknown, rooms = 1) => {
  const projectId = nextId('P');
  return { projectId, name: '滨江花园', district: DISTRICT, developer, presalePermit: '达住建预售字(2025)第012号', buildings: [{ buildingId: 'B7', name: '7号楼', households: householdsOf(projectId, 7, rooms) }] };
};

/** Sends a request and expects a 400 naming field and rule, with nothing written to the ledger. */
async function expectRefused(method: string, path: string, role: string, body: unknown, field: string, rule: string): Promise<ErrorBody['error']> {
  const before = await fx.gw.ledger.height();
  const res = await fx.request<ErrorBody>(method, `/api/v1${path}`, { key: s.key(role), body });
  expect({ status: res.status, ...res.body.error }).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field, rule });
  expect(res.headers.get('warning')).toBeNull();
  expect(await fx.gw.ledger.height()).toBe(before);
  return res.body.error;
}

beforeAll(async () => {
  fx = await GatewayFixture.start('postgres');
  s = new HttpScenario(fx);
  [unit] = await s.building(3, 1);
  const reg = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
  certNo = String(reg.certNo);
  const time = await fx.request<{ today: string }>('GET', '/api/v1/time');
  tomorrow = addDays(time.body.today, 1).replace(/-/g, '');
}, 120_000);
afterAll(async () => fx?.close());

describe('1. a resident ID born before 1900 is accepted, with a warning', () => {
  test('POST /projects with a developer born in 1899 commits and says so in the body and the Warning header', async () => {
    const before = await fx.gw.ledger.height();
    const res = await fx.request<Warned & { txId: string }>('POST', '/api/v1/projects', { key: s.key('surveyor'), body: projectBody(LEGACY_PERSON) });
    expect(res.status).toBe(201);
    expect(res.body.txId).toEqual(expect.any(String));
    expect(res.body.warnings).toEqual([{ field: 'developer.idNumber', rule: 'RESIDENT_ID_BIRTH_BEFORE_1900', message: expect.stringContaining('1899-12-31') }]);
    expect(res.headers.get('warning')).toBe('299 - "RESIDENT_ID_BIRTH_BEFORE_1900 developer.idNumber"');
    expect(await fx.gw.ledger.height()).toBe(before + 1);
  });

  test('a request without anything unusual has neither warnings nor the header', async () => {
    const res = await fx.request<Warned>('POST', '/api/v1/projects', { key: s.key('surveyor'), body: projectBody(PEOPLE.developer) });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toBeUndefined();
    expect(res.headers.get('warning')).toBeNull();
  });
});

describe('2. one party/ID schema on every endpoint: a birth date after the register\'s today is refused', () => {
  const born = () => ({ kind: 'PERSON', name: '孙八', idNumber: residentId(tomorrow, 9) });
  const endpoints: Array<[string, string, string, () => unknown, string]> = [
    ['POST /projects (developer)', '/projects', 'surveyor', () => projectBody(born()), 'developer.idNumber'],
    ['POST /contracts (buyer)', '/contracts', 'filing', () => ({ contractId: nextId('HT'), kind: 'STOCK', unitNumber: unit, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: born() }], buyerCoOwnership: 'SOLE', price: '1280000.00' }), 'buyers.0.party.idNumber'],
    ['POST /objections (applicant)', '/objections', 'registrar', () => ({ objectionId: nextId('YY'), unitNumber: unit, applicant: born(), reason: '权属争议', documentHash: hashOf('objection') }), 'applicant.idNumber'],
    ['POST /applications (applicant)', '/applications', 'clerk', () => ({ applicationId: nextId('YC'), businessType: 'TRANSFER', unitNumber: unit, applicants: [born()], materials: materials('TRANSFER'), channel: '窗口' }), 'applicants.0.idNumber'],
    ['POST /registrations (mortgage creditor)', '/registrations', 'clerk', () => ({
      registrationId: nextId('REG'), type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: PEOPLE.developer }], documents: materials('MORTGAGE'),
      mortgage: { creditor: born(), amount: '500000.00', maximumAmount: false, noTransfer: false, termStart: '2026-01-01', termEnd: '2046-01-01' },
    }), 'mortgage.creditor.idNumber'],
    ['POST /property-searches (idNumber)', '/property-searches', 'clerk', () => ({ idNumber: born().idNumber }), 'idNumber'],
    ['POST /contract-searches (a full party)', '/contract-searches', 'clerk', () => ({ party: born() }), 'party.idNumber'],
    ['POST /contract-searches (an ID number alone)', '/contract-searches', 'clerk', () => ({ party: { idNumber: born().idNumber } }), 'party.idNumber'],
  ];
  test.each(endpoints)('%s', async (_label, path, role, body, field) => {
    const error = await expectRefused('POST', path, role, body(), field, 'RESIDENT_ID_BIRTH_DATE');
    expect(error.message).toContain('future');
  });
});

describe('3. ID numbers are normalised before they are checked', () => {
  test('a developer published with a full-width, lower-case, space-padded credit code is the same party as the canonical one', async () => {
    const typed = { ...PEOPLE.developer, idNumber: ` ${FULL_WIDTH(PEOPLE.developer.idNumber.toLowerCase())}\u3000` };
    const body = projectBody(typed);
    await s.post('surveyor', '/projects', body);
    const presale = unitNumber(7, 1);
    await s.post('registrar', `/households/${encodeURIComponent(body.buildings[0].households[0].houseCode)}/link`, { unitNumber: presale });
    // A presale contract must be signed by the project's developer: the chaincode compares their keyed references.
    const buyer = { kind: 'PERSON', name: '周九', idNumber: ` ${ID_WITH_X.slice(0, 17)}x ` };
    const contractId = nextId('HT');
    const res = await fx.request<{ record: { sellers: unknown[] } }>('POST', '/api/v1/contracts', {
      key: s.key('filing'),
      body: { contractId, kind: 'COMMODITY', unitNumber: presale, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: buyer }], buyerCoOwnership: 'SOLE', price: '880000.00' },
    });
    expect(res.status).toBe(201);
    // The buyer was stored under the canonical number: found by it, and by any way of typing it.
    for (const idNumber of [ID_WITH_X, ID_WITH_X.toLowerCase(), FULL_WIDTH(ID_WITH_X)]) {
      const found = await fx.request<{ contractId: string }[] | { items?: Array<{ contractId: string }> }>('POST', '/api/v1/contract-searches', { key: s.key('clerk'), body: { party: { idNumber } } });
      expect(found.status).toBe(200);
      expect(JSON.stringify(found.body)).toContain(contractId);
    }
  });
});

describe('4. a property search (产调) checks the ID number', () => {
  test('an invalid ID number is a 400 naming idNumber, not an empty answer', async () => {
    const wrong = PEOPLE.alice.idNumber.slice(0, 17) + (PEOPLE.alice.idNumber.endsWith('1') ? '2' : '1');
    await expectRefused('POST', '/property-searches', 'clerk', { idNumber: wrong }, 'idNumber', 'RESIDENT_ID_CHECKSUM');
    const legacy = await expectRefused('POST', '/property-searches', 'clerk', { idNumber: '511702850312011' }, 'idNumber', 'RESIDENT_ID_LENGTH');
    expect(legacy.message).toContain('15-digit');
    await expectRefused('POST', '/property-searches', 'clerk', { idNumber: 'ABC' }, 'idNumber', 'CREDIT_CODE_LENGTH');
  });

  test('a valid number finds the owner\'s units, however it is typed', async () => {
    for (const idNumber of [PEOPLE.developer.idNumber, FULL_WIDTH(PEOPLE.developer.idNumber.toLowerCase())]) {
      const res = await fx.request('POST', '/api/v1/property-searches', { key: s.key('clerk'), body: { idNumber } });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).toContain(unit);
    }
  });
});

describe('5. credit codes: only the documented pilot shape passes a wrong check character, with a warning', () => {
  test('a wrong check character on any other code is refused', async () => {
    const wrong = { ...PEOPLE.bank, idNumber: PEOPLE.bank.idNumber.slice(0, 17) + 'A' };
    await expectRefused('POST', '/projects', 'surveyor', projectBody(wrong), 'developer.idNumber', 'CREDIT_CODE_CHECKSUM');
  });

  test('a documented pilot code commits with warning CREDIT_CODE_CHECKSUM_PILOT in the body and the header', async () => {
    const res = await fx.request<Warned>('POST', '/api/v1/projects', { key: s.key('surveyor'), body: projectBody(PILOT_ORG) });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([{ field: 'developer.idNumber', rule: 'CREDIT_CODE_CHECKSUM_PILOT', message: expect.stringMatching(/^developer\.idNumber: /) }]);
    expect(res.headers.get('warning')).toBe('299 - "CREDIT_CODE_CHECKSUM_PILOT developer.idNumber"');
  });

  test('warnings of several fields are each reported', async () => {
    const res = await fx.request<Warned>('POST', '/api/v1/contract-searches', { key: s.key('clerk'), body: { party: LEGACY_PERSON } });
    expect(res.status).toBe(200);
    expect(res.body.warnings?.map((w) => w.field)).toEqual(['party.idNumber']);
    const search = await fx.request<Warned>('POST', '/api/v1/property-searches', { key: s.key('clerk'), body: { idNumber: PILOT_ORG.idNumber } });
    expect(search.body.warnings?.map((w) => w.rule)).toEqual(['CREDIT_CODE_CHECKSUM_PILOT']);
  });
});

describe('6. certificate numbers: malformed is 400, unknown is 404', () => {
  const path = (no: string, tail = '') => `/certificates/${encodeURIComponent(no)}${tail}`;
  const unknown = '川(2025)达州市不动产权第9999999号';

  test.each([
    ['not a certificate number', 'NOT-A-CERT', 'CERT_NUMBER_FORMAT'],
    ['an unknown province', '港(2025)达州市不动产权第0000001号', 'CERT_NUMBER_PROVINCE'],
    ['a year before unified registration', '川(2014)达州市不动产权第0000001号', 'CERT_NUMBER_YEAR'],
    ['an 8-digit sequence', '川(2025)达州市不动产权第00000001号', 'CERT_NUMBER_SEQUENCE'],
  ])('GET, document and revoke refuse %s', async (_label, no, rule) => {
    await expectRefused('GET', path(no), 'clerk', undefined, 'certNo', rule);
    await expectRefused('GET', path(no, '/document'), 'certifier', undefined, 'certNo', rule);
    await expectRefused('POST', path(no, '/revoke'), 'registrar', { reason: '错误登记' }, 'certNo', rule);
  });

  test('a well-formed unknown number is 404', async () => {
    expect((await fx.request('GET', `/api/v1${path(unknown)}`, { key: s.key('clerk') })).status).toBe(404);
    expect((await fx.request('GET', `/api/v1${path(unknown, '/document')}`, { key: s.key('certifier') })).status).toBe(404);
    const before = await fx.gw.ledger.height();
    const revoke = await fx.request<ErrorBody>('POST', `/api/v1${path(unknown, '/revoke')}`, { key: s.key('registrar'), body: { reason: '错误登记' } });
    expect({ status: revoke.status, code: revoke.body.error.code }).toEqual({ status: 404, code: 'CERTIFICATE_NOT_FOUND' });
    expect(await fx.gw.ledger.height()).toBe(before);
  });

  test('full-width parentheses and a short sequence find the certificate, with a warning for the sequence', async () => {
    const sequence = Number(/第(\d+)号$/.exec(certNo)?.[1]);
    const typed = certNo.replace('(', '（').replace(')', '）').replace(/第\d+号$/, `第${sequence}号`);
    const res = await fx.request<Warned & { certNo: string }>('GET', `/api/v1${path(typed)}`, { key: s.key('clerk') });
    expect(res.status).toBe(200);
    expect(res.body.certNo).toBe(certNo);
    expect(res.body.warnings).toEqual([{ field: 'certNo', rule: 'CERT_NUMBER_SHORT_SEQUENCE', message: expect.stringContaining(String(sequence).padStart(7, '0')) }]);
    expect(res.headers.get('warning')).toBe('299 - "CERT_NUMBER_SHORT_SEQUENCE certNo"');
    // The document is the exact signed bytes: the warning travels in the header alone.
    const doc = await fetch(`${fx.url}/api/v1${path(typed, '/document')}`, { headers: { 'x-api-key': s.key('certifier') } });
    expect(doc.status).toBe(200);
    expect(doc.headers.get('warning')).toBe('299 - "CERT_NUMBER_SHORT_SEQUENCE certNo"');
    expect(Buffer.from(await doc.arrayBuffer()).equals(await s.certificateFile(certNo))).toBe(true);
  });
});

describe('7. party names refuse invisible and unpaired characters', () => {
  test.each([
    ['a zero-width space', '张\u200b三'],
    ['a zero-width joiner', '张\u200d三'],
    ['a right-to-left mark', '张\u200f三'],
    ['a word joiner', '张\u2060三'],
    ['an invisible separator', '张\u2063三'],
    ['a byte-order mark inside', '张\ufeff三'],
    ['a bidirectional override', '张\u202e三'],
  ])('%s', async (_label, name) => {
    await expectRefused('POST', '/projects', 'surveyor', projectBody({ ...PEOPLE.developer, name }), 'developer.name', 'PARTY_NAME_FORMAT');
  });

  test('a lone UTF-16 surrogate', async () => {
    const before = await fx.gw.ledger.height();
    const raw = JSON.stringify(projectBody(PEOPLE.developer)).replace(PEOPLE.developer.name, '达州\\ud800置业');
    const res = await fx.request<ErrorBody>('POST', '/api/v1/projects', { key: s.key('surveyor'), raw });
    expect({ status: res.status, ...res.body.error }).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'developer.name', rule: 'PARTY_NAME_FORMAT' });
    expect(await fx.gw.ledger.height()).toBe(before);
  });
});

describe('8. integers in query strings and paths are decimal digits only', () => {
  test.each([
    ['/units?limit=0x10', 'limit'],
    ['/units?limit=%205', 'limit'],
    ['/units?limit=1e1', 'limit'],
    ['/units?limit=5.0', 'limit'],
    ['/units?limit=-5', 'limit'],
    ['/registrations?limit=+5', 'limit'],
    ['/blocks/0x1', 'number'],
  ])('GET %s is refused at %s', async (path, field) => {
    const res = await fx.request<ErrorBody>('GET', `/api/v1${path}`, { key: s.key('clerk') });
    expect({ status: res.status, code: res.body.error.code, field: res.body.error.field, rule: res.body.error.rule }).toEqual({ status: 400, code: 'VALIDATION_FAILED', field, rule: 'INVALID_FORMAT' });
  });

  test('the audit log\'s limit and sequence bounds too', async () => {
    for (const query of ['limit=0x10', 'limit=%2010']) {
      const res = await fx.request<ErrorBody>('GET', `/api/v1/audit-log?${query}`, { key: s.key('admin') });
      expect({ status: res.status, field: res.body.error.field, rule: res.body.error.rule }).toEqual({ status: 400, field: 'limit', rule: 'INVALID_FORMAT' });
    }
    const seq = await fx.request<ErrorBody>('GET', '/api/v1/audit-log/verification?fromSeq=1e0', { key: s.key('admin') });
    expect({ status: seq.status, field: seq.body.error.field }).toEqual({ status: 400, field: 'fromSeq' });
  });

  test('decimal digits still work, defaults still apply and the range is checked', async () => {
    const page = await fx.request<{ items: unknown[] }>('GET', '/api/v1/blocks?limit=2', { key: s.key('clerk') });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect((await fx.request('GET', '/api/v1/blocks', { key: s.key('clerk') })).status).toBe(200);
    expect((await fx.request('GET', '/api/v1/blocks/0', { key: s.key('clerk') })).status).toBe(200);
    const big = await fx.request<ErrorBody>('GET', '/api/v1/units?limit=201', { key: s.key('clerk') });
    expect({ status: big.status, field: big.body.error.field, rule: big.body.error.rule }).toEqual({ status: 400, field: 'limit', rule: 'TOO_BIG' });
  });
});

describe('9. cross-field rules are checked at the edge, with the field named', () => {
  test('a tax amount that is not base × rate / 100 (1.00 for 3 % of 1000000)', async () => {
    const body = { taxId: nextId('TAX'), contractId: nextId('HT'), items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1000000.00', rate: '3', amount: '1.00' }] };
    const error = await expectRefused('POST', '/tax-assessments', 'assessor', body, 'items.0.amount', 'TAX_AMOUNT_MISMATCH');
    expect(error.message).toContain('30000.00');
  });

  test('a mortgage whose term ends before it starts', async () => {
    const body = {
      registrationId: nextId('REG'), type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: PEOPLE.developer }], documents: materials('MORTGAGE'),
      mortgage: { creditor: PEOPLE.bank, amount: '500000.00', maximumAmount: false, noTransfer: false, termStart: '2026-06-01', termEnd: '2026-05-31' },
    };
    await expectRefused('POST', '/registrations', 'clerk', body, 'mortgage.termEnd', 'DATE_RANGE_ORDER');
  });
});

describe('the OpenAPI document shows warnings where they can appear', () => {
  type Op = { responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }> };
  let paths: Record<string, Record<string, Op>>;
  beforeAll(async () => {
    paths = (await fx.request<{ paths: typeof paths }>('GET', '/api/v1/openapi.json')).body.paths;
  });
  const ok = (path: string, method: string, status: string) => paths[`/api/v1${path}`][method].responses[status];

  test('on routes whose input holds an ID or certificate number: a Warning header and `warnings` in the body', () => {
    for (const [path, method, status] of [['/projects', 'post', '201'], ['/property-searches', 'post', '200'], ['/certificates/{certNo}', 'get', '200'], ['/certificates/{certNo}/revoke', 'post', '201']]) {
      const response = ok(path, method, status);
      expect(response.headers).toHaveProperty('Warning');
      expect(JSON.stringify(response.content)).toContain('#/components/schemas/Warnings');
    }
  });

  test('the document download has the header only, and routes without such input have neither', () => {
    const doc = ok('/certificates/{certNo}/document', 'get', '200');
    expect(doc.headers).toHaveProperty('Warning');
    expect(JSON.stringify(doc.content)).not.toContain('Warnings');
    for (const [path, method, status] of [['/units/{unitNumber}', 'get', '200'], ['/seizures', 'post', '201']]) {
      const response = ok(path, method, status);
      expect(response.headers).toBeUndefined();
      expect(JSON.stringify(response.content)).not.toContain('Warnings');
    }
  });
});
