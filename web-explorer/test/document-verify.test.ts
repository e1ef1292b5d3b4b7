import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { signSeal, verifySeal, type IssuerKeySet } from '@estate-ledger/api-schemas';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import type { SeededUnit } from '../../gateway-api/src/cli/demo-seed';
import { decodeQr, pageImage, pagePng } from '../../gateway-api/test/support/pdf-tools';
import { alterSealClaim } from '../../gateway-api/test/support/seal-forgery';
import { captureAtBothWidths, expectFitsAndLabelled, launch, login, openPage } from './support/browser';
import { sharedGateway } from './support/shared';

jest.setTimeout(300_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const OFFICE = '达州市不动产登记中心';

/** The PDF a person downloads: dropped on the verify page, and its QR photographed. */
describe('verifying the certificate PDF and its QR seal in the browser', () => {
  const { gw, seed } = sharedGateway();
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let files: string;

  const sold = (): SeededUnit => {
    const unit = seed.units.find((u) => u.story === 'SOLD');
    if (!unit) throw new Error('the seed has no SOLD unit');
    return unit;
  };

  const save = async (name: string, bytes: Buffer) => {
    const path = join(files, name);
    await writeFile(path, bytes);
    return path;
  };

  const dropFile = async (path: string): Promise<string | null> => {
    await page.goto(`${gw.url}/verify`);
    await page.getByLabel(/选择证照文件|Choose the certificate file/).setInputFiles(path);
    const outcome = page.locator('[data-outcome]');
    await outcome.waitFor();
    return outcome.getAttribute('data-outcome');
  };

  /** Uploads a photo of a QR code and waits for the seal's verdict (and, when signed, the status line). */
  const photograph = async (path: string, settled: string) => {
    await page.getByLabel(/二维码照片|Photo of the QR code/).setInputFiles(path);
    const verdict = page.locator(settled);
    await verdict.waitFor();
    return verdict;
  };

  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'certificate-pdfs-'));
    browser = await launch();
    ({ page, errors } = await openPage(browser, 375));
  });

  afterAll(async () => {
    await browser?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('answers VALID for the dropped PDF, SUPERSEDED for the one before the transfer, and not valid for one byte changed', async () => {
    const unit = sold();
    const current = await gw.certificatePdf(unit.titleCertificates[1]);
    expect(await dropFile(await save('current.pdf', current))).toBe('VALID');
    expect(await page.getByTestId('computed-hash').innerText()).toBe(sha256(current));
    expect(await page.locator('[data-outcome]').innerText()).toContain(unit.titleCertificates[1]);

    const old = await gw.certificatePdf(unit.titleCertificates[0]);
    expect(await dropFile(await save('old.pdf', old))).toBe('SUPERSEDED');
    expect(await page.getByTestId('successor').innerText()).toBe(unit.titleCertificates[1]);

    const altered = Buffer.from(current);
    altered[altered.length - 200] ^= 0x20;
    expect(await dropFile(await save('altered.pdf', altered))).toBe('NOT_FOUND');
    expect(await page.locator('.outcome-good').count()).toBe(0);
  });

  it('checks the QR photo in the browser: signed and VALID online; signed but not checked with the network blocked', async () => {
    const unit = sold();
    const pdf = await gw.certificatePdf(unit.titleCertificates[1]);
    const photo = await save('qr-photo.png', await pagePng(pdf));
    await page.goto(`${gw.url}/verify`);
    // Online once, so the browser has the registry's keys.
    await page.waitForFunction(() => localStorage.getItem('estate-ledger.issuer-keys') !== null);

    const online = await photograph(photo, '[data-seal="SIGNED"][data-status="VALID"]');
    expect(await online.getByTestId('seal-headline').innerText()).toBe(`由${OFFICE}签发；状态：有效`);
    expect(await online.innerText()).toContain(unit.titleCertificates[1]);
    expect(await online.innerText()).toContain(unit.unitNumber);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'seal-online'));

    await page.context().setOffline(true);
    try {
      await page.getByLabel(/二维码照片|Photo of the QR code/).setInputFiles([]);
      const offline = await photograph(photo, '[data-seal="SIGNED"][data-status="offline"]');
      expect(await offline.getByTestId('seal-headline').innerText()).toBe(`由${OFFICE}签发，签名有效；状态未核验（离线）`);
      expect(await page.locator('.seal-check .outcome-good').count()).toBe(0);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByTestId('seal-headline').filter({ hasText: 'Signed by' }).waitFor();
      expect(await page.getByTestId('seal-headline').innerText()).toBe(`Signed by ${OFFICE}, status not checked (offline)`);
      expectFitsAndLabelled(await captureAtBothWidths(page, 'seal-offline'));
      await page.getByRole('button', { name: '中文' }).click();
    } finally {
      await page.context().setOffline(false);
    }
  });

  it('refuses an altered seal and one signed by an unknown key, naming why', async () => {
    const pdf = await gw.certificatePdf(sold().titleCertificates[1]);
    const token = decodeQr(await pageImage(pdf));
    const verdict = await verifySeal(token, (await (await fetch(`${gw.url}/.well-known/jwks.json`)).json()) as IssuerKeySet);
    if (!verdict.ok) throw new Error(`seal refused: ${verdict.detail}`);
    const altered = alterSealClaim(token, 'v', (v) => Number(v) + 1);
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const stranger = await signSeal(verdict.claims, 'unknown-key', await exportJWK(privateKey));

    await page.goto(`${gw.url}/verify`);
    await page.waitForFunction(() => localStorage.getItem('estate-ledger.issuer-keys') !== null);
    const qr = async (name: string, text: string) => save(name, await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', scale: 6 }));
    const refusedAltered = await photograph(await qr('altered.png', altered), '[data-seal="BAD_SIGNATURE"]');
    expect(await refusedAltered.innerText()).toMatch(/伪造或篡改/);
    const refusedUnknown = await photograph(await qr('stranger.png', stranger), '[data-seal="UNKNOWN_KEY"]');
    expect(await refusedUnknown.innerText()).toMatch(/不属于任何登记机构/);
    expect(await refusedUnknown.innerText()).toContain('unknown-key');
  });

  it('lets staff download the PDF from the certificate page, the same bytes the API serves', async () => {
    const certNo = sold().titleCertificates[1];
    const staff = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    try {
      await login(staff, gw.url, gw.key('RegistryMSP', 'clerk'));
      await staff.goto(`${gw.url}/certificates/${encodeURIComponent(certNo)}`);
      const [download] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('button', { name: /下载电子证照|Download the certificate/ }).click()]);
      const path = await download.path();
      expect((await readFile(path)).equals(await gw.certificatePdf(certNo))).toBe(true);
      expect(download.suggestedFilename()).toBe(`${certNo}.pdf`);
    } finally {
      await staff.close();
    }
  });
});
