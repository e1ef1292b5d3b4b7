import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { captureAtBothWidths, expectFitsAndLabelled, launch, login, openPage } from './support/browser';
import { sharedGateway } from './support/shared';

jest.setTimeout(60_000);

describe('the audit log page', () => {
  const { gw } = sharedGateway();
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    ({ page, errors } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('asks a visitor without a session to log in and shows nothing of the log', async () => {
    await page.goto(`${gw.url}/audit`);
    await page.getByTestId('login-required').waitFor();
    expect(await page.locator('[data-testid="audit-table"]').count()).toBe(0);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'audit-login-required'));
    await page.getByRole('link', { name: '登录' }).first().click();
    await page.getByLabel('API 密钥').waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'login'));
  });

  it('refuses a clerk, showing the gateway’s error code and message', async () => {
    await login(page, gw.url, gw.key('RegistryMSP', 'clerk'));
    await page.goto(`${gw.url}/audit`);
    const alert = page.getByRole('alert').first();
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/^FORBIDDEN \(HTTP 403\): RegistryMSP\/clerk may not/);
    await page.getByRole('button', { name: '退出' }).click();
  });

  it('lists an auditor’s entries, newest first and hash-chained, filters them and exports CSV with the token', async () => {
    await page.goto(`${gw.url}/login?next=%2Faudit`);
    await page.getByLabel('API 密钥').fill(gw.key('RegistryMSP', 'auditor'));
    await page.locator('form.login button[type=submit]').click();
    await page.waitForURL(`${gw.url}/audit`);
    const rows = page.locator('[data-testid="audit-table"] tbody tr');
    await rows.first().waitFor();
    const seqs = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-seq'))));
    expect(seqs.length).toBe(50);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(await page.locator('[data-testid="audit-table"] .chain-broken').count()).toBe(0);
    expect(await page.locator('[data-testid="audit-table"] .chain-ok').count()).toBe(49);

    await page.getByRole('button', { name: '校验整条哈希链' }).click();
    expect(await page.getByTestId('audit-chain').innerText()).toMatch(/哈希链完整/);

    await page.getByLabel('类别').selectOption('SUBMISSION');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForFunction(() => {
      const kinds = Array.from(document.querySelectorAll('[data-testid="audit-table"] tbody tr td:nth-child(3)'), (td) => td.textContent);
      return kinds.length > 0 && kinds.every((k) => k === '账本提交');
    });
    expect(await page.locator('[data-testid="audit-table"] tbody tr a[href^="/tx/"]').count()).toBeGreaterThan(0);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'audit'));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header.split(',').slice(0, 4)).toEqual(['seq', 'at', 'kind', 'actor']);
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((l) => l.split(',')[2] === 'SUBMISSION')).toBe(true);
  });
});
