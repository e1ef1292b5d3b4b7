import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { assessFee, BUILT_IN_FEE_TABLE, type FeeSubject } from '@estate-ledger/chaincode';
import { loadConfig } from '../src/config/gateway-config';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { PEOPLE, hashOf } from './support/ledger-fixture';

jest.setTimeout(300_000);

const parcel = (p: string, n: number) => `511702001002GB${p}F0001${String(n).padStart(4, '0')}`;
const home = (unitNumber: string) => ({ unitNumber, use: '住宅' });
const fee = (subject: Partial<FeeSubject>) => assessFee(BUILT_IN_FEE_TABLE, { registrationId: 'R', type: 'FIRST', units: [home(parcel('00011', 1))], certificateHolders: 1, ...subject });

describe('the fee table (发改价格规〔2016〕2559号, 财税〔2016〕79号, amounts assumed until checked)', () => {
  test('a residential registration is 80 yuan a piece with its first certificate; a non-residential one 550', () => {
    expect(fee({})).toMatchObject({ feeClass: 'RESIDENTIAL', pieces: 1, registrationFee: '80.00', certificates: 1, certificateFee: '0.00', total: '80.00' });
    expect(fee({ units: [{ unitNumber: parcel('00011', 1), use: '商业' }] })).toMatchObject({ feeClass: 'NON_RESIDENTIAL', registrationFee: '550.00', total: '550.00' });
  });

  test('every title certificate beyond the first costs 10 yuan; a registration proof costs nothing', () => {
    expect(fee({ type: 'TRANSFER', certificateHolders: 3 })).toMatchObject({ certificates: 3, certificateFee: '20.00', total: '100.00' });
    expect(fee({ type: 'MORTGAGE', certificateHolders: 0 })).toMatchObject({ certificates: 0, total: '80.00' });
  });

  test('a mortgage over several units of one parcel is one piece; units on two parcels are two', () => {
    expect(fee({ type: 'MORTGAGE', units: [home(parcel('00011', 1)), home(parcel('00011', 2)), home(parcel('00011', 3))], certificateHolders: 0 })).toMatchObject({ pieces: 1, total: '80.00' });
    expect(fee({ type: 'MORTGAGE', units: [home(parcel('00011', 1)), home(parcel('00012', 1))], certificateHolders: 0 })).toMatchObject({ pieces: 2, total: '160.00' });
  });

  test('cancellations, corrections and advance notices are free', () => {
    for (const type of ['CANCELLATION', 'MORTGAGE_CANCELLATION', 'NOTICE_CANCELLATION', 'CORRECTION', 'NOTICE'] as const) {
      expect(fee({ type, certificateHolders: type === 'CORRECTION' ? 1 : 0 })).toMatchObject({ registrationFee: '0.00', total: '0.00' });
    }
  });

  test('a small or micro enterprise pays neither the fee nor its first certificate; spouses pay only the certificates', () => {
    expect(fee({ exemption: 'SMALL_MICRO_ENTERPRISE', certificateHolders: 2 })).toMatchObject({ registrationFee: '0.00', certificateFee: '10.00', total: '10.00' });
    expect(fee({ type: 'TRANSFER', exemption: 'SPOUSES', certificateHolders: 2 })).toMatchObject({ registrationFee: '0.00', certificateFee: '20.00', total: '20.00' });
    expect(() => fee({ exemption: 'NO_SUCH' })).toThrow('No exemption NO_SUCH');
  });

  test('FEE_TABLE_FILE replaces the table; a malformed one stops the gateway at start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fee-table-'));
    try {
      const local = { ...BUILT_IN_FEE_TABLE, registrationFee: { ...BUILT_IN_FEE_TABLE.registrationFee, RESIDENTIAL: { amount: '60.00', basis: '地方降费' } } };
      await writeFile(join(dir, 'fees.json'), JSON.stringify(local));
      const config = loadConfig({ DATA_DIR: join(dir, 'data'), FEE_TABLE_FILE: join(dir, 'fees.json') });
      expect(assessFee(config.feeTable, { registrationId: 'R', type: 'FIRST', units: [home(parcel('00011', 1))], certificateHolders: 1 }).total).toBe('60.00');
      await writeFile(join(dir, 'bad.json'), JSON.stringify({ ...local, currency: 'USD' }));
      expect(() => loadConfig({ DATA_DIR: join(dir, 'data'), FEE_TABLE_FILE: join(dir, 'bad.json') })).toThrow(/FEE_TABLE_FILE .*currency/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const ISSUER = 'https://pay.example.test';

describe.each(ENGINES)('fees per case and the payment platform’s signed notification (%s)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;
  let dir: string;
  let platformKey: KeyLike;
  let forgerKey: KeyLike;
  let bank: { apiKey: string; accountId: string };
  let otherBank: { apiKey: string; accountId: string };

  const notify = (claims: Record<string, unknown>, key = platformKey, opts: { audience?: string } = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'platform-1' }).setIssuer(ISSUER).setAudience(opts.audience ?? 'estate-ledger').setIssuedAt().sign(key);
  const post = async (notification: string) => fx.request<{ error?: { code: string }; duplicate?: boolean; fees?: { status: string; payment: { receivedAt: string } } }>('POST', '/api/v1/payments/notifications', { body: { notification } });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'payment-jwks-'));
    const platform = await generateKeyPair('ES256');
    platformKey = platform.privateKey;
    forgerKey = (await generateKeyPair('ES256')).privateKey;
    await writeFile(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(platform.publicKey)), kid: 'platform-1', alg: 'ES256', use: 'sig' }] }));
    fx = await GatewayFixture.start(engine, { PAYMENT_JWKS: join(dir, 'jwks.json'), PAYMENT_ISSUER: ISSUER });
    s = new HttpScenario(fx);
    const channel = async (name: string) =>
      (await fx.request<{ apiKey: string; account: { accountId: string } }>('POST', '/api/v1/admin/channels', { key: fx.key('RegistryMSP', 'admin'), body: { name, channelType: 'bank', businessTypes: ['MORTGAGE', 'MORTGAGE_CANCELLATION'], districts: ['511702'] } })).body;
    const created = [await channel(`建设银行 ${engine}`), await channel(`工商银行 ${engine}`)];
    [bank, otherBank] = created.map((c) => ({ apiKey: c.apiKey, accountId: c.account.accountId }));
  });
  afterAll(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A bank's mortgage taken in at the registry's counter for the bank's channel (its case is then the bank's), registered under that application. */
  async function bankMortgage(): Promise<string> {
    const [unit] = await s.building(Math.floor(Math.random() * 9000) + 100, 1);
    await s.registerOnLedger({ type: 'FIRST', unitNumber: unit, applicants: ['alice'] });
    const applicationId = nextId('YC');
    await s.post('clerk', '/applications', { applicationId, businessType: 'MORTGAGE', unitNumber: unit, applicants: [PEOPLE.alice, PEOPLE.bank], materials: materials('MORTGAGE'), channel: bank.accountId });
    await s.applyAndIssue({ type: 'MORTGAGE', unitNumber: unit, applicationId, applicants: [{ party: PEOPLE.alice }], mortgage: { creditor: PEOPLE.bank, amount: '600000.00', maximumAmount: false, noTransfer: false, termStart: '2026-01-01', termEnd: '2036-01-01' } });
    return applicationId;
  }

  it('shows the case its fees to its applicant and staff only, and takes one signed payment of the amount due, once', async () => {
    const caseId = await bankMortgage();
    const mine = await fx.request<{ total: string; status: string; items: Array<{ type: string; pieces: number }> }>('GET', `/api/v1/applicant/applications/${caseId}/fees`, { key: bank.apiKey });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: '80.00', status: 'UNPAID', items: [{ type: 'MORTGAGE', pieces: 1 }] });
    expect((await fx.request('GET', `/api/v1/fees/${caseId}`, { key: s.key('clerk') })).body).toMatchObject({ total: '80.00', status: 'UNPAID' });
    expect((await fx.request('GET', `/api/v1/applicant/applications/${caseId}/fees`, { key: otherBank.apiKey })).status).toBe(404);
    expect((await fx.request('GET', `/api/v1/applicant/applications/${caseId}/fees`)).status).toBe(401);
    expect((await fx.request('GET', `/api/v1/fees/${caseId}`, { key: fx.key('RegistryMSP', 'clerk', '511703') })).body).toMatchObject({ error: { code: 'CASE_NOT_FOUND' } });

    const jti = nextId('PAY');
    const claims = { jti, caseId, amount: '80.00', currency: 'CNY', paidAt: '2026-12-01T10:00:00+08:00' };
    expect((await post(await notify(claims, forgerKey))).body).toMatchObject({ error: { code: 'PAYMENT_SIGNATURE_INVALID' } });
    expect((await post(await notify(claims, platformKey, { audience: 'someone-else' }))).body).toMatchObject({ error: { code: 'PAYMENT_SIGNATURE_INVALID' } });
    expect((await post(await notify({ ...claims, amount: '79.00' }))).body).toMatchObject({ error: { code: 'PAYMENT_AMOUNT_MISMATCH' } });
    expect((await post(await notify({ ...claims, caseId: 'YC-NO-SUCH-CASE' }))).body).toMatchObject({ error: { code: 'PAYMENT_CASE_UNKNOWN' } });
    expect((await fx.request('GET', `/api/v1/fees/${caseId}`, { key: s.key('clerk') })).body).toMatchObject({ status: 'UNPAID', payment: null });

    const valid = await notify(claims);
    const paid = await post(valid);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ duplicate: false, fees: { status: 'PAID', payment: { notificationId: jti, amount: '80.00', paidAt: '2026-12-01T02:00:00.000Z' } } });
    // The platform retries: the same notification changes nothing.
    const again = await post(valid);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, fees: { status: 'PAID', payment: { receivedAt: paid.body.fees?.payment.receivedAt } } });
    // The id pays one case once: reused with other content it is a replay; another id for a paid case is refused too.
    expect((await post(await notify({ ...claims, paidAt: '2026-12-01T11:00:00+08:00' }))).body).toMatchObject({ error: { code: 'PAYMENT_NOTIFICATION_REPLAYED' } });
    expect((await post(await notify({ ...claims, jti: nextId('PAY') }))).body).toMatchObject({ error: { code: 'CASE_ALREADY_PAID' } });
    expect((await fx.request('GET', `/api/v1/applicant/applications/${caseId}/fees`, { key: bank.apiKey })).body).toMatchObject({ status: 'PAID', payment: { notificationId: jti } });
  });

  it('computes a several-unit mortgage as one piece, a two-buyer transfer with one extra certificate, a cancellation as nothing due, and an exemption the registry grants', async () => {
    const units = await s.building(Math.floor(Math.random() * 9000) + 100, 2);
    for (const unit of units) await s.registerOnLedger({ type: 'FIRST', unitNumber: unit, applicants: ['alice'] });
    const mortgage = await s.applyAndIssue({ type: 'MORTGAGE', unitNumber: units[0], additionalUnits: [units[1]], applicants: [{ party: PEOPLE.alice }], mortgage: { creditor: PEOPLE.bank, amount: '900000.00', maximumAmount: false, noTransfer: false, termStart: '2026-01-01', termEnd: '2036-01-01' } });
    expect((await s.get(`clerk`, `/fees/${mortgage}`))).toMatchObject({ total: '80.00', items: [{ pieces: 1, feeClass: 'RESIDENTIAL' }] });

    const { rightId } = await s.get<{ rightId: string }>('clerk', `/registrations/${mortgage}`);
    const cancellation = nextId('REG');
    await s.post('clerk', '/registrations', { registrationId: cancellation, type: 'MORTGAGE_CANCELLATION', unitNumber: units[0], targetRightId: rightId, applicants: [{ party: PEOPLE.alice }, { party: PEOPLE.bank }], documents: materials('MORTGAGE_CANCELLATION') });
    expect(await s.get('clerk', `/fees/${cancellation}`)).toMatchObject({ total: '0.00', status: 'NOTHING_DUE' });

    const { registration } = await s.transfer(units[1], ['alice'], ['bob', 'carol']);
    const caseId = registration.applicationId as string;
    expect(await s.get('clerk', `/fees/${caseId}`)).toMatchObject({ total: '90.00', items: [{ type: 'TRANSFER', certificates: 2, certificateFee: '10.00' }] });
    const unknown = await fx.request('POST', `/api/v1/fees/${caseId}/exemption`, { key: s.key('clerk'), body: { code: 'NO_SUCH', documentSha256: hashOf('x') } });
    expect(unknown.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'code', rule: 'FEE_EXEMPTION_UNKNOWN' } });
    expect((await fx.request('POST', `/api/v1/fees/${caseId}/exemption`, { key: s.key('reviewer'), body: { code: 'SPOUSES', documentSha256: hashOf('marriage') } })).status).toBe(403);
    const granted = await fx.request('POST', `/api/v1/fees/${caseId}/exemption`, { key: s.key('clerk'), body: { code: 'SPOUSES', documentSha256: hashOf('marriage certificate') } });
    expect(granted.body).toMatchObject({ total: '20.00', exemption: { code: 'SPOUSES' }, items: [{ registrationFee: '0.00', certificateFee: '20.00' }] });
  });
});
