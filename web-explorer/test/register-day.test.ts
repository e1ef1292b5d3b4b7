import type { Browser } from 'playwright-core';
import { GatewayFixture } from '../../gateway-api/test/support/gateway-fixture';
import { HttpScenario } from '../../gateway-api/test/support/http-scenario';
import { registerDayEdges } from '../../gateway-api/test/support/register-day';
import { launch, login } from './support/browser';

jest.setTimeout(90_000);

/**
 * The statistics page's default range ends on the register's today (its China date), taken from
 * the gateway's clock: a browser in another time zone, at an hour when the UTC date differs from
 * the China one, still sees the cases filed today.
 */
describe.each(registerDayEdges())('the explorer at $label', (edge) => {
  let fx: GatewayFixture;
  let browser: Browser;

  beforeAll(async () => {
    fx = await GatewayFixture.start('pglite', { CLOCK_START: edge.start });
    const s = new HttpScenario(fx);
    const [unit] = await s.building(1, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    browser = await launch();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  test('statistics default to a range ending on the register’s today and count the case filed today', async () => {
    const context = await browser.newContext({ timezoneId: 'America/Los_Angeles', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(edge.start));
    await login(page, fx.url, fx.key('RegistryMSP', 'auditor'));
    await page.goto(`${fx.url}/stats`);
    await page.locator('[data-testid="stats-table"] tr[data-type="FIRST"]').first().waitFor();
    expect(await page.getByLabel('结束日期').inputValue()).toBe(edge.today);
    expect(await page.locator('[data-stat="applied"] .stat-value').innerText()).toBe('1');
    expect(await page.locator('[data-stat="completed"] .stat-value').innerText()).toBe('1');
    await context.close();
  });
});
