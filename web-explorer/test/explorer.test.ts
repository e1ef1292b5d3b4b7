import { readFileSync } from 'node:fs';
import type { Browser, Page, Request } from 'playwright-core';
import type { SeededUnit } from '../../gateway-api/src/cli/demo-seed';
import { captureAtBothWidths, drawnChart, eventually, expectFitsAndLabelled, launch, login, openPage } from './support/browser';
import type { GatewayClient } from './support/gateway';
import { sharedGateway } from './support/shared';

jest.setTimeout(60_000);

type Counts = Record<string, number>;

interface Overview {
  ledger: { height: number };
  projection: { height: number };
  counts: { blocks: number; transactions: number; units: number; certificates: number; registrationsOpen: number };
  endorsementsByOrganisation: Counts;
  transactionsByOrganisation: Counts;
  transactionsByValidationCode: Counts;
}
interface TxSummary {
  txId: string;
  blockNumber: number;
  code: string;
  creatorMsp: string;
  fn: string;
  unitNumber: string | null;
}
interface TxDetail extends TxSummary {
  endorsers: string[];
  args: unknown[];
  writes: Array<{ objectType: string; attributes: string[]; key: string | null }>;
}
interface BookEntry {
  registerVersion: number;
  kind: string;
  registrationId?: string;
}
interface Certificate {
  certNo: string;
  status: string;
  docHash: string;
  supersededBy?: string;
}

/** Runs `fn` over `items`, at most `width` at a time. */
async function mapLimit<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

const tally = (keys: string[]): Counts => keys.reduce<Counts>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});

/** Every block and every transaction in them, read through the API: what the ledger holds. */
async function readLedger(gw: GatewayClient, apiKey: string): Promise<{ blocks: number; txs: TxDetail[] }> {
  const numbers: number[] = [];
  for (let cursor: string | null = null; ; ) {
    const page: { items: Array<{ number: number }>; nextCursor?: string | null } = await gw.get(`/blocks?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, apiKey);
    numbers.push(...page.items.map((b) => b.number));
    cursor = page.nextCursor ?? null;
    if (!cursor) break;
  }
  const blocks = await mapLimit(numbers, 8, (n) => gw.get<{ transactions: TxSummary[] }>(`/blocks/${n}`, apiKey));
  const txs = await mapLimit(
    blocks.flatMap((b) => b.transactions),
    8,
    (tx) => gw.get<TxDetail>(`/transactions/${tx.txId}`, apiKey),
  );
  return { blocks: numbers.length, txs };
}

describe('the explorer against a running gateway with a seeded district', () => {
  const { gw, seed } = sharedGateway();
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let auditorKey: string;

  const unitWith = (story: SeededUnit['story']): SeededUnit => {
    const unit = seed.units.find((u) => u.story === story);
    if (!unit) throw new Error(`the seed has no ${story} unit`);
    return unit;
  };
  const digits = (s: string) => Number(s.replace(/[^\d]/g, ''));
  const statValue = async (stat: string) => digits(await page.locator(`[data-stat="${stat}"] .stat-value`).innerText());
  /** A dashboard table's rows as {row id: number in column}. */
  const tableCounts = (rowAttr: string, col: string): Promise<Counts> =>
    page.locator(`tr[${rowAttr}]`).evaluateAll(
      (trs, [attr, column]) => Object.fromEntries(trs.map((tr) => [tr.getAttribute(attr), Number(tr.querySelector(`[data-col="${column}"]`)?.textContent?.replace(/[^\d]/g, ''))])),
      [rowAttr, col],
    );

  beforeAll(async () => {
    auditorKey = gw.key('RegistryMSP', 'auditor');
    browser = await launch();
    ({ page, errors } = await openPage(browser));
    await login(page, gw.url, auditorKey);
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('dashboard shows the ledger’s numbers, endorsements per organisation and validation codes, charts them, and takes a new block live over server-sent events', async () => {
    await page.goto(`${gw.url}/`);
    await page.locator('[data-stream="live"]').waitFor();
    await page.locator('[data-testid="org-table"]').waitFor();
    const overview = await gw.get<Overview>('/overview', auditorKey);
    const ledger = await readLedger(gw, auditorKey);

    // The read model's counters are what the blocks hold...
    expect(ledger.blocks).toBe(overview.counts.blocks);
    expect(ledger.txs.length).toBe(overview.counts.transactions);
    expect(tally(ledger.txs.map((tx) => tx.code))).toEqual(overview.transactionsByValidationCode);
    expect(tally(ledger.txs.map((tx) => tx.creatorMsp))).toEqual(overview.transactionsByOrganisation);
    expect(tally(ledger.txs.flatMap((tx) => tx.endorsers))).toEqual(overview.endorsementsByOrganisation);
    // ...and under the embedded default policy (a majority of the four organisations) every valid
    // transaction carries three endorsements from three organisations, its submitter's among them.
    const valid = ledger.txs.filter((tx) => tx.code === 'VALID');
    expect(valid.length).toBeGreaterThan(100);
    expect(valid.filter((tx) => tx.endorsers.length !== 3 || new Set(tx.endorsers).size !== 3 || !tx.endorsers.includes(tx.creatorMsp)).map((tx) => tx.txId)).toEqual([]);
    const invalid = ledger.txs.length - valid.length;

    expect(await statValue('ledger-height')).toBe(overview.ledger.height);
    expect(await statValue('transactions')).toBe(overview.counts.transactions);
    expect(await statValue('invalid-transactions')).toBe(invalid);
    expect(await statValue('units')).toBe(seed.units.length);
    expect(await statValue('certificates')).toBe(overview.counts.certificates);
    const orgs = Object.keys(overview.endorsementsByOrganisation);
    expect(await tableCounts('data-msp', 'endorsements')).toEqual(overview.endorsementsByOrganisation);
    expect(await tableCounts('data-msp', 'submitted')).toEqual(Object.fromEntries(orgs.map((m) => [m, overview.transactionsByOrganisation[m] ?? 0])));
    expect(await tableCounts('data-code', 'count')).toEqual(overview.transactionsByValidationCode);
    expect(await page.getByTestId('code-summary').innerText()).toContain(`共 ${overview.counts.transactions} 笔交易，其中无效 ${invalid} 笔`);

    // Charts: drawn on their canvases, and the activity window adds up to the whole (young) ledger.
    for (const id of ['activity', 'organisations', ...(invalid > 0 ? ['validation-codes'] : [])]) {
      const chart = await drawnChart(page, id);
      expect({ id, wide: chart.width > 300, tall: chart.height > 100, inked: chart.inked > 0.01 }).toEqual({ id, wide: true, tall: true, inked: true });
    }
    if (invalid === 0) expect(await page.locator('figure[data-chart="validation-codes"]').count()).toBe(0);
    const totals = page.getByTestId('activity-totals');
    const windowTotals = async () => [await totals.getAttribute('data-blocks'), await totals.getAttribute('data-transactions'), await totals.getAttribute('data-invalid')].map(Number);
    expect(await windowTotals()).toEqual([overview.counts.blocks, overview.counts.transactions, invalid]);
    await page.getByLabel('时间范围').selectOption('month');
    expect(await eventually(windowTotals, [overview.counts.blocks, overview.counts.transactions, invalid])).toEqual([overview.counts.blocks, overview.counts.transactions, invalid]);
    await drawnChart(page, 'activity');
    await page.getByLabel('时间范围').selectOption('hour');

    // A new household table published through the API commits a block the page did not load.
    const housingBefore = overview.transactionsByOrganisation.HousingMSP ?? 0;
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
    await page.locator(`tr[data-block="${blockNumber}"][data-live="true"]`).waitFor({ timeout: 10_000 });
    // The counters and charts follow: the page re-reads /overview after the block event.
    expect(await eventually(() => statValue('ledger-height'), blockNumber + 1)).toBe(blockNumber + 1);
    expect(await eventually(async () => (await tableCounts('data-msp', 'submitted')).HousingMSP, housingBefore + 1)).toBe(housingBefore + 1);
    expect(await eventually(async () => (await windowTotals())[0], blockNumber + 1)).toBe(blockNumber + 1);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'dashboard'));
  });

  it('charts invalid transactions by validation code from real read conflicts', async () => {
    // Two attachments to the same application, sent together, read the same version of it: the
    // ledger commits the later one MVCC_READ_CONFLICT (the gateway then retries it successfully).
    const clerk = gw.key('RegistryMSP', 'clerk');
    const post = (path: string, body: unknown) =>
      fetch(`${gw.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': clerk }, body: JSON.stringify(body) });
    const conflicts = async () => (await gw.get<Overview>('/overview', auditorKey)).transactionsByValidationCode.MVCC_READ_CONFLICT ?? 0;
    const before = await conflicts();
    const applicationId = `YC-CONFLICT-${seed.runStamp}`;
    const created = await post('/applications', {
      applicationId, businessType: 'MORTGAGE', unitNumber: unitWith('SOLD').unitNumber, channel: '银行网点',
      applicants: [{ kind: 'ORG', name: '中国建设银行达州分行', idNumber: '91110000100008886U' }],
      // An application is refused unless its checklist is complete; the attachments below add to it.
      materials: ['APPLICATION_FORM', 'ID_DOCUMENT', 'MORTGAGE_CONTRACT', 'LOAN_CONTRACT', 'TITLE_CERTIFICATE'].map((type) => ({ type, sha256: 'a'.repeat(64) })),
    });
    expect(created.status).toBe(201);
    for (let round = 0; round < 20 && (await conflicts()) === before; round++) {
      const attach = (n: number) => post(`/applications/${applicationId}/materials`, { materials: [{ type: 'MORTGAGE_CONTRACT', sha256: String(round * 2 + n).padStart(64, '0') }] });
      const statuses = (await Promise.all([attach(0), attach(1)])).map((r) => r.status);
      expect(statuses).toEqual([201, 201]);
    }
    const after = await conflicts();
    expect(after).toBeGreaterThan(before);

    await page.goto(`${gw.url}/`);
    const chart = await drawnChart(page, 'validation-codes');
    expect(chart.inked).toBeGreaterThan(0.01);
    const label = await page.locator('figure[data-chart="validation-codes"] canvas').getAttribute('aria-label');
    expect(label).toContain(`(MVCC_READ_CONFLICT): ${after}`);
    const counts = await tableCounts('data-code', 'count');
    expect(counts.MVCC_READ_CONFLICT).toBe(after);
    const invalid = Object.entries(counts).reduce((n, [code, c]) => (code === 'VALID' ? n : n + c), 0);
    expect(await statValue('invalid-transactions')).toBe(invalid);
  });

  it('walks from a block whose hash chain checks out to its transaction’s payload and on to the unit’s register book and certificates', async () => {
    const sold = unitWith('SOLD');
    const history = await gw.get<{ items: TxSummary[] }>(`/units/${sold.unitNumber}/history?limit=200`, auditorKey);
    const issue = history.items.filter((tx) => tx.fn === 'Registration:issue').at(-1);
    if (!issue) throw new Error('the sold unit has no issued registration');
    const issued = await gw.get<TxDetail>(`/transactions/${issue.txId}`, auditorKey);

    await page.goto(`${gw.url}/blocks`);
    await page.locator('tr[data-block]').first().waitFor();
    expect(await page.locator('tr[data-block]').count()).toBe(25);
    expect(await page.locator('[data-chain="ok"]').count()).toBe(24);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'blocks'));
    // Keyset paging: the older page joins on, and the link across the page boundary is checked too.
    await page.getByRole('button', { name: '更早的区块' }).click();
    await page.locator('tr[data-block]').nth(49).waitFor();
    const numbers = await page.locator('tr[data-block]').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-block'))));
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => numbers[0] - i));
    expect(await page.locator('[data-chain="ok"]').count()).toBe(49);
    expect(await page.locator('[data-chain="broken"]').count()).toBe(0);

    await page.goto(`${gw.url}/blocks/${issue.blockNumber}`);
    await page.locator('[data-check="header"] [data-chain="ok"]').waitFor();
    await page.locator('[data-check="previous"] [data-chain="ok"]').waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'block'));

    await page.locator(`tr[data-tx="${issue.txId}"] a[href^="/tx/"]`).click();
    await page.waitForURL(`${gw.url}/tx/${issue.txId}`);
    await page.getByText('Registration:issue', { exact: true }).waitFor();
    expect(await page.locator('.badge-good').first().innerText()).toBe('VALID');
    const endorsers = await page.locator('.endorsers li').allInnerTexts();
    expect(endorsers).toEqual(issued.endorsers);
    expect(endorsers).toContain('RegistryMSP');
    // The business payload, pretty-printed, is the decoded arguments; the keys written are named by type and attributes.
    const payload = page.locator('[data-testid="payload"] pre.json');
    expect(await payload.count()).toBe(issued.args.length);
    expect(await payload.first().innerText()).toMatch(/^\{\n {2}"/);
    expect(JSON.parse(await payload.first().innerText())).toEqual(issued.args[0]);
    expect(await page.locator('[data-testid="written-key"]').allInnerTexts()).toEqual(issued.writes.map((w) => (w.attributes.length ? w.attributes.join(' / ') : w.key)));
    expect(await page.locator('table.writes tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-object-type')))).toEqual(issued.writes.map((w) => w.objectType));
    // A key whose record has a page links to it: the certificate the transaction issued.
    const certWrite = issued.writes.find((w) => w.objectType === 'cert');
    if (!certWrite) throw new Error('the issue transaction wrote no certificate');
    expect(await page.locator(`table.writes a[href="/certificates/${encodeURIComponent(certWrite.attributes[0])}"]`).count()).toBe(1);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'transaction'));

    const unitRequests: Request[] = [];
    const track = (r: Request) => unitRequests.push(r);
    page.on('request', track);
    await page.locator(`a[href="/units/${sold.unitNumber}"]`).first().click();
    await page.waitForURL(`${gw.url}/units/${sold.unitNumber}`);
    const chain = page.locator('[data-testid="title-chain"] > li');
    await chain.nth(1).waitFor();
    expect(await chain.count()).toBe(2);
    // The developer held it first; a citizen holds it now, with the name masked for an auditor.
    expect(await chain.nth(0).innerText()).toContain('达州市滨江房地产开发有限公司');
    expect(await chain.nth(1).innerText()).toMatch(/\*/);

    // The register book: first registration, then the transfer, version by version.
    const book = await gw.get<{ items: BookEntry[] }>(`/units/${sold.unitNumber}/book`, auditorKey);
    const bookRows = page.locator('[data-testid="register-book"] tbody tr');
    await bookRows.first().waitFor();
    expect(await bookRows.evaluateAll((trs) => trs.map((tr) => [Number(tr.getAttribute('data-version')), tr.getAttribute('data-kind')]))).toEqual(book.items.map((e) => [e.registerVersion, e.kind]));
    expect(book.items.map((e) => e.kind)).toEqual(['FIRST', 'TRANSFER']);
    expect(await bookRows.nth(1).innerText()).toContain('转移登记');

    // Certificates, newest first: the buyer's valid title, and the developer's superseded by it.
    const certificates = await gw.get<{ items: Certificate[] }>(`/units/${sold.unitNumber}/certificates`, auditorKey);
    const [current, old] = sold.titleCertificates.slice().reverse();
    expect(certificates.items.map((c) => [c.certNo, c.status])).toEqual([
      [current, 'VALID'],
      [old, 'SUPERSEDED'],
    ]);
    const certRows = page.locator('[data-testid="unit-certificates"] tbody tr');
    await certRows.nth(1).waitFor();
    expect(await certRows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-cert'), tr.querySelector('[data-status]')?.getAttribute('data-status')]))).toEqual(certificates.items.map((c) => [c.certNo, c.status]));
    const oldRow = page.locator(`tr[data-cert="${old}"]`);
    expect(await oldRow.locator(`a[href="/certificates/${encodeURIComponent(current)}"]`).count()).toBe(1);
    for (const c of certificates.items) expect(await page.locator(`tr[data-cert="${c.certNo}"] a[href="/verify/${c.docHash}"]`).count()).toBe(1);
    expect(await page.locator('[data-flag="registered"]').getAttribute('data-on')).toBe('true');
    await page.locator('.timeline li').first().waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'unit'));
    page.off('request', track);
    // The book and the certificate list answer everything: no look-up per registration or certificate.
    const apiPaths = unitRequests.map((r) => new URL(r.url()).pathname).filter((p) => p.startsWith('/api/'));
    expect(apiPaths.filter((p) => /\/api\/v1\/(registrations|certificates)\//.test(p))).toEqual([]);
    expect(apiPaths).toEqual(expect.arrayContaining([`/api/v1/units/${sold.unitNumber}/book`, `/api/v1/units/${sold.unitNumber}/certificates`]));

    // The book's registration opens its page; the current certificate's fingerprint link checks it publicly.
    await bookRows.nth(1).locator('a[href^="/registrations/"]').click();
    await page.waitForURL(`${gw.url}/registrations/${book.items[1].registrationId}`);
    await page.getByRole('heading', { name: /登记业务/ }).waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'registration'));
    await page.goBack();
    await page.locator(`tr[data-cert="${current}"] a[href^="/verify/"]`).click();
    await page.locator('[data-outcome="VALID"]').waitFor();
    expect(await page.locator('[data-outcome]').innerText()).toContain(current);
  });

  it('shows a sale contract’s business payload with the parties only as keys of the transient map', async () => {
    const sold = unitWith('SOLD');
    const history = await gw.get<{ items: TxSummary[] }>(`/units/${sold.unitNumber}/history?limit=200`, auditorKey);
    const sign = history.items.find((tx) => tx.fn === 'SaleContract:sign');
    if (!sign) throw new Error('the sold unit has no signed contract');
    const tx = await gw.get<TxDetail>(`/transactions/${sign.txId}`, auditorKey);
    await page.goto(`${gw.url}/tx/${sign.txId}`);
    const payload = page.locator('[data-testid="payload"] pre.json');
    await payload.waitFor();
    const text = await payload.innerText();
    expect(JSON.parse(text)).toEqual(tx.args[0]);
    expect(text).toMatch(/"party": "p\d+"/);
    expect(text).toContain(sold.contractIds[0]);
    // The seller is the developer: its name is in the private party data, never in the payload.
    expect(text).not.toContain('达州市滨江房地产开发有限公司');
    expect(await page.getByRole('heading', { name: '业务数据' }).count()).toBe(1);
  });

  it('shows a seized unit’s seizure in its register, register book and restriction timeline', async () => {
    const seized = unitWith('SEIZED');
    await page.goto(`${gw.url}/units/${seized.unitNumber}`);
    await page.locator(`tr[data-seizure="${seized.seizureId}"]`).waitFor();
    expect(await page.locator('[data-flag="seized"]').getAttribute('data-on')).toBe('true');
    const lastEntry = page.locator('[data-testid="register-book"] tbody tr').last();
    await lastEntry.waitFor();
    expect(await lastEntry.getAttribute('data-kind')).toBe('SEIZURE');
    expect(await lastEntry.innerText()).toContain(seized.seizureId ?? '');
    const timeline = page.locator('[data-testid="restriction-timeline"] li');
    await timeline.first().waitFor();
    expect(await timeline.count()).toBe(1);
    expect(await timeline.first().getAttribute('data-event')).toBe('SEIZURE_RECORDED');
    expectFitsAndLabelled(await captureAtBothWidths(page, 'unit-seized'));
  });

  it('search finds a unit by its house code and opens it, and says when nothing matches', async () => {
    const unit = unitWith('RESOLD');
    await page.goto(`${gw.url}/blocks`);
    await page.getByRole('searchbox').fill(unit.houseCode);
    await page.getByRole('search').getByRole('button').click();
    await page.waitForURL(`${gw.url}/units/${unit.unitNumber}`);
    await page.locator('[data-testid="title-chain"] > li').nth(2).waitFor();
    expect(await page.locator('[data-testid="title-chain"] > li').count()).toBe(3);

    await page.getByRole('searchbox').fill('HC-NO-SUCH-HOUSE');
    await page.getByRole('search').getByRole('button').click();
    await page.getByRole('status').filter({ hasText: '共找到 0 条结果' }).waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'search'));
  });

  it('search opens a completed and a withdrawn one-window case, its cancelled contract and a mortgage proof by their ids', async () => {
    const search = async (q: string) => {
      await page.getByRole('searchbox').fill(q);
      await page.getByRole('search').getByRole('button').click();
    };
    await page.goto(`${gw.url}/`);
    // A case whose registrations are all issued is complete; one still under review is open.
    const sold = unitWith('SOLD');
    await search(sold.applicationIds[0]);
    await page.waitForURL(`${gw.url}/applications/${sold.applicationIds[0]}`);
    expect(await page.locator('[data-status="COMPLETED"]').innerText()).toBe('已办结');
    const reviewed = unitWith('TRANSFER_REVIEWED');
    await search(reviewed.applicationIds[0]);
    await page.waitForURL(`${gw.url}/applications/${reviewed.applicationIds[0]}`);
    expect(await page.locator('[data-status="OPEN"]').innerText()).toBe('办理中');

    const withdrawn = unitWith('WITHDRAWN');
    await search(withdrawn.applicationIds[0]);
    await page.waitForURL(`${gw.url}/applications/${withdrawn.applicationIds[0]}`);
    await page.locator('[data-status="WITHDRAWN"]').waitFor();
    expect(await page.getByRole('table').innerText()).toContain('已撤回');
    expectFitsAndLabelled(await captureAtBothWidths(page, 'application'));

    await page.locator(`a[href="/contracts/${withdrawn.contractIds[0]}"]`).click();
    await page.locator('[data-status="CANCELLED"]').waitFor();
    expectFitsAndLabelled(await captureAtBothWidths(page, 'contract'));

    const mortgaged = unitWith('SOLD_MORTGAGED');
    await search(mortgaged.mortgageCertificates[0]);
    await page.waitForURL(`${gw.url}/certificates/${encodeURIComponent(mortgaged.mortgageCertificates[0])}`);
    await page.getByRole('heading', { name: /不动产登记证明/ }).waitFor();
    expect(await page.locator('.badge.cert-VALID').count()).toBe(1);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'certificate'));
  });

  it('statistics show the seeded cases by type against their statutory limits, as a table and charts, and export the gateway’s CSV', async () => {
    await page.goto(`${gw.url}/stats`);
    const transferRow = page.locator('[data-testid="stats-table"] tr[data-type="TRANSFER"]').first();
    await transferRow.waitFor();
    const from = await page.getByLabel('开始日期').inputValue();
    const to = await page.getByLabel('结束日期').inputValue();
    const stats = await gw.get<{ rows: unknown[]; totals: { applied: number; completed: number } }>(`/statistics?from=${from}&to=${to}&period=month`, auditorKey);
    expect(await statValue('applied')).toBe(stats.totals.applied);
    expect(await statValue('completed')).toBe(stats.totals.completed);
    // A mortgage is due in 3 working days, other registrations in 5.
    expect(await page.locator('[data-testid="stats-table"] tr[data-type="MORTGAGE"] td').last().innerText()).toMatch(/3/);
    expect(await transferRow.locator('td').last().innerText()).toMatch(/5/);
    for (const id of ['completed', 'days', 'periods']) {
      const chart = await drawnChart(page, id);
      expect({ id, wide: chart.width > 300, inked: chart.inked > 0.01 }).toEqual({ id, wide: true, inked: true });
    }
    expect(await page.locator('figure.chart svg').count()).toBe(0);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'statistics'));

    // The CSV is the gateway's /statistics.csv for the same filters, fetched with the session's token.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`statistics-${from}-${to}.csv`);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8').replace(/^\ufeff/, '');
    expect(csv).toBe((await gw.text(`/statistics.csv?from=${from}&to=${to}&period=month`, auditorKey)).replace(/^\ufeff/, ''));
    const [header, ...lines] = csv.trim().split('\r\n');
    expect(header).toBe('period,district,type,applied,completed,withinLimit,overdue,openPastLimit,avgWorkingDays,limitDays');
    expect(lines.length).toBe(stats.rows.length);
    expect(lines.length).toBe(await page.locator('[data-testid="stats-table"] tbody tr').count());
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
    await page.goto(`${gw.url}/`);
    await page.getByRole('heading', { name: 'Endorsements and submissions by organisation' }).waitFor();
    await drawnChart(page, 'organisations');
    expect(await page.locator('figure[data-chart="organisations"] canvas').getAttribute('aria-label')).toMatch(/Registration Centre: \d+ endorsements/);
    expectFitsAndLabelled(await captureAtBothWidths(page, 'dashboard-en'));
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '账本概览' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });
});
