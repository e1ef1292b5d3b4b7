import type { Browser, Page } from 'playwright-core';
import { agentSession, signInAsAgent } from './support/agent-session';
import { captureAtBothWidths, eventually, expectFitsAndLabelled, launch, openPage } from './support/browser';
import { sharedGateway } from './support/shared';

jest.setTimeout(180_000);

interface Slot {
  slotId: string;
  start: string;
}

describe('the online appointment page', () => {
  const { gw } = sharedGateway();
  const officeId = `hall-${Date.now()}`;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let day: string;
  let slots: Slot[];
  /** Another registration agent, who takes the last place of 09:00 while the page is open. */
  let rivalKey: string;

  const call = async <T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<T> => {
    const res = await fetch(`${gw.url}/api/v1${path}`, { method, headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const asAdmin = { 'x-api-key': gw.key('RegistryMSP', 'admin') };

  beforeAll(async () => {
    await call('POST', '/admin/appointment-offices', asAdmin, { officeId, name: '达州市不动产登记中心 通川区政务服务大厅', address: '达州市通川区朝阳东路1号', districts: ['511702'] });
    await call('POST', `/admin/appointment-offices/${officeId}/windows`, asAdmin, { windowId: 'w1', name: '1号窗口 综合受理', businessTypes: ['TRANSFER', 'MORTGAGE'] });
    const { today } = await call<{ today: string }>('GET', '/time', {});
    const from = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    const opened = await call<{ dates: string[] }>('POST', `/admin/appointment-offices/${officeId}/slots`, asAdmin, { windowId: 'w1', from, to, times: [{ start: '09:00', end: '09:30' }], capacity: 1 });
    await call('POST', `/admin/appointment-offices/${officeId}/slots`, asAdmin, { windowId: 'w1', from, to, times: [{ start: '10:00', end: '10:30' }], capacity: 5 });
    day = opened.dates[0];
    slots = (await call<{ items: Slot[] }>('GET', `/appointment-offices/${officeId}/slots?date=${day}`, {})).items;
    rivalKey = (await agentSession(gw.url, asAdmin['x-api-key'], '达州安居登记代理有限公司')).apiKey;

    const session = await agentSession(gw.url, asAdmin['x-api-key'], '四川诚信不动产登记代理有限公司');
    browser = await launch();
    ({ page, errors } = await openPage(browser, 375));
    await signInAsAgent(page, gw.url, session);
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('an applicant picks an office, a day and a free slot, books it, is told when a slot filled up, and cancels; in Chinese, at 375 and 1440 px', async () => {
    await page.goto(`${gw.url}/my/appointments`);
    await page.getByRole('heading', { name: '网上预约' }).waitFor();
    await page.getByLabel('办事大厅').selectOption(officeId);
    await page.getByLabel('日期').fill(day);
    const slotRow = (start: string) => page.locator(`[data-testid="slots"] li[data-start="${start}"]`);
    await slotRow('10:00').waitFor();
    expect(await slotRow('09:00').innerText()).toContain('余 1/1');
    expect(await page.getByLabel('业务类型').inputValue()).toBe('TRANSFER');

    // Someone else takes the only place of 09:00 while the page shows it free: booking it is refused, in the applicant's words.
    await call('POST', '/applicant/appointments', { 'x-api-key': rivalKey }, { slotId: slots.find((s) => s.start === '09:00')?.slotId, businessType: 'TRANSFER' });
    await slotRow('09:00').getByRole('button', { name: '预约 09:00 1号窗口 综合受理' }).click();
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('SLOT_FULL');
    expect(await refusal.innerText()).toContain('该时段已约满，请选择其他时段。');
    await slotRow('09:00').filter({ hasText: '已约满' }).waitFor();
    expect(await slotRow('09:00').getByRole('button').isDisabled()).toBe(true);

    await slotRow('10:00').getByRole('button').click();
    await page.getByTestId('done').waitFor();
    expect(await page.getByTestId('done').innerText()).toBe(`已预约：${day} 10:00，1号窗口 综合受理。`);
    const card = page.locator('[data-testid="my-appointments"] li').first();
    await page.locator('[data-testid="my-appointments"] li[data-status="BOOKED"]').waitFor();
    expect(await card.innerText()).toMatch(new RegExp(`${day} 10:00–10:30[\\s\\S]*已预约[\\s\\S]*通川区政务服务大厅[\\s\\S]*转移登记`));
    await slotRow('10:00').filter({ hasText: '余 4/5' }).waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'appointments-booked'));

    await card.getByRole('button', { name: `取消 ${day} 10:00 的预约` }).click();
    expect(await eventually(() => card.getAttribute('data-status'), 'CANCELLED')).toBe('CANCELLED');
    expect(await card.getByRole('button').count()).toBe(0);
    await slotRow('10:00').filter({ hasText: '余 5/5' }).waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'appointments-cancelled'));
  });
});
