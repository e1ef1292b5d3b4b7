import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MATERIALS_CHECKLIST, addDays } from '@estate-ledger/chaincode';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { OPERATIONAL_ENDPOINTS } from '../src/http/openapi';
import { routeMayWarn } from '../src/http/response-schemas';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { channelKeys, citizenToken, clientAssertion, startTestIdp, type TestIdp } from './support/identity';
import { DISTRICT, PEOPLE, hashOf, unitNumber } from './support/ledger-fixture';
import { expectedResponse, responseProblems } from './support/response-check';
import { MORTGAGE_TERMS, householdsOf } from './support/scenario';
import { SetClock } from './support/set-clock';
import { generateRegister } from '../src/legacy-register/generator/register-generator';
import { ANVIL_CHAIN_ID, ANVIL_KEY, AnvilNode } from './support/anvil-node';
import { ownedUnit } from './support/migration-commands';

const sha256 = (b: string) => createHash('sha256').update(b).digest('hex');
const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

/**
 * Every route answers a real request here, with real records behind it, and each answer is checked
 * against the schema the OpenAPI document declares (GatewayFixture.request does the checking).
 * The last test insists that no route was left out: a route without a real answer here would be
 * documented by a schema nothing has held to the truth.
 */
describe.each(ENGINES)('every route answers as its documented schema says (%s read model)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;
  let hook: Server;
  let hookUrl = '';
  let anvil: AnvilNode;
  let anvilDir: string;

  let idp: TestIdp;
  /** The payment platform's signing key; its public half is the gateway's PAYMENT_JWKS. */
  let paymentKey: KeyLike;
  const PAYMENT_ISSUER = 'https://pay.example.test';

  beforeAll(async () => {
    // The anchoring routes answer too: a local chain node, anchors every few hundred milliseconds.
    anvilDir = await mkdtemp(join(tmpdir(), 'estate-anvil-'));
    anvil = await AnvilNode.start(join(anvilDir, 'state.json'));
    idp = await startTestIdp();
    const payment = await generateKeyPair('ES256');
    paymentKey = payment.privateKey;
    await writeFile(join(anvilDir, 'payment-jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(payment.publicKey)), kid: 'platform-1', alg: 'ES256', use: 'sig' }] }));
    fx = await GatewayFixture.start(engine, {
      PAYMENT_JWKS: join(anvilDir, 'payment-jwks.json'), PAYMENT_ISSUER,
      WEBHOOK_BACKOFF_BASE_MS: '20',
      ANCHOR_RPC_URL: anvil.url, ANCHOR_CHAIN_ID: String(ANVIL_CHAIN_ID), ANCHOR_PRIVATE_KEY: ANVIL_KEY, ANCHOR_EVERY_MINUTES: '0.005', ANCHOR_POLL_MS: '100',
      ...idp.env,
    });
    s = new HttpScenario(fx);
    hook = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    await idp?.close();
    await new Promise<void>((r) => hook?.close(() => r()));
    await anvil?.stop();
    await rm(anvilDir, { recursive: true, force: true });
  });

  const as = (msp: string, role: string) => fx.key(msp, role);
  const get = async (key: string, path: string) => {
    const res = await fx.request('GET', `/api/v1${path}`, { key });
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body;
  };
  const post = async (key: string, path: string, body: unknown, status = 200) => {
    const res = await fx.request('POST', `/api/v1${path}`, { key, body });
    expect({ path, status: res.status, body: res.status === status ? undefined : res.body }).toEqual({ path, status, body: undefined });
    return res.body;
  };

  test('commands of every kind, then every query over what they wrote', async () => {
    const admin = as('RegistryMSP', 'admin');
    const { today } = (await fx.request<{ today: string }>('GET', '/api/v1/time')).body;
    const token = await fx.request<{ token: string }>('POST', '/api/v1/auth/token', { body: { apiKey: s.key('clerk') } });
    expect(token.status).toBe(200);

    const webhook = (await post(admin, '/webhooks', { url: hookUrl, eventTypes: [] }, 201)) as { id: string };
    const [u1, u2, u3, u4] = await s.building(8, 4);

    // u1: first registration and a whole one-window transfer.
    await s.register({ type: 'FIRST', unitNumber: u1, applicants: ['developer'] });
    const { applicationId, registration } = await s.transfer(u1, ['developer'], ['alice']);
    const certNo = String(registration.certNo);

    // u2: a contract filed, taxed, exempted, then cancelled; an application attached to and withdrawn.
    await s.register({ type: 'FIRST', unitNumber: u2, applicants: ['developer'] });
    const contractId = nextId('HT');
    await s.post('filing', '/contracts', { contractId, kind: 'STOCK', unitNumber: u2, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: PEOPLE.bob }], buyerCoOwnership: 'SOLE', price: '900000.00' });
    await s.post('filing', `/contracts/${contractId}/file`, {});
    const taxId = nextId('TAX');
    await s.post('assessor', '/tax-assessments', { taxId, contractId, items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '900000.00', rate: '1', amount: '9000.00' }] });
    await s.post('assessor', `/tax-assessments/${taxId}/exempt`, { basis: '首套住房减免' });
    await s.post('filing', `/contracts/${contractId}/cancel`, { reason: '双方协商解除' });
    const withdrawnApp = nextId('YC');
    await s.post('clerk', '/applications', { applicationId: withdrawnApp, businessType: 'CHANGE', unitNumber: u2, applicants: [PEOPLE.developer], materials: materials('CHANGE'), channel: '网上申请' });
    await s.post('clerk', `/applications/${withdrawnApp}/materials`, { materials: [{ type: '授权委托书', sha256: hashOf('proxy') }] });
    await s.post('clerk', `/applications/${withdrawnApp}/withdraw`, { reason: '申请人撤件' });

    // u3: mortgage cases refused at intake, sent back for materials and withdrawn, suspended by a seizure and resumed.
    await s.register({ type: 'FIRST', unitNumber: u3, applicants: ['developer'] });
    const mortgage = { type: 'MORTGAGE', unitNumber: u3, applicants: [{ party: PEOPLE.developer }], mortgage: { creditor: PEOPLE.bank, noTransfer: false, ...MORTGAGE_TERMS }, documents: materials('MORTGAGE') };
    const refused = nextId('REG');
    await s.post('clerk', '/registrations', { registrationId: refused, ...mortgage });
    await s.post('clerk', `/registrations/${refused}/not-accept`, { note: '材料不全' });
    const withdrawn = nextId('REG');
    await s.post('clerk', '/registrations', { registrationId: withdrawn, ...mortgage });
    await s.post('clerk', `/registrations/${withdrawn}/accept`, {});
    await s.post('clerk', `/registrations/${withdrawn}/request-supplement`, { note: '补充借款合同' });
    await s.post('clerk', `/registrations/${withdrawn}/supplement`, { documents: [{ type: '借款合同', sha256: hashOf('loan') }] });
    await s.post('clerk', `/registrations/${withdrawn}/withdraw`, { note: '申请人撤回' });
    const suspended = nextId('REG');
    await s.post('clerk', '/registrations', { registrationId: suspended, ...mortgage });
    await s.post('clerk', `/registrations/${suspended}/accept`, {});
    const seizureId = nextId('SZ');
    await s.post('enforcement', '/seizures', { seizureId, unitNumber: u3, caseNumber: `(2026)川1702执${seizureId}号`, documentHash: hashOf(seizureId), endDate: addYears(today, 1) });
    await s.post('enforcement', `/seizures/${seizureId}/renew`, { unitNumber: u3, endDate: addYears(today, 2), documentHash: hashOf(`renew:${seizureId}`) });
    const restrictedU3 = await get(s.key('clerk'), `/restrictions?unitNumber=${u3}`);
    await s.post('enforcement', `/seizures/${seizureId}/lift`, { unitNumber: u3, documentHash: hashOf(`lift:${seizureId}`) });
    await s.post('reviewer', `/registrations/${suspended}/resume`, { note: '查封已解除' });
    expect((await get(s.key('clerk'), `/registrations/${suspended}`)).status).toBe('ACCEPTED');
    expect(restrictedU3.seizures).toHaveLength(1);

    // u4: an objection with its lawsuit, and a revoked certificate.
    const u4first = await s.register({ type: 'FIRST', unitNumber: u4, applicants: ['developer'] });
    const objectionId = nextId('YY');
    await s.post('registrar', '/objections', { objectionId, unitNumber: u4, applicant: PEOPLE.carol, reason: '权属争议', documentHash: hashOf(objectionId) });
    await s.post('registrar', `/objections/${objectionId}/lawsuit`, { unitNumber: u4, documentHash: hashOf(`suit:${objectionId}`) });
    await s.post('registrar', `/certificates/${encodeURIComponent(String(u4first.certNo))}/revoke`, { reason: '登记错误' });

    // A legacy unit migrated (preview, load, batch), its certificate verified by number; a wrong link undone and moved.
    const registrar = s.key('registrar');
    const [m1, m2, m3] = await s.building(9, 3);
    const legacy = ownedUnit('LU-schemas', m1, 9001);
    await post(registrar, '/migrations/B-schemas/preview', { records: [legacy] });
    await post(registrar, '/migrations/B-schemas/load', { records: [legacy] });
    await get(s.key('clerk'), '/migrations/B-schemas');
    await fx.request('GET', `/api/v1/verify-by-number?certNo=${encodeURIComponent(String(legacy.ownership?.certificate?.certNo))}&unitNumber=${m1}`);
    const freed = String((await get(s.key('clerk'), `/units/${m3}`)).houseCode);
    await post(registrar, `/households/${encodeURIComponent(freed)}/unlink`, { reason: '挂接错误' }, 201);
    await post(registrar, `/units/${m2}/relink`, { houseCode: freed, reason: '挂接错误，改挂正确房屋' }, 201);

    // Linkage at scale: a run, the queue, a confirmed and a rejected proposal, the rate.
    const linkProject = nextId('P');
    const linkHouseholds = householdsOf(linkProject, 10, 3);
    await s.post('surveyor', '/projects', { projectId: linkProject, name: '滨江花园', district: DISTRICT, developer: PEOPLE.developer, presalePermit: '达住建预售字(2025)第013号', buildings: [{ buildingId: 'B10', name: '10号楼', households: linkHouseholds }] });
    const registryUnit = (i: number, location: string) => ({ unitNumber: unitNumber(10, i + 1), district: DISTRICT, location, floor: linkHouseholds[i].floor, room: linkHouseholds[i].room, area: '98.50' });
    await post(registrar, `/projects/${linkProject}/linkage/run`, { units: [registryUnit(0, linkHouseholds[0].location), registryUnit(1, '达州市通川区凤凰大道9号'), registryUnit(2, '达州市通川区凤凰大道9号')] });
    await get(s.key('clerk'), `/projects/${linkProject}/linkage/queue`);
    await post(registrar, `/linkage/${encodeURIComponent(linkHouseholds[1].houseCode)}/decision`, { decision: 'CONFIRM' });
    await post(registrar, `/linkage/${encodeURIComponent(linkHouseholds[2].houseCode)}/decision`, { decision: 'REJECT', reason: '地址不符' });
    await get(s.key('clerk'), `/projects/${linkProject}/linkage/rate`);

    // Reads, as the roles that make them: staff, auditors (masked names), the court (parties it may not read).
    const clerk = s.key('clerk');
    const certifier = s.key('certifier');
    const auditor = as('RegistryMSP', 'auditor');
    for (const key of [clerk, auditor, as('CourtMSP', 'enforcement')]) {
      await get(key, `/units/${u1}`);
      await get(key, `/units/${u4}`);
      await get(key, `/restrictions?unitNumber=${u4}`);
    }
    const unit3 = await get(clerk, `/units/${u3}`);
    await get(clerk, `/restrictions?houseCode=${encodeURIComponent(String(unit3.houseCode))}`);
    await get(clerk, `/projects/${String(unit3.projectId)}`);
    await get(s.key('filing'), `/households/${encodeURIComponent(String(unit3.houseCode))}`);
    await fx.request('GET', '/api/v1/business-types');
    await fx.request('GET', '/api/v1/business-types/MORTGAGE');
    await get(clerk, '/units?limit=2');
    await get(clerk, `/units/${u1}/history?limit=3`);
    await get(clerk, `/units/${u1}/title-chain`);
    await get(clerk, `/units/${u3}/book`);
    await get(clerk, `/units/${u1}/certificates`);
    await get(s.key('enforcement'), `/units/${u1}/status`);
    await post(clerk, '/property-searches', { idNumber: PEOPLE.alice.idNumber });
    await get(clerk, `/registrations/${String(registration.registrationId)}`);
    await get(clerk, `/registrations/${suspended}`);
    await get(clerk, '/registrations?limit=3');
    await get(clerk, `/applications/${applicationId}`);
    await get(clerk, `/applications/${applicationId}/progress`);
    await get(clerk, '/applications?limit=3');
    await get(clerk, `/contracts/${contractId}`);
    await get(clerk, `/contracts?unitNumber=${u1}`);
    await post(clerk, '/contract-searches', { party: { idNumber: PEOPLE.bob.idNumber } });
    await get(clerk, `/tax-assessments/${taxId}`);
    await get(clerk, `/certificates/${encodeURIComponent(certNo)}`);
    const document = await get(certifier, `/certificates/${encodeURIComponent(certNo)}/document`);
    await fx.request('GET', `/api/v1/verify/${String(registration.certHash)}`);
    // The PDF is bytes (fx.request reads its body as text), the key set and a rotation JSON.
    await fx.request('GET', `/api/v1/certificates/${encodeURIComponent(certNo)}/pdf`, { key: clerk });
    await fx.request('GET', '/api/v1/issuer-keys');
    const proof = (await post(clerk, '/holdings-proofs', { person: PEOPLE.carol, district: '511702', validDays: 30 }, 201)) as { proofNo: string };
    await get(clerk, `/holdings-proofs/${encodeURIComponent(proof.proofNo)}`);
    await fx.request('GET', `/api/v1/holdings-proofs/${encodeURIComponent(proof.proofNo)}/pdf`, { key: clerk });
    await post(admin, '/admin/issuer-keys/rotate', { office: '达州市不动产登记中心' });
    await fx.request('GET', `/api/v1/verify/${sha256('no such certificate')}`);
    expect(document.certNo).toBe(certNo);
    const certHash = String(registration.certHash);
    for (let i = 0; i < 300 && (await fx.request<{ anchor: { status: string } | null }>('GET', `/api/v1/verify/${certHash}/anchor`)).body.anchor?.status !== 'CONFIRMED'; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await get(clerk, `/anchors/proofs/${certHash}`);
    await get(clerk, '/anchors?limit=5');
    const blocks = (await get(clerk, '/blocks?limit=5')) as { items: Array<{ number: number }> };
    const block = (await get(clerk, `/blocks/${blocks.items[0].number}`)) as { transactions: Array<{ txId: string }> };
    await get(clerk, `/transactions/${block.transactions[0].txId}`);
    await get(clerk, '/overview');
    await get(clerk, `/search?q=${u1}`);
    await get(clerk, '/me');
    await get(auditor, `/statistics?from=${today.slice(0, 8)}01&to=${today}&period=day`);
    await get(auditor, `/statistics.csv?from=${today.slice(0, 8)}01&to=${today}`);
    await get(auditor, '/audit-log?limit=5');
    await get(auditor, '/audit-log.csv?kind=SUBMISSION');
    await get(auditor, '/audit-log/verification');

    // Webhooks: the deliveries of everything above, reconciled and replayed, then the subscription stopped.
    let deliveries = (await get(admin, `/webhooks/${webhook.id}/deliveries?limit=3`)) as { items: Array<{ deliveryId: string }> };
    for (let i = 0; i < 100 && deliveries.items.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      deliveries = (await get(admin, `/webhooks/${webhook.id}/deliveries?limit=3`)) as typeof deliveries;
    }
    await get(admin, '/webhooks');
    await post(admin, `/webhooks/${webhook.id}/reconcile`, {});
    await post(admin, `/webhooks/${webhook.id}/replay`, { fromDeliveryId: deliveries.items[0].deliveryId });
    const stopped = await fx.request('DELETE', `/api/v1/webhooks/${webhook.id}`, { key: admin });
    expect(stopped.status).toBe(200);

    // The event stream is text: its first bytes, checked as the document says.
    const ctl = new AbortController();
    const stream = await fetch(`${fx.url}/api/v1/stream`, { headers: { 'x-api-key': clerk }, signal: ctl.signal });
    const reader = stream.body!.getReader();
    const head = new TextDecoder().decode((await reader.read()).value);
    ctl.abort();
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const expected = expectedResponse(fx.gw.routes, routeMayWarn, 'GET', '/api/v1/stream', stream.status);
    expect(expected && responseProblems(expected, head)).toEqual([]);
    fx.answered.add(`${expected?.operationId} ${stream.status}`);

    // Legacy register: a small generated batch inspected, its report read and downloaded.
    await generateRegister(join(fx.gw.config.legacyBatchDir, 'batch-1'), { records: 300, seed: 3, asOf: today, defectRate: 0.3, format: 'csv' });
    let inspection = (await post(admin, '/legacy/inspections', { batch: 'batch-1' }, 202)) as { inspectionId: string; status: string };
    for (let i = 0; i < 600 && inspection.status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      inspection = (await get(admin, `/legacy/inspections/${inspection.inspectionId}`)) as typeof inspection;
    }
    expect(inspection.status).toBe('DONE');
    await get(admin, '/legacy/inspections');
    await get(admin, `/legacy/inspections/${inspection.inspectionId}/failures?severity=ERROR&limit=10`);
    await get(admin, `/legacy/inspections/${inspection.inspectionId}/rules.csv`);
    await get(admin, `/legacy/inspections/${inspection.inspectionId}/failures.csv`);
    await get(admin, `/legacy/inspections/${inspection.inspectionId}/report.xlsx`);

    await post(admin, '/admin/read-model/rebuild', {});
    await fx.request('GET', '/health');
    await fx.request('GET', '/metrics');
  }, 240_000);

  test('channel accounts, their token endpoint and citizen sign-in', async () => {
    const admin = as('RegistryMSP', 'admin');
    const keys = await channelKeys();
    const created = (await post(admin, '/admin/channels', { name: '中国建设银行达州分行', channelType: 'bank', businessTypes: ['MORTGAGE'], districts: ['511702'], publicJwk: keys.publicJwk }, 201)) as { account: { accountId: string } };
    const id = created.account.accountId;
    await get(admin, '/admin/channels');
    await get(admin, `/admin/channels/${id}`);
    await post(admin, `/admin/channels/${id}/scopes`, { businessTypes: ['MORTGAGE', 'MORTGAGE_CANCELLATION'], districts: ['511702'] });
    const { apiKey } = (await post(admin, `/admin/channels/${id}/credentials`, {})) as { apiKey: string };
    await get(apiKey, '/applicant/identity');
    await post(admin, `/admin/channels/${id}/suspend`, { reason: '测试暂停' });
    await post(admin, `/admin/channels/${id}/reopen`, {});
    const assertion = await clientAssertion(keys.privateKey, id, `${fx.url}/api/v1/oauth/token`);
    const token = await fx.request('POST', '/api/v1/oauth/token', { body: { grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion } });
    expect(token.status).toBe(200);
    const login = await fx.request('GET', '/api/v1/auth/oidc/login?returnTo=/my', { redirect: 'manual' });
    expect(login.status).toBe(302);
    // A callback without a login under way sends the browser back with the reason.
    const callback = await fx.request('GET', '/api/v1/auth/oidc/callback?code=x&state=y', { redirect: 'manual' });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toMatch(/^\/my#login_error=/);
  });

  test('online filing with files, my cases, documents, channel batches and their supervision', async () => {
    const [unit, batchUnit] = await s.building(61, 2);
    await s.registerOnLedger({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const contractId = nextId('HT');
    await s.post('filing', '/contracts', { contractId, kind: 'STOCK', unitNumber: unit, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: PEOPLE.alice }], buyerCoOwnership: 'SOLE', price: '880000.00' });
    const citizen = { authorization: `Bearer ${await citizenToken(fx.url, 'alice')}` };
    const scan = (label: string) => Buffer.concat([Buffer.from(`%PDF-1.7\n% ${label}\n`), Buffer.alloc(200, 0x20)]);
    const upload = (metadata: unknown, types: readonly string[]) => {
      const f = new FormData();
      if (metadata) f.append('metadata', JSON.stringify(metadata));
      for (const t of types) f.append(t, new Blob([scan(`${t} ${unit}`)], { type: 'application/pdf' }), `${t}.pdf`);
      return f;
    };
    const asCitizen = async (method: string, path: string, status: number, opts: { form?: FormData; body?: unknown } = {}) => {
      const res = await fx.request(method, `/api/v1${path}`, { headers: citizen, ...opts });
      expect({ path, status: res.status }).toEqual({ path, status });
      return res;
    };
    const filed = (await asCitizen('POST', '/applicant/applications', 201, { form: upload({ businessType: 'TRANSFER', unitNumber: unit, contractId }, MATERIALS_CHECKLIST.TRANSFER) })).body as { record: { applicationId: string; materials: Array<{ sha256: string }> } };
    const id = filed.record.applicationId;
    await asCitizen('POST', `/applicant/applications/${id}/supplement`, 201, { form: upload(undefined, ['TAX_EXEMPTION']) });
    await asCitizen('GET', '/applicant/applications', 200);
    await asCitizen('GET', '/applicant/properties', 200);
    await asCitizen('GET', `/applicant/applications/${id}/progress`, 200);
    await asCitizen('GET', `/applicant/documents/${filed.record.materials[0].sha256}`, 200);
    await get(as('RegistryMSP', 'clerk'), `/documents/${filed.record.materials[0].sha256}`);
    await asCitizen('POST', `/applicant/applications/${id}/withdraw`, 201, { body: { reason: '协商解除' } });
    // The holder's documents: a certificate naming alice, and her own holdings proof.
    const [held] = await s.building(62, 1);
    await s.register({ type: 'FIRST', unitNumber: held, applicants: ['developer'] });
    const heldCert = String((await s.transfer(held, ['developer'], ['alice'])).registration.certNo);
    await asCitizen('GET', `/applicant/certificates/${encodeURIComponent(heldCert)}/pdf`, 200);
    const myProof = (await asCitizen('POST', '/applicant/holdings-proofs', 201, { body: { district: '511702' } })).body as { proofNo: string };
    await asCitizen('GET', `/applicant/holdings-proofs/${encodeURIComponent(myProof.proofNo)}`, 200);
    await asCitizen('GET', `/applicant/holdings-proofs/${encodeURIComponent(myProof.proofNo)}/pdf`, 200);

    const admin = as('RegistryMSP', 'admin');
    const developer = (await post(admin, '/admin/channels', { name: '达州市滨江房地产开发有限公司', channelType: 'developer', businessTypes: ['FIRST'], districts: ['511702'] }, 201)) as { apiKey: string };
    const batch = (await post(developer.apiKey, '/channel/batches', { idempotencyKey: 'schemas-first', items: [{ itemKey: 'one', registration: { type: 'FIRST', unitNumber: batchUnit, applicants: [{ party: PEOPLE.developer }], documents: materials('FIRST') } }] }, 202)) as { batch: { batchId: string } };
    await get(developer.apiKey, `/channel/batches/${batch.batch.batchId}`);
    await get(developer.apiKey, `/channel/batches/${batch.batch.batchId}/items`);
    await get(as('RegistryMSP', 'admin'), '/channel-supervision');
  }, 240_000);

  test('online appointments: an office, its window and slots, a booking listed, moved and cancelled, the office day', async () => {
    const admin = as('RegistryMSP', 'admin');
    await post(admin, '/admin/appointment-offices', { officeId: 'schemas-hall', name: '政务服务大厅', address: '达州市通川区朝阳东路1号', districts: ['511702'] }, 201);
    await post(admin, '/admin/appointment-offices/schemas-hall/windows', { windowId: 'w1', name: '1号窗口', businessTypes: ['TRANSFER'] }, 201);
    const { today } = (await fx.request<{ today: string }>('GET', '/api/v1/time')).body;
    const times = [{ start: '09:00', end: '09:30' }, { start: '10:00', end: '10:30' }];
    const opened = (await post(admin, '/admin/appointment-offices/schemas-hall/slots', { windowId: 'w1', from: addDays(today, 1), to: addDays(today, 10), times, capacity: 2 }, 201)) as { dates: string[] };
    await get(admin, '/appointment-offices');
    const slots = (await get(admin, `/appointment-offices/schemas-hall/slots?date=${opened.dates[0]}`)) as { items: Array<{ slotId: string }> };
    await post(admin, `/admin/appointment-slots/${slots.items[0].slotId}/capacity`, { capacity: 3 });
    const agent = (await post(admin, '/admin/channels', { name: '达州安居登记代理有限公司', channelType: 'agent', businessTypes: ['TRANSFER'], districts: ['511702'] }, 201)) as { apiKey: string };
    const booked = (await post(agent.apiKey, '/applicant/appointments', { slotId: slots.items[0].slotId, businessType: 'TRANSFER' }, 201)) as { appointmentId: string };
    await get(agent.apiKey, '/applicant/appointments');
    await get(agent.apiKey, `/applicant/appointments/${booked.appointmentId}`);
    await post(agent.apiKey, `/applicant/appointments/${booked.appointmentId}/move`, { slotId: slots.items[1].slotId });
    await get(as('RegistryMSP', 'clerk'), `/appointment-offices/schemas-hall/bookings?date=${opened.dates[0]}`);
    await post(agent.apiKey, `/applicant/appointments/${booked.appointmentId}/cancel`, {});
  });

  // Check-in opens half an hour before a slot, a no-show after it: a gateway whose register clock the test sets.
  test('online appointments at the window: check-in and no-show, on a gateway whose clock moves', async () => {
    const clock = new SetClock('2027-03-01T08:00:00+08:00');
    const moved = await GatewayFixture.start(engine, {}, { clock });
    try {
      const m = new HttpScenario(moved);
      await m.post('admin', '/admin/appointment-offices', { officeId: 'window-hall', name: '政务服务大厅', address: '达州市通川区朝阳东路1号', districts: ['511702'] });
      await m.post('admin', '/admin/appointment-offices/window-hall/windows', { windowId: 'w1', name: '1号窗口', businessTypes: ['TRANSFER'] });
      const day = '2027-03-01';
      await m.post('admin', '/admin/appointment-offices/window-hall/slots', { windowId: 'w1', from: day, to: day, times: [{ start: '09:00', end: '09:30' }], capacity: 2 });
      const [slot] = (await m.get<{ items: Array<{ slotId: string }> }>('admin', `/appointment-offices/window-hall/slots?date=${day}`)).items;
      const agents = await Promise.all(['甲', '乙'].map(async (n) => (await m.post('admin', '/admin/channels', { name: `登记代理${n}`, channelType: 'agent', businessTypes: ['TRANSFER'], districts: ['511702'] })).apiKey as string));
      const [arrives, misses] = await Promise.all(agents.map(async (key) => (await moved.request<{ appointmentId: string }>('POST', '/api/v1/applicant/appointments', { key, body: { slotId: slot.slotId, businessType: 'TRANSFER' } })).body.appointmentId));
      clock.set(`${day}T09:10:00+08:00`);
      await m.post('clerk', `/appointments/${arrives}/check-in`, {});
      clock.set(`${day}T09:30:00+08:00`);
      await m.post('clerk', `/appointments/${misses}/no-show`, {});
      for (const answer of moved.answered) fx.answered.add(answer);
    } finally {
      await moved.close();
    }
  }, 120_000);

  test('the registry offices: read and set again by the registry admin', async () => {
    const admin = as('RegistryMSP', 'admin');
    const config = (await get(admin, '/admin/registry-offices')) as { provinceAbbr: string; offices: unknown[] };
    await post(admin, '/admin/registry-offices', { provinceAbbr: config.provinceAbbr, offices: config.offices }, 201);
  });

  test("a case's fees to its staff and its channel, an exemption, the payment platform's signed notification; registry units declared for linkage", async () => {
    const admin = as('RegistryMSP', 'admin');
    const bank = (await post(admin, '/admin/channels', { name: '中国建设银行达州分行', channelType: 'bank', businessTypes: ['MORTGAGE'], districts: ['511702'] }, 201)) as { apiKey: string; account: { accountId: string } };
    const bankMortgage = async () => {
      const [unit] = await s.building(Math.floor(Math.random() * 9000) + 100, 1);
      await s.registerOnLedger({ type: 'FIRST', unitNumber: unit, applicants: ['alice'] });
      const applicationId = nextId('YC');
      await s.post('clerk', '/applications', { applicationId, businessType: 'MORTGAGE', unitNumber: unit, applicants: [PEOPLE.alice, PEOPLE.bank], materials: materials('MORTGAGE'), channel: bank.account.accountId });
      await s.applyAndIssue({ type: 'MORTGAGE', unitNumber: unit, applicationId, applicants: [{ party: PEOPLE.alice }], mortgage: { creditor: PEOPLE.bank, noTransfer: false, ...MORTGAGE_TERMS } });
      return applicationId;
    };
    const paidCase = await bankMortgage();
    const due = (await get(bank.apiKey, `/applicant/applications/${paidCase}/fees`)) as { total: string };
    await get(as('RegistryMSP', 'clerk'), `/fees/${paidCase}`);
    const notification = await new SignJWT({ jti: nextId('PAY'), caseId: paidCase, amount: due.total, currency: 'CNY', paidAt: '2026-12-01T10:00:00+08:00' })
      .setProtectedHeader({ alg: 'ES256', kid: 'platform-1' }).setIssuer(PAYMENT_ISSUER).setAudience('estate-ledger').setIssuedAt().sign(paymentKey);
    await post('', '/payments/notifications', { notification });
    await post(as('RegistryMSP', 'clerk'), `/fees/${await bankMortgage()}/exemption`, { code: 'SMALL_MICRO_ENTERPRISE', documentSha256: hashOf('小微企业证明') });

    await post(as('RegistryMSP', 'registrar'), '/registry-units', { district: DISTRICT, units: [{ unitNumber: unitNumber(67, 101), location: '达州市通川区滨江路67幢1单元101室', floor: 1, room: '101', area: '88.00' }] }, 201);
  }, 240_000);

  // The announcement waits 30 working days after the notice: a second gateway whose register clock the test moves answers it.
  test("the registry's own correction: notice and announcement, on a gateway whose clock moves", async () => {
    const clock = new SetClock('2026-02-05T10:00:00+08:00');
    const moved = await GatewayFixture.start(engine, {}, { clock });
    try {
      const m = new HttpScenario(moved);
      const [unit] = await m.building(68, 1);
      const entry = (await m.register({ type: 'FIRST', unitNumber: unit, applicants: ['alice'] })).registrationId;
      const registrationId = nextId('YZGZ');
      const registrar = moved.key('RegistryMSP', 'registrar');
      const started = await moved.request('POST', '/api/v1/registry-corrections', { key: registrar, body: { registrationId, unitNumber: unit, entryRegistrationId: entry, change: { use: '商业', reason: '用途误记' }, noticeHash: hashOf('通知') } });
      expect(started.status).toBe(201);
      clock.set('2026-03-25T10:00:00+08:00');
      const announced = await moved.request('POST', `/api/v1/registrations/${registrationId}/announce`, { key: registrar, body: { announcementHash: hashOf('公告') } });
      expect(announced.status).toBe(201);
      for (const answer of moved.answered) fx.answered.add(answer);
    } finally {
      await moved.close();
    }
  }, 120_000);

  test('no route, and no endpoint outside /api/v1 in the document, went without a checked answer', () => {
    const documented = [...fx.gw.routes.map((r) => `${r.operationId} ${r.response.status}`), ...OPERATIONAL_ENDPOINTS.map((e) => `${e.operationId} 200`)];
    expect(documented.filter((d) => !fx.answered.has(d))).toEqual([]);
  });
});
