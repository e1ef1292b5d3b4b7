import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CertificateAnchor } from '@estate-ledger/api-schemas';
import { seedDistrict } from '../../gateway-api/src/cli/demo-seed';
import { ANVIL_CHAIN_ID, ANVIL_KEY, AnvilNode } from '../../gateway-api/test/support/anvil-node';
import { launch, login, openPage } from './support/browser';
import { RunningGateway } from './support/gateway';

jest.setTimeout(120_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Waits until the block that recorded `sha256` is anchored and confirmed. */
async function waitAnchored(url: string, sha256Hex: string): Promise<CertificateAnchor> {
  let answer: CertificateAnchor | undefined;
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`${url}/api/v1/verify/${sha256Hex}/anchor`);
    if (res.status === 200) answer = (await res.json()) as CertificateAnchor;
    if (answer?.anchor?.status === 'CONFIRMED') return answer;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${sha256Hex} not anchored: ${JSON.stringify(answer)}`);
}

/**
 * A gateway of its own that anchors on a local anvil node: the block page shows the block's
 * anchor, and the public verify page says where and when the certificate's block was anchored.
 */
describe('anchors in the explorer', () => {
  let dir: string;
  let anvil: AnvilNode;
  let gw: RunningGateway;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let hash: string;
  let anchored: CertificateAnchor;
  let pdf: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'explorer-anchor-'));
    anvil = await AnvilNode.start(join(dir, 'anvil-state.json'));
    gw = await RunningGateway.start({
      ANCHOR_RPC_URL: anvil.url, ANCHOR_CHAIN_ID: String(ANVIL_CHAIN_ID), ANCHOR_PRIVATE_KEY: ANVIL_KEY, ANCHOR_CHAIN_NAME: 'anvil', ANCHOR_EVERY_MINUTES: '0.005', ANCHOR_POLL_MS: '100',
    });
    const seed = await seedDistrict({ baseUrl: gw.url, accounts: gw.accounts(), size: { projects: 1, buildingsPerProject: 1, floors: 1, roomsPerFloor: 1 }, concurrency: 1 });
    const certNo = seed.units[0].titleCertificates[0];
    hash = sha256(await gw.certificateFile(certNo));
    // The PDF a person holds: its hash is recorded on the ledger (and anchored) when it is first downloaded.
    pdf = await gw.certificatePdf(certNo);
    anchored = await waitAnchored(gw.url, hash);
    await waitAnchored(gw.url, sha256(pdf));
    browser = await launch();
    ({ page, errors } = await openPage(browser));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await gw?.dispose();
    await anvil?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  afterEach(() => expect(errors).toEqual([]));

  test('the verify page says on which chain and when the certificate was anchored', async () => {
    await page.goto(`${gw.url}/verify/${hash}`);
    const note = page.getByTestId('certificate-anchor');
    await note.waitFor();
    const text = await note.textContent();
    expect(text).toMatch(/anvil/);
    expect(text).toContain(`#${anchored.blockNumber}`);
  });

  test('a dropped PDF is said to be anchored too: the block that recorded its hash', async () => {
    const file = join(dir, 'certificate.pdf');
    await writeFile(file, pdf);
    await page.goto(`${gw.url}/verify`);
    await page.getByLabel(/选择证照文件|Choose the certificate file/).setInputFiles(file);
    // The seed's first title was later superseded by a transfer: the file is found either way, and its own hash was anchored.
    expect(await page.locator('[data-outcome]').getAttribute('data-outcome')).toMatch(/^(VALID|SUPERSEDED)$/);
    const note = page.getByTestId('certificate-anchor');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/anvil/);
  });

  test("a block page shows the block's anchor: chain, range, root and chain transaction", async () => {
    await login(page, gw.url, gw.key('RegistryMSP', 'registrar'));
    await page.goto(`${gw.url}/blocks/${anchored.blockNumber}`);
    const section = page.getByTestId('block-anchor');
    await section.waitFor();
    expect(await section.getAttribute('data-status')).toBe('CONFIRMED');
    const text = await section.textContent();
    expect(text).toContain(anchored.anchor?.txHash);
    expect(text).toContain(anchored.anchor?.root);
    expect(text).toContain(`#${anchored.anchor?.fromBlock}–#${anchored.anchor?.toBlock}`);
  });
});
