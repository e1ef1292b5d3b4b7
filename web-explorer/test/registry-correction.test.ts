import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { GatewayClient as SeedClient } from '../../gateway-api/src/cli/demo-seed';
import { launch, login, openPage } from './support/browser';
import { sharedGateway } from './support/shared';

jest.setTimeout(60_000);

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe("a correction on the registry's own authority in the explorer", () => {
  const { gw, seed } = sharedGateway();
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    ({ page, errors } = await openPage(browser));
    await login(page, gw.url, gw.key('RegistryMSP', 'clerk'));
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('shows the case by its Chinese name, the entry found wrong, the notice and the first day of the announcement', async () => {
    // The sale on this unit is only accepted: the developer's first registration is the current entry, nothing disposed of since.
    const unit = seed.units.find((u) => u.story === 'TRANSFER_ACCEPTED');
    if (!unit) throw new Error('the seed has no TRANSFER_ACCEPTED unit');
    const api = new SeedClient(gw.url, gw.accounts());
    const entry = (await api.get<{ registrationId: string }>('clerk', `/certificates/${encodeURIComponent(unit.titleCertificates[0])}`)).registrationId;
    const registrationId = `YZGZ-${seed.runStamp}-${Date.now().toString(36).toUpperCase()}`;
    await api.post('registrar', '/registry-corrections', {
      registrationId, unitNumber: unit.unitNumber, entryRegistrationId: entry, change: { use: '商业', reason: '首次登记时用途误记为住宅' }, noticeHash: sha(`通知 ${registrationId}`),
    });
    const { announceFrom } = (await api.get<{ registryCorrection: { announceFrom: string } }>('clerk', `/registrations/${registrationId}`)).registryCorrection;

    await page.goto(`${gw.url}/registrations/${registrationId}`);
    await page.getByRole('heading', { name: '依职权更正登记' }).waitFor();
    expect(await page.locator('.badge').first().innerText()).toBe('已通知当事人');
    const section = page.locator('section', { has: page.getByRole('heading', { name: '依职权更正', exact: true }) });
    const text = await section.innerText();
    expect(text).toContain(entry);
    expect(text).toContain('商业（首次登记时用途误记为住宅）');
    expect(text).toMatch(new RegExp(`可公告日期（通知后30个工作日）\\s*${announceFrom}`));
    expect(text).toMatch(/公告时间\s*—/);
  });
});
