import type { Browser, Page } from 'playwright-core';
import { SMALL_SIZE, seedDistrict, type SeedReport, type SeededUnit } from '../../gateway-api/src/cli/demo-seed';
import { captureAtBothWidths, expectFitsAndLabelled, launch, login, openPage } from './support/browser';
import { RunningGateway } from './support/gateway';

jest.setTimeout(120_000);

interface Overview {
  ledger: { height: number };
  projection: { height: number };
  counts: { transactions: number; units: number; certificates: number; registrationsOpen: number };
}
interface TxSummary {
  txId: string;
  blockNumber: number;
  fn: string;
  unitNumber: string | null;
}

describe('the explorer against a running gateway with a seeded district', () => {
  let gw: RunningGateway;
  let seed: SeedReport;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let auditorKey: string;

  const unitWith = (story: SeededUnit['story']): SeededUnit => {
    const unit = seed.units.find((u) => u.story === story);
    if (!unit) throw new Error(`the seed has no ${story} unit`);
    return unit;
  };
  const statValue = async (stat: string) => Number((await page.locator(`[data-stat="${stat}"] .stat-value`).innerText()).replace(/[^\d]/g, ''));

  beforeAll(async () => {
    gw = await RunningGateway.start();
    seed = await seedDistrict({ baseUrl: gw.url, accounts: gw.accounts(), size: SMALL_SIZE, concurrency: 4 });
    auditorKey = gw.key('RegistryMSP', 'auditor');
    browser = await launch();
    ({ page, errors } = await openPage(browser));
    await login(page, gw.url, auditorKey);
  });

  afterAll(async () => {
    await browser?.close();
    await gw?.dispose();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('dashboard shows the ledger’s numbers and a newly committed block arrives live over server-sent events', async () => {
    await page.goto(`${gw.url}/`);
    await page.locator('[data-stream="live"]').waitFor();
    const overview = await gw.get<Overview>('/overview', auditorKey);
    expect(await statValue('ledger-height')).toBe(overview.ledger.height);
    expect(await statValue('transactions')).toBe(overview.counts.transactions);
    expect(await statValue('units')).toBe(seed.units.length);
    expect(await statValue('certificates')).toBe(overview.counts.certificates);

    // A new household table published through the API commits a block the page did not load.
    const project = await fetch(`${gw.url}/api/v1/projects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': gw.key('HousingMSP', 'surveyor') },
      body: JSON.stringify({
        projectId: `XM-LIVE-${seed.runStamp}`,
        name: '西外新城',
        district: '511702',
        developer: { kind: 'ORG', name: '达州市滨江房地产开发有限公司', idNumber: '91350100M000100Y43' },
        buildings: [{ buildingId: 'B1', name: '1栋', households: [{ houseCode: `HC-LIVE-${seed.runStamp}`, floor: 1, room: '101', location: '达州市通川区西外镇1号', use: '住宅', structure: '钢筋混凝土结构', areas: { building: '90.00', inner: '75.00', shared: '15.00' } }] }],
      }),
    });
    expect(project.status).toBe(201);
    const { blockNumber } = (await project.json()) as { blockNumber: number };
    const liveRow = page.locator(`tr[data-block="${blockNumber}"][data-live="true"]`);
    await liveRow.waitFor({ timeout: 10_000 });
    await expect(statValueEventually(page, 'ledger-height', blockNumber + 1)).resolves.toBe(true);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'dashboard'));
  });

  it('walks from a block whose hash chain checks out to its transaction and on to the unit with its title chain', async () => {
    const sold = unitWith('SOLD');
    const history = await gw.get<{ items: TxSummary[] }>(`/units/${sold.unitNumber}/history?limit=200`, auditorKey);
    const issue = history.items.filter((tx) => tx.fn === 'Registration:issue').at(-1);
    if (!issue) throw new Error('the sold unit has no issued registration');

    await page.goto(`${gw.url}/blocks`);
    await page.locator('tr[data-block]').first().waitFor();
    expect(await page.locator('[data-chain="broken"]').count()).toBe(0);
    expect(await page.locator('[data-chain="ok"]').count()).toBeGreaterThan(5);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'blocks'));

    await page.goto(`${gw.url}/blocks/${issue.blockNumber}`);
    await page.locator('[data-check="header"] [data-chain="ok"]').waitFor();
    await page.locator('[data-check="previous"] [data-chain="ok"]').waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'block'));

    await page.locator(`tr[data-tx="${issue.txId}"] a[href^="/tx/"]`).click();
    await page.waitForURL(`${gw.url}/tx/${issue.txId}`);
    await page.getByText('Registration:issue', { exact: true }).waitFor();
    expect(await page.locator('.badge-good').first().innerText()).toBe('VALID');
    const endorsers = await page.locator('.endorsers li').allInnerTexts();
    expect(endorsers.length).toBeGreaterThanOrEqual(3);
    expect(endorsers).toContain('RegistryMSP');
    expect(await page.locator('table.writes tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('table.writes pre.json').first().innerText()).toMatch(/^\{\n {2}"/);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'transaction'));

    await page.locator(`a[href="/units/${sold.unitNumber}"]`).first().click();
    await page.waitForURL(`${gw.url}/units/${sold.unitNumber}`);
    const chain = page.locator('[data-testid="title-chain"] li');
    await chain.nth(1).waitFor();
    expect(await chain.count()).toBe(2);
    // The developer held it first; a citizen holds it now, with the name masked for an auditor.
    expect(await chain.nth(0).innerText()).toContain('达州市滨江房地产开发有限公司');
    expect(await chain.nth(1).innerText()).toMatch(/\*/);
    await page.locator(`[data-cert="${sold.titleCertificates[1]}"] [data-status="VALID"]`).waitFor();
    await page.locator(`[data-cert="${sold.titleCertificates[0]}"] [data-status="SUPERSEDED"]`).waitFor();
    expect(await page.locator('[data-flag="registered"]').getAttribute('data-on')).toBe('true');
    expectFitsAndLabelled(await captureAtBothWidths(page, 'unit'));
  });

  it('shows a seized unit’s seizure in its register and restriction timeline', async () => {
    const seized = unitWith('SEIZED');
    await page.goto(`${gw.url}/units/${seized.unitNumber}`);
    await page.locator(`tr[data-seizure="${seized.seizureId}"]`).waitFor();
    expect(await page.locator('[data-flag="seized"]').getAttribute('data-on')).toBe('true');
    const timeline = page.locator('[data-testid="restriction-timeline"] li');
    expect(await timeline.count()).toBe(1);
    expect(await timeline.first().getAttribute('data-event')).toBe('SEIZURE_RECORDED');
    expectFitsAndLabelled(await captureAtBothWidths(page, 'unit-seized'));
  });

  it('search finds a unit by its house code and opens it', async () => {
    const unit = unitWith('RESOLD');
    await page.goto(`${gw.url}/blocks`);
    await page.getByRole('searchbox').fill(unit.houseCode);
    await page.getByRole('search').getByRole('button').click();
    await page.waitForURL(`${gw.url}/units/${unit.unitNumber}`);
    await page.locator('[data-testid="title-chain"] li').nth(2).waitFor();
    expect(await page.locator('[data-testid="title-chain"] li').count()).toBe(3);
  });

  it('search lists the hits it cannot open directly, and a certificate number leads to the certificate', async () => {
    const unit = unitWith('SOLD_MORTGAGED');
    await page.goto(`${gw.url}/search?q=${encodeURIComponent(unit.contractIds[0])}`);
    await page.locator('li[data-kind="contract"]').waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'search'));

    await page.getByRole('searchbox').fill(unit.mortgageCertificates[0]);
    await page.getByRole('search').getByRole('button').click();
    await page.waitForURL(`${gw.url}/certificates/${encodeURIComponent(unit.mortgageCertificates[0])}`);
    await page.getByText('不动产登记证明', { exact: false }).first().waitFor();
    expect(await page.locator('.badge.cert-VALID').count()).toBe(1);
  });

  it('statistics show the seeded cases by type against their statutory limits, as a table and a chart', async () => {
    await page.goto(`${gw.url}/stats`);
    const transferRow = page.locator('[data-testid="stats-table"] tr[data-type="TRANSFER"]').first();
    await transferRow.waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const stats = await gw.get<{ totals: { applied: number; completed: number } }>(`/statistics?from=2000-01-01&to=${today}`, auditorKey);
    expect(await statValue('applied')).toBe(stats.totals.applied);
    expect(await statValue('completed')).toBe(stats.totals.completed);
    // A mortgage is due in 3 working days, other registrations in 5.
    expect(await page.locator('[data-testid="stats-table"] tr[data-type="MORTGAGE"] td').last().innerText()).toMatch(/3/);
    expect(await transferRow.locator('td').last().innerText()).toMatch(/5/);
    expect(await page.locator('figure.chart svg[role="img"]').count()).toBeGreaterThan(3);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'statistics'));
  });

  it('switches the whole interface to English and back', async () => {
    await page.goto(`${gw.url}/blocks`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Blocks' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).innerText()).toContain('Verify a certificate');
    await page.reload();
    await page.getByRole('heading', { name: 'Blocks' }).waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'blocks-en'));
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '区块' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });
});

/** Polls a dashboard number until it reaches `atLeast` (the counts refresh after live blocks). */
async function statValueEventually(page: Page, stat: string, atLeast: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const value = Number((await page.locator(`[data-stat="${stat}"] .stat-value`).innerText()).replace(/[^\d]/g, ''));
    if (value >= atLeast) return true;
    await page.waitForTimeout(200);
  }
  return false;
}
