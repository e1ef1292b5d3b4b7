import type { Browser, Page } from 'playwright-core';
import { GatewayFixture } from '../../gateway-api/test/support/gateway-fixture';
import { HttpScenario } from '../../gateway-api/test/support/http-scenario';
import { SetClock } from '../../gateway-api/test/support/set-clock';
import { agentSession, signInAsAgent, type AgentSession } from './support/agent-session';
import { captureAtBothWidths, eventually, expectFitsAndLabelled, launch, login, openPage } from './support/browser';

jest.setTimeout(120_000);

const DAY = '2027-03-01';

/**
 * The counter's check-in page (预约签到) on a gateway whose register clock the test sets: 签到 in
 * the slot's hour, 爽约 refused until the slot ended and accepted after; with one no-show allowed
 * (APPOINTMENT_NO_SHOW_LIMIT=1) the applicant's own page then says booking is restricted.
 */
describe('the appointment check-in page', () => {
  const clock = new SetClock(`${DAY}T08:00:00+08:00`);
  let fx: GatewayFixture;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let missing: AgentSession;

  beforeAll(async () => {
    // Tokens for two register hours: the agent's, taken at 08:00, still holds when the test reaches 09:30.
    fx = await GatewayFixture.start('pglite', { APPOINTMENT_NO_SHOW_LIMIT: '1', JWT_TTL_SECONDS: '7200' }, { clock });
    const s = new HttpScenario(fx);
    await s.post('admin', '/admin/appointment-offices', { officeId: 'desk-hall', name: '达州市不动产登记中心 通川区政务服务大厅', address: '达州市通川区朝阳东路1号', districts: ['511702'] });
    await s.post('admin', '/admin/appointment-offices/desk-hall/windows', { windowId: 'w1', name: '1号窗口 综合受理', businessTypes: ['TRANSFER'] });
    await s.post('admin', '/admin/appointment-offices/desk-hall/slots', { windowId: 'w1', from: DAY, to: DAY, times: [{ start: '09:00', end: '09:30' }], capacity: 3 });
    const [slot] = (await s.get<{ items: Array<{ slotId: string }> }>('admin', `/appointment-offices/desk-hall/slots?date=${DAY}`)).items;
    const admin = fx.key('RegistryMSP', 'admin');
    const coming = await agentSession(fx.url, admin, '达州安居登记代理有限公司');
    missing = await agentSession(fx.url, admin, '四川诚信不动产登记代理有限公司');
    for (const key of [coming.apiKey, missing.apiKey]) await fx.request('POST', '/api/v1/applicant/appointments', { key, body: { slotId: slot.slotId, businessType: 'TRANSFER' } });
    browser = await launch();
    ({ page, errors } = await openPage(browser, 375));
  });

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it("a clerk checks an applicant in during the slot and marks the other a no-show once it ended; in Chinese, at 375 and 1440 px", async () => {
    clock.set(`${DAY}T09:10:00+08:00`);
    await login(page, fx.url, fx.key('RegistryMSP', 'clerk'));
    await page.goto(`${fx.url}/appointment-desk`);
    await page.getByRole('heading', { name: '预约签到' }).waitFor();
    expect(await page.getByLabel('日期').inputValue()).toBe(DAY);
    const card = (name: string) => page.locator('[data-testid="desk-bookings"] li').filter({ hasText: name });
    await card('达州安居').waitFor();

    await page.getByRole('button', { name: '签到 达州安居登记代理有限公司 09:00' }).click();
    expect(await eventually(() => page.getByTestId('done').innerText(), '已签到：达州安居登记代理有限公司（09:00）。')).toBe('已签到：达州安居登记代理有限公司（09:00）。');
    await card('达州安居').waitFor({ state: 'detached' });

    // Before the slot ended: refused in plain words, by the rule the gateway names; the booking stays.
    await page.getByRole('button', { name: '爽约 四川诚信不动产登记代理有限公司 09:00' }).click();
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('OUTSIDE_APPOINTMENT_TIME');
    expect(await refusal.innerText()).toContain('还不能标记爽约：时段结束前申请人仍可签到。');
    expectFitsAndLabelled(await captureAtBothWidths(page, 'appointment-desk'));

    clock.set(`${DAY}T09:30:00+08:00`);
    await page.getByRole('button', { name: '爽约 四川诚信不动产登记代理有限公司 09:00' }).click();
    expect(await eventually(() => page.getByTestId('done').innerText(), '已标记爽约：四川诚信不动产登记代理有限公司（09:00）。')).toBe('已标记爽约：四川诚信不动产登记代理有限公司（09:00）。');
    await page.getByText('当天没有该状态的预约。').waitFor();

    await page.getByLabel('状态').selectOption('ARRIVED');
    expect(await card('达州安居').getAttribute('data-status')).toBe('ARRIVED');
    expect(await card('达州安居').getByRole('button').count()).toBe(0);
  });

  it('the applicant sees the no-show and until when booking is restricted', async () => {
    await signInAsAgent(page, fx.url, missing);
    await page.goto(`${fx.url}/my/appointments`);
    const restricted = page.getByTestId('booking-restricted');
    await restricted.waitFor();
    expect(await restricted.innerText()).toContain('2027/3/31 09:30:00 前不能预约或改约');
    expect(await page.locator('[data-testid="my-appointments"] li[data-status="NO_SHOW"]').innerText()).toContain('爽约');
    expectFitsAndLabelled(await captureAtBothWidths(page, 'appointments-restricted'));
  });
});
