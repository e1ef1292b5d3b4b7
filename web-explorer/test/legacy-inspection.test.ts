import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { generateRegister, type GeneratedRegister } from '../../gateway-api/src/legacy-register/generator/register-generator';
import { captureAtBothWidths, drawnChart, expectFitsAndLabelled, launch, login, openPage } from './support/browser';
import { sharedGateway } from './support/shared';

jest.setTimeout(180_000);

describe('the legacy register inspection page', () => {
  const { gw } = sharedGateway();
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let generated: GeneratedRegister;

  beforeAll(async () => {
    // The gateway's default LEGACY_BATCH_DIR is DATA_DIR/legacy-batches.
    generated = await generateRegister(join(gw.dataDir, 'legacy-batches', 'e2e-batch'), { records: 2_000, seed: 9, asOf: '2026-06-30', defectRate: 0.25, format: 'csv' });
    browser = await launch();
    ({ page, errors } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('inspects a batch, charts the report and drills down from a category to a rule to its failed records, and downloads the report', async () => {
    await login(page, gw.url, gw.key('RegistryMSP', 'admin'));
    await page.goto(`${gw.url}/legacy`);
    await page.getByLabel('批次').fill('e2e-batch');
    await page.getByLabel('质检日期').fill('2026-06-30');
    await page.getByRole('button', { name: '开始质检' }).click();
    await page.getByTestId('legacy-report').waitFor({ timeout: 120_000 });

    for (const id of ['legacy-categories', 'legacy-records']) expect((await drawnChart(page, id)).inked).toBeGreaterThan(0.01);
    await page.getByTestId('legacy-failure-total').waitFor();
    expect(await page.getByTestId('legacy-failure-total').innerText()).toBe(`共 ${generated.defects.length} 条`);

    await page.getByRole('button', { name: /^记录间关联/ }).click();
    const ruleButtons = page.locator('[data-testid="legacy-rules"] button[data-rule]');
    await ruleButtons.first().waitFor();
    const crossRules = new Set(['RIGHT_UNIT_MISSING', 'CERTIFICATE_UNIT_MISSING', 'MORTGAGE_UNIT_MISSING', 'SEIZURE_UNIT_MISSING', 'NOTICE_UNIT_MISSING', 'OBJECTION_UNIT_MISSING', 'CHAIN_PREDECESSOR_MISSING', 'CHAIN_DISCONTINUOUS', 'CHAIN_FORK', 'CERT_RIGHT_MISSING', 'CERT_UNIT_MISMATCH', 'CERT_LIVE_DUPLICATE', 'CERT_LIVE_ON_ENDED_RIGHT', 'CERT_BEFORE_RIGHT', 'SEIZURE_QUEUE_GAP', 'SEIZURE_QUEUE_DUPLICATE', 'SEIZURE_QUEUE_SERVICE_ORDER', 'MORTGAGE_RANK_DUPLICATE']);
    const shownRules = await ruleButtons.evaluateAll((bs) => bs.map((b) => b.getAttribute('data-rule')));
    expect(shownRules.every((r) => crossRules.has(r ?? ''))).toBe(true);

    await page.locator('[data-testid="legacy-rules"] button[data-rule="CHAIN_DISCONTINUOUS"]').click();
    const expected = generated.defects.filter((d) => d.rule === 'CHAIN_DISCONTINUOUS').length;
    await page.waitForFunction((n) => document.querySelector('[data-testid="legacy-failure-total"]')?.textContent === `共 ${n} 条`, expected);
    const rules = await page.locator('[data-testid="legacy-failures"] tbody tr td:nth-child(4)').allInnerTexts();
    expect(rules.length).toBe(expected);
    expect(new Set(rules)).toEqual(new Set(['CHAIN_DISCONTINUOUS']));
    expectFitsAndLabelled(await captureAtBothWidths(page, 'legacy-inspection'));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载不合格记录 (CSV)' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.trim().split(/\r?\n/)).toHaveLength(generated.defects.length + 1);
  });
});
