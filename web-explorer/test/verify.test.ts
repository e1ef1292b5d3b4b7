import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { addYearsToDate, materialRequirements, type PartyIdentity, type RegistrationType } from '@estate-ledger/chaincode';
import { GatewayClient as SeedClient, creditCode, type SeededUnit } from '../../gateway-api/src/cli/demo-seed';
import { captureAtBothWidths, expectFitsAndLabelled, launch, openPage } from './support/browser';
import { sharedGateway } from './support/shared';

jest.setTimeout(60_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the public verify page, without login', () => {
  const { gw, seed } = sharedGateway();
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let files: string;
  /** Every request the page made, to show that the file never leaves the browser. */
  const requests: Request[] = [];

  const unitWith = (story: SeededUnit['story']): SeededUnit => {
    const unit = seed.units.find((u) => u.story === story);
    if (!unit) throw new Error(`the seed has no ${story} unit`);
    return unit;
  };

  /** Downloads a certificate's document as a certifier would hand it out, and saves it as a file. */
  const certificateFile = async (certNo: string, name: string, tamper = false): Promise<{ path: string; hash: string }> => {
    let bytes = await gw.certificateFile(certNo);
    // A forger enlarges the gross floor area by 10 m²; everything else stays byte for byte.
    if (tamper) bytes = Buffer.from(bytes.toString('utf8').replace(/"building":"(\d+)\./, (_m, whole: string) => `"building":"${Number(whole) + 10}.`));
    const path = join(files, name);
    await writeFile(path, bytes);
    return { path, hash: sha256(bytes) };
  };

  /** Picks the file in the page and waits for the outcome it shows. */
  const verifyFile = async (path: string): Promise<string | null> => {
    await page.goto(`${gw.url}/verify`);
    await page.getByLabel(/选择证照文件|Choose the certificate file/).setInputFiles(path);
    const outcome = page.locator('[data-outcome]');
    await outcome.waitFor();
    return outcome.getAttribute('data-outcome');
  };

  /** The outcome's headline, without its icon. */
  const headline = () =>
    page.locator('#outcome-title').evaluate((h) =>
      Array.from(h.childNodes)
        .filter((n) => !(n instanceof Element && n.classList.contains('outcome-icon')))
        .map((n) => n.textContent)
        .join('')
        .trim(),
    );

  /** Opens /verify/{hash} as a QR code links it: upper-case hex and parameters of its own. */
  const verifyLink = async (hash: string): Promise<string | null> => {
    await page.goto(`${gw.url}/verify/${hash.toUpperCase()}?src=qr&v=1`);
    const outcome = page.locator('[data-outcome]');
    await outcome.waitFor();
    return outcome.getAttribute('data-outcome');
  };

  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'certificates-'));
    browser = await launch();
    ({ page, errors } = await openPage(browser, 375));
    page.on('request', (r) => requests.push(r));
  });

  afterAll(async () => {
    await browser?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('hashes the current certificate file locally and says it is valid, without uploading the file', async () => {
    const sold = unitWith('SOLD');
    const { path, hash } = await certificateFile(sold.titleCertificates[1], 'current-title.json');
    requests.length = 0;

    expect(await verifyFile(path)).toBe('VALID');
    expect(await page.getByTestId('computed-hash').innerText()).toBe(hash);
    expect(await page.locator('[data-outcome="VALID"]').innerText()).toContain(sold.titleCertificates[1]);
    expect(await page.getByTestId('privacy-note').innerText()).toMatch(/不会上传/);
    // Only the fingerprint went out, in GETs (the answer and the certificate's anchor); no request carried a body.
    const api = requests.filter((r) => r.url().includes('/api/'));
    expect(api.map((r) => `${r.method()} ${new URL(r.url()).pathname}`).sort()).toEqual([`GET /api/v1/verify/${hash}`, `GET /api/v1/verify/${hash}/anchor`]);
    expect(requests.filter((r) => r.postData() !== null)).toEqual([]);
    expect(page.url()).toBe(`${gw.url}/verify/${hash}`);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'verify-valid'));
  });

  it('says an older certificate was superseded after the transfer, and names its successor', async () => {
    const sold = unitWith('SOLD');
    const { path } = await certificateFile(sold.titleCertificates[0], 'developer-title.json');
    expect(await verifyFile(path)).toBe('SUPERSEDED');
    expect(await page.getByTestId('successor').innerText()).toBe(sold.titleCertificates[1]);
    expect(await page.locator('.outcome-good').count()).toBe(0);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'verify-superseded'));
  });

  it('does not find a tampered certificate file', async () => {
    const sold = unitWith('SOLD');
    const { path } = await certificateFile(sold.titleCertificates[1], 'tampered-title.json', true);
    expect(await verifyFile(path)).toBe('NOT_FOUND');
    expect(await page.locator('.outcome-good').count()).toBe(0);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'verify-not-found'));
  });

  it('says a seized home’s title is still valid, and that it is seized now', async () => {
    const seized = unitWith('SEIZED');
    const { path } = await certificateFile(seized.titleCertificates[1], 'seized-title.json');
    expect(await verifyFile(path)).toBe('VALID');
    expect(await headline()).toBe('有效 — 当前已查封');
    expect(await page.locator('[data-restriction]').evaluateAll((els) => els.map((e) => e.getAttribute('data-restriction')))).toEqual(['SEIZED']);
    expect(await page.locator('.current-flags [data-flag="seized"]').getAttribute('data-on')).toBe('true');
    expectFitsAndLabelled(await captureAtBothWidths(page, 'verify-valid-seized'));
  });

  it('says a mortgaged home’s title is valid and names the mortgage plainly, in Chinese and English, from a QR link', async () => {
    const mortgaged = unitWith('SOLD_MORTGAGED');
    const { hash } = await certificateFile(mortgaged.titleCertificates[1], 'mortgaged-title.json');
    expect(await verifyLink(hash)).toBe('VALID');
    expect(await page.getByTestId('computed-hash').innerText()).toBe(hash);
    expect(await headline()).toBe('有效 — 当前已抵押');
    expect(await page.getByTestId('restrictions').innerText()).toContain('不改变本证照记载的内容');
    expect(await page.locator('[data-restriction]').evaluateAll((els) => els.map((e) => e.getAttribute('data-restriction')))).toEqual(['MORTGAGED']);
    expect(await page.locator('[data-outcome]').innerText()).not.toMatch(/过时|outdated/i);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'verify-valid-mortgaged'));

    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#outcome-title', { hasText: 'Valid — currently mortgaged' }).waitFor();
    expect(await headline()).toBe('Valid — currently mortgaged');
    expect(await page.getByTestId('restrictions').innerText()).toMatch(/do not change what this certificate states/);
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('says VALID with no restrictions once a seizure is lifted, and outdated once a change registration altered the area a mortgage proof states', async () => {
    // A unit of its own story that no other test reads: the developer still holds it.
    const held = unitWith('DEVELOPER_HELD');
    const api = new SeedClient(gw.url, gw.accounts());
    const run = `${seed.runStamp}-${Date.now().toString(36).toUpperCase()}`;
    const today = await api.registerToday();
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    /** Applies a registration and takes it through issue; returns its certificate number. */
    const register = async (type: RegistrationType, applicants: PartyIdentity[], extra: Record<string, unknown>): Promise<string> => {
      const registrationId = `DJ-${run}-${type}`;
      await api.post('clerk', '/registrations', {
        registrationId, type, unitNumber: held.unitNumber, applicants: applicants.map((party) => ({ party })),
        // A maximum-amount mortgage has its own checklist (reference/004 四.4–5).
        documents: materialRequirements(type, (extra.mortgage as { maximumAmount?: boolean } | undefined)?.maximumAmount ? 'MAXIMUM_AMOUNT' : undefined)
          .map((m) => ({ type: m.type, sha256: sha(`${registrationId}:${m.type}`) })), ...extra,
      });
      const step = `/registrations/${registrationId}`;
      await api.post('clerk', `${step}/accept`, {});
      await api.post('reviewer', `${step}/review`, { decision: 'APPROVE' });
      await api.post('registrar', `${step}/record`, {});
      await api.post('certifier', `${step}/certify`, {});
      await api.post('certifier', `${step}/issue`, {});
      const reg = await api.get<{ certNo?: string }>('clerk', step);
      if (!reg.certNo) throw new Error(`${type} ${registrationId} issued no certificate`);
      return reg.certNo;
    };
    const title = await certificateFile(held.titleCertificates[0], 'held-title.json');

    const seizureId = `CF-${run}`;
    await api.post('enforcement', '/seizures', { seizureId, unitNumber: held.unitNumber, caseNumber: `(${today.slice(0, 4)})川1702执${Date.now() % 900 + 100}号`, documentHash: sha(`ruling:${seizureId}`) });
    expect(await verifyLink(title.hash)).toBe('VALID');
    expect(await headline()).toBe('有效 — 当前已查封');
    await api.post('enforcement', `/seizures/${seizureId}/lift`, { unitNumber: held.unitNumber, documentHash: sha(`lift:${seizureId}`) });
    expect(await verifyLink(title.hash)).toBe('VALID');
    expect(await headline()).toBe('有效');
    expect(await page.getByTestId('no-restrictions').innerText()).toContain('当前没有抵押、查封');
    expect(await page.locator('[data-restriction]').count()).toBe(0);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'verify-valid-lifted'));

    // The developer mortgages the unit, then a change registration corrects its area.
    const unit = await gw.get<{ ownership: { holders: Array<{ party: { kind: 'PERSON' | 'ORG'; name: string; idNumber: string } }> } }>(`/units/${held.unitNumber}`, gw.key('RegistryMSP', 'clerk'));
    const owners = unit.ownership.holders.map(({ party: { kind, name, idNumber } }) => ({ kind, name, idNumber }));
    const bank: PartyIdentity = { kind: 'ORG', name: '中国建设银行股份有限公司达州分行', idNumber: creditCode('511700', '20951274') };
    const proofNo = await register('MORTGAGE', owners, { mortgage: { creditor: bank, amount: '3000000.00', maximumAmount: true, noTransfer: false, termStart: today, termEnd: addYearsToDate(today, 3) } });
    const proof = await certificateFile(proofNo, 'held-mortgage-proof.json');
    expect(await verifyLink(proof.hash)).toBe('VALID');
    expect(await headline()).toBe('有效 — 当前已抵押');
    await register('CHANGE', owners, { change: { areas: { building: '131.75', inner: '110.90', shared: '20.85' }, reason: '竣工实测面积与预测面积不一致，申请变更' } });

    expect(await verifyLink(proof.hash)).toBe('VALID_BUT_OUTDATED');
    expect(await page.locator('.outcome-good').count()).toBe(0);
    expect(await headline()).toBe('证照真实，但已过时');
    expect(await page.locator('[data-outcome]').innerText()).toContain('登记簿已变更了本证照所记载的内容');
    // The restrictions that stand are still listed beside it.
    expect(await page.locator('[data-restriction]').evaluateAll((els) => els.map((e) => e.getAttribute('data-restriction')))).toEqual(['MORTGAGED']);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'verify-outdated'));
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#outcome-title', { hasText: 'Authentic, but outdated' }).waitFor();
    expect(await page.locator('[data-outcome]').innerText()).toContain('the register has changed what this certificate states');
    await page.getByRole('button', { name: '中文' }).click();
    // The title the change replaced says so.
    expect(await verifyLink(title.hash)).toBe('SUPERSEDED');
  });

  it('checks a pasted fingerprint from a shareable /verify/{hash} address, in English too', async () => {
    const mortgaged = unitWith('SOLD_MORTGAGED');
    const { hash } = await certificateFile(mortgaged.mortgageCertificates[0], 'mortgage-proof.json');
    await page.goto(`${gw.url}/verify`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Or paste the certificate fingerprint (SHA-256)').fill(`  ${hash.toUpperCase()}  `);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.locator('[data-outcome="VALID"]').waitFor();
    expect(page.url()).toBe(`${gw.url}/verify/${hash}`);
    expect(await page.locator('[data-outcome]').innerText()).toContain('Registration proof');

    await page.goto(`${gw.url}/verify/${'0'.repeat(64)}`);
    await page.locator('[data-outcome="NOT_FOUND"]').waitFor();
    await page.getByLabel('Or paste the certificate fingerprint (SHA-256)').fill('not-a-hash');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    expect(await page.getByRole('alert').innerText()).toMatch(/64 hexadecimal/);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'verify-en'));
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('says it cannot check, and never shows valid, when the gateway does not answer or answers with an error page', async () => {
    const sold = unitWith('SOLD');
    const { path, hash } = await certificateFile(sold.titleCertificates[1], 'valid-but-unreachable.json');
    // The gateway is shared with the other test files, so the outage is the browser's: its requests fail.
    await page.route('**/api/v1/verify/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${gw.url}/verify`);
    await page.getByLabel(/选择证照文件|Choose the certificate file/).setInputFiles(path);
    const outcome = page.locator('[data-outcome]');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-outcome')).toBe('STATUS_UNKNOWN');
    expect(await outcome.innerText()).toMatch(/这不是对证照有效的确认|NOT a confirmation/);
    expect(await outcome.innerText()).toContain('NETWORK_ERROR');
    expect(await page.locator('.outcome-good').count()).toBe(0);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'verify-unknown'));

    // A proxy's 503 page in front of the gateway is no verdict either.
    await page.unroute('**/api/v1/verify/**');
    await page.route('**/api/v1/verify/**', (route) => route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503 Service Unavailable</h1>' }));
    await page.goto(`${gw.url}/verify/${hash}`);
    await page.locator('[data-outcome="STATUS_UNKNOWN"]').waitFor();
    expect(await page.locator('[data-outcome]').innerText()).toContain('HTTP_503');
    expect(await page.locator('.outcome-good').count()).toBe(0);

    // Once the gateway answers again, checking again gives the verdict.
    await page.unroute('**/api/v1/verify/**');
    await page.getByRole('button', { name: /重新查询|Check again/ }).click();
    await page.locator('[data-outcome="VALID"]').waitFor();
  });
});
