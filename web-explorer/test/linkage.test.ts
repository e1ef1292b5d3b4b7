import type { Browser, Page } from 'playwright-core';
import { captureAtBothWidths, eventually, expectFitsAndLabelled, launch, login, openPage } from './support/browser';
import { sharedGateway } from './support/shared';

jest.setTimeout(120_000);

const DISTRICT = '511702';
const BASE = '达州市通川区滨江路18号天悦府';
const unitNumber = (building: number, room: number) => `${DISTRICT}001002GB00011F${String(building).padStart(4, '0')}${String(room).padStart(4, '0')}`;
const household = (projectId: string, n: number, floor: number, room: string) => ({
  houseCode: `HC-${projectId}-${n}`, floor, room, location: `${BASE}1幢1单元${room}室`, use: '住宅', structure: '钢筋混凝土', areas: { building: '98.50', inner: '80.20', shared: '18.30' },
});

describe('the linkage queue page', () => {
  const { gw } = sharedGateway();
  const projectId = `XM-LINK-${Date.now()}`;
  const code = (n: number) => `HC-${projectId}-${n}`;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  const post = async (msp: string, role: string, path: string, body: unknown) => {
    const res = await fetch(`${gw.url}/api/v1${path}`, { method: 'POST', headers: { 'x-api-key': gw.key(msp, role), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  beforeAll(async () => {
    await post('HousingMSP', 'surveyor', '/projects', {
      projectId, name: '天悦府', district: DISTRICT, developer: { kind: 'ORG', name: '达州市滨江房地产开发有限公司', idNumber: '91350100M000100Y43' }, presalePermit: '达住建预售字(2025)第071号',
      buildings: [{ buildingId: 'B71', name: '1幢', households: [household(projectId, 1, 1, '101'), household(projectId, 2, 3, '301'), household(projectId, 3, 3, '301'), household(projectId, 4, 4, '401')] }],
    });
    const unit = (building: number, room: string, floor: number, location: string, area = '98.50') => ({ unitNumber: unitNumber(building, Number(room)), district: DISTRICT, location, floor, room, area });
    await post('RegistryMSP', 'registrar', `/projects/${projectId}/linkage/run`, {
      units: [unit(71, '101', 1, `${BASE}1幢1单元101室`), unit(71, '301', 3, `${BASE}1幢1单元301室`), unit(72, '301', 3, `${BASE}2幢1单元301室`), unit(73, '401', 4, '达州市通川区凤凰大道9号锦绣苑3幢2单元401室', '120.00')],
    });
    browser = await launch();
    ({ page, errors } = await openPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('shows a registrar the queue with candidates and scores, and the rate; confirm, pick and reject update both', async () => {
    await login(page, gw.url, gw.key('RegistryMSP', 'registrar'));
    await page.goto(`${gw.url}/linkage?project=${encodeURIComponent(projectId)}`);
    const rate = page.getByTestId('linkage-rate');
    await rate.waitFor();
    expect(await rate.locator('h2').innerText()).toBe('挂接率：25.0%');
    const rows = page.locator('[data-testid="linkage-queue"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-house')))).toEqual([code(2), code(3), code(4)]);
    expect(await rows.first().locator('ol.candidates li').count()).toBe(2);
    expect(await rows.first().innerText()).toMatch(/（1\.000）/);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'linkage-queue'));

    await page.locator(`tr[data-house="${code(2)}"]`).getByRole('button', { name: '确认最佳候选' }).click();
    await page.getByTestId('linkage-done').waitFor();
    expect(await page.getByTestId('linkage-done').innerText()).toBe(`已处理：${code(2)} → CONFIRMED`);
    await page.locator(`tr[data-house="${code(3)}"]`).getByRole('button', { name: `改选此候选 ${unitNumber(72, 301)}` }).click();
    await eventually(() => page.getByTestId('linkage-done').innerText(), `已处理：${code(3)} → PICKED`);
    const last = page.locator(`tr[data-house="${code(4)}"]`);
    await last.getByLabel('驳回原因').fill('地址与登记簿不符');
    await last.getByRole('button', { name: '驳回' }).click();
    await eventually(() => page.getByTestId('linkage-done').innerText(), `已处理：${code(4)} → REJECTED`);
    await eventually(() => rate.locator('h2').innerText(), '挂接率：75.0%');
    await page.getByText('没有待确认的挂接。').waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'linkage-decided'));
  });
});
