import { createHash, randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { MATERIALS_CHECKLIST } from '@estate-ledger/chaincode';
import { DEMO_CITIZENS } from '../../gateway-api/src/identity-provider/local-idp';
import { householdsOf } from '../../gateway-api/test/support/scenario';
import { PEOPLE, hashOf, unitNumber } from '../../gateway-api/test/support/ledger-fixture';
import { captureAtBothWidths, eventually, expectFitsAndLabelled, launch, openPage } from './support/browser';
import { sharedGateway } from './support/shared';

jest.setTimeout(600_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Scans as a citizen's phone uploads them: real PDF and PNG headers, distinct bytes per file. */
const pdf = (label: string) => Buffer.concat([Buffer.from(`%PDF-1.7\n% ${label}\n`), Buffer.alloc(1500, 0x20), Buffer.from('\n%%EOF\n')]);
const png = (label: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(label)]);

const citizen = (login: string) => {
  const c = DEMO_CITIZENS.find((x) => x.login === login);
  if (!c) throw new Error(`no demo citizen ${login}`);
  return c;
};
const ZHANGSAN = citizen('zhangsan');

/**
 * The citizen's side end to end, with the real local OpenID provider the gateway runs and the
 * explorer in Chromium: sign-in on the provider's form, an online transfer filed with its files,
 * the registry's request for a missing item, the upload from the "my cases" page, the case through
 * to the certificate, then "my properties" with the unit and the certificate's PDF. Another citizen
 * signed in sees none of it, in the browser and through the API.
 */
describe('a citizen applies online, supplies what the registry asks for and finds the new home under "my properties"', () => {
  const { gw } = sharedGateway();
  let browser: Browser;

  const call = async <T = Record<string, unknown>>(method: string, path: string, auth: { key?: string; token?: string }, body?: unknown): Promise<{ status: number; body: T }> => {
    const headers: Record<string, string> = {};
    if (auth.key) headers['x-api-key'] = auth.key;
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${gw.url}/api/v1${path}`, { method, headers, body: payload });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  /** A staff step that must succeed. */
  const staff = async (msp: string, role: string, path: string, body: unknown = {}) => {
    const res = await call('POST', path, { key: gw.key(msp, role) }, body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path} as ${msp}/${role}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const registry = (role: string, path: string, body: unknown = {}) => staff('RegistryMSP', role, path, body);

  /** The provider's sign-in form (oidc-provider's development interactions), then back to the explorer. */
  async function signIn(page: Page, login: string): Promise<void> {
    await page.goto(`${gw.url}/my`);
    await page.getByTestId('citizen-sign-in').click();
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any password');
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => u.origin === gw.url && u.pathname === '/my', { timeout: 120_000 });
    await page.getByTestId('citizen').waitFor({ timeout: 120_000 });
  }

  /** The token the tab keeps for the session (what the explorer sends as its bearer). */
  const tokenOf = (page: Page) => page.evaluate(() => (JSON.parse(sessionStorage.getItem('estate-ledger.session') ?? '{}') as { token?: string }).token ?? null);

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('through HTTP and in Chromium with the local OpenID provider', async () => {
    // A developer's new home on a building of its own (the shared seed's buildings are numbered low).
    const building = randomInt(5000, 9999);
    const projectId = `P-CITIZEN-${building}-${Date.now().toString(36)}`;
    const [household] = householdsOf(projectId, building, 1);
    const unit = unitNumber(building, 1);
    await staff('HousingMSP', 'surveyor', '/projects', {
      projectId, name: '滨江花园', district: '511702', developer: PEOPLE.developer, presalePermit: '达住建预售字(2025)第012号',
      buildings: [{ buildingId: `B${building}`, name: `${building}号楼`, households: [household] }],
    });
    await registry('registrar', `/households/${encodeURIComponent(household.houseCode)}/link`, { unitNumber: unit });
    const first = `REG-FIRST-${projectId}`;
    await registry('clerk', '/registrations', { registrationId: first, type: 'FIRST', unitNumber: unit, applicants: [{ party: PEOPLE.developer }], documents: MATERIALS_CHECKLIST.FIRST.map((t) => ({ type: t, sha256: hashOf(`${first}:${t}`) })) });
    for (const [role, step, body] of [['clerk', 'accept', {}], ['reviewer', 'review', { decision: 'APPROVE' }], ['registrar', 'record', {}], ['certifier', 'certify', {}], ['certifier', 'issue', {}]] as const) {
      await registry(role, `/registrations/${first}/${step}`, body);
    }
    // Sold to 张三丰 (the provider's zhangsan): the contract filed with housing, the deed tax cleared.
    const contractId = `HT-${projectId}`;
    const buyer = { kind: 'PERSON', name: ZHANGSAN.name, idNumber: ZHANGSAN.idNumber };
    await staff('HousingMSP', 'filing', '/contracts', { contractId, kind: 'STOCK', unitNumber: unit, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: buyer }], buyerCoOwnership: 'SOLE', price: '980000.00' });
    await staff('HousingMSP', 'filing', `/contracts/${contractId}/file`);
    const taxId = `TAX-${projectId}`;
    await staff('TaxMSP', 'assessor', '/tax-assessments', { taxId, contractId, items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '980000.00', rate: '1.5', amount: '14700.00' }] });
    await staff('TaxMSP', 'assessor', `/tax-assessments/${taxId}/clear`, { voucherHash: hashOf(`voucher:${taxId}`) });

    // zhangsan signs in on the provider's form; the explorer takes the token out of the address.
    const { page, errors } = await openPage(browser, 375);
    await signIn(page, 'zhangsan');
    expect(page.url()).toBe(`${gw.url}/my`);
    await expect(page.getByTestId('citizen').textContent()).resolves.toContain(ZHANGSAN.name);
    await expect(page.getByTestId('who').textContent()).resolves.toContain(ZHANGSAN.name);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'my'));
    const token = await tokenOf(page);
    expect(token).toEqual(expect.any(String));

    // The online application on the explorer's form: the type, the unit, the contract and a file per checklist item.
    await page.getByRole('link', { name: '网上申请' }).first().click();
    const apply = page.getByTestId('apply');
    await apply.getByLabel('业务类型').selectOption('TRANSFER');
    await apply.getByLabel('不动产单元号').fill(unit);
    await apply.getByLabel('合同备案号').fill(contractId);
    const files = MATERIALS_CHECKLIST.TRANSFER.map((type) => ({ type, bytes: type === 'ID_DOCUMENT' ? png(`zhangsan ${type}`) : pdf(type === 'TAX_VOUCHER' ? 'tax voucher, blurred' : `${type} of ${unit}`) }));
    for (const f of files) {
      const [mimeType, ext] = f.type === 'ID_DOCUMENT' ? ['image/png', 'png'] : ['application/pdf', 'pdf'];
      await apply.locator(`[data-material="${f.type}"] input[type=file]`).setInputFiles({ name: `${f.type}.${ext}`, mimeType, buffer: f.bytes });
    }
    expectFitsAndLabelled(await captureAtBothWidths(page, 'my-apply'));
    await apply.getByRole('button', { name: '提交申请' }).click();
    const filedCard = page.getByTestId('filed');
    await filedCard.waitFor({ timeout: 120_000 });
    const applicationId = (await filedCard.getAttribute('data-application')) ?? '';
    // The ledger holds each file's SHA-256; the bytes are the ones uploaded.
    const application = await call<{ materials: Array<{ type: string; sha256: string }> }>('GET', `/applications/${applicationId}`, { key: gw.key('RegistryMSP', 'clerk') });
    expect(application.body.materials).toEqual(files.map((f) => ({ type: f.type, sha256: sha256(f.bytes) })));

    // The registry takes it in and asks for a readable tax voucher (补正, naming the item).
    const transfer = `REG-TRANSFER-${projectId}`;
    await registry('clerk', '/registrations', { registrationId: transfer, type: 'TRANSFER', unitNumber: unit, contractId, taxId, applicationId });
    await registry('clerk', `/registrations/${transfer}/request-supplement`, { note: '完税凭证不清晰，请重新上传', missing: ['TAX_VOUCHER'] });

    // "My cases" names what is awaited from the citizen and takes the file.
    await page.getByRole('link', { name: '我的办件' }).first().click();
    const card = page.locator(`li.case-card[data-application="${applicationId}"]`);
    await card.getByTestId('awaiting').waitFor();
    await expect(card.getByTestId('awaiting').textContent()).resolves.toContain('完税凭证');
    expectFitsAndLabelled(await captureAtBothWidths(page, 'my-cases-supplement'));
    const voucher = pdf('tax voucher, sharp');
    await card.getByLabel('完税凭证').setInputFiles({ name: '完税凭证-清晰.pdf', mimeType: 'application/pdf', buffer: voucher });
    await card.getByRole('button', { name: '提交补正材料' }).click();
    await card.getByTestId('supplement').waitFor({ state: 'detached', timeout: 120_000 });
    // The uploaded bytes are the case's, readable by its staff, hashing to the ledger's hash.
    const stored = await fetch(`${gw.url}/api/v1/documents/${sha256(voucher)}`, { headers: { 'x-api-key': gw.key('RegistryMSP', 'clerk') } });
    expect(stored.status).toBe(200);
    expect(sha256(Buffer.from(await stored.arrayBuffer()))).toBe(sha256(voucher));

    for (const [role, step, body] of [['clerk', 'accept', {}], ['reviewer', 'review', { decision: 'APPROVE' }], ['registrar', 'record', {}], ['certifier', 'certify', {}], ['certifier', 'issue', {}]] as const) {
      await registry(role, `/registrations/${transfer}/${step}`, body);
    }

    // Progress: every department done, the registration issued.
    await page.reload();
    await card.locator('li[data-status="ISSUED"]').waitFor({ timeout: 120_000 });
    await expect(card.getByTestId('awaiting').count()).resolves.toBe(0);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'my-cases-done'));

    // "My properties": the unit, held by ownership, with its new title certificate to download.
    // The certificate is numbered by the registry's numbering station shortly after certification.
    const myTitle = async () =>
      (await call<{ items: Array<{ unitNumber: string; certificates: Array<{ certNo: string; kind: string; status: string }> }> }>('GET', '/applicant/properties', { token: token ?? '' })).body.items
        .find((u) => u.unitNumber === unit)
        ?.certificates.find((c) => c.kind === 'TITLE' && c.status === 'VALID')?.certNo;
    const certNo = (await eventually(async () => (await myTitle()) !== undefined, true, 120_000)) ? ((await myTitle()) ?? '') : '';
    expect(certNo).not.toBe('');
    await page.getByRole('link', { name: '我名下的不动产' }).first().click();
    const home = page.locator(`li.case-card[data-unit="${unit}"]`);
    await home.waitFor();
    await expect(home.locator('[data-right="OWNERSHIP"]').count()).resolves.toBe(1);
    const cert = home.locator(`li[data-cert="${certNo}"]`);
    await expect(cert.textContent()).resolves.toContain('有效');
    expectFitsAndLabelled(await captureAtBothWidths(page, 'my-properties'));
    const [download] = await Promise.all([page.waitForEvent('download'), cert.getByRole('button', { name: '下载 PDF' }).click()]);
    const downloaded = await readFile((await download.path()) ?? '');
    expect(downloaded.subarray(0, 5).toString()).toBe('%PDF-');
    // The file the holder keeps is the one the public verifies.
    const verified = await (await fetch(`${gw.url}/api/v1/verify/${sha256(downloaded)}`)).json();
    expect(verified).toMatchObject({ outcome: 'VALID' });
    expect(errors).toEqual([]);

    // Signing out ends the tab's session.
    await page.getByRole('link', { name: '市民服务' }).first().click();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByTestId('citizen-sign-in').waitFor();
    await expect(tokenOf(page)).resolves.toBeNull();
    await page.goto(`${gw.url}/my/properties`);
    await page.getByTestId('citizen-login-required').waitFor();

    // lisi signs in in another browser: none of it is his.
    const other = await openPage(browser, 375);
    await signIn(other.page, 'lisi');
    await other.page.getByRole('link', { name: '我的办件' }).first().click();
    await other.page.getByText('您还没有办件。').waitFor();
    await other.page.getByRole('link', { name: '我名下的不动产' }).first().click();
    await other.page.getByTestId('no-properties').waitFor();
    const lisi = (await tokenOf(other.page)) ?? '';
    expect((await call('GET', `/applicant/applications/${applicationId}/progress`, { token: lisi })).status).toBe(404);
    expect((await call('GET', `/applicant/documents/${sha256(voucher)}`, { token: lisi })).status).toBe(404);
    expect((await call('GET', `/applicant/certificates/${encodeURIComponent(certNo)}/pdf`, { token: lisi })).status).toBe(404);
    expect(other.errors).toEqual([]);
    await other.page.close();
    await page.close();
  });
});
