import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, Wallet } from 'ethers';
import { blockHeaderBytes, type Anchor, type AnchorProof, type CertificateAnchor } from '@estate-ledger/api-schemas';
import { decodeAnchorPayload } from '../src/anchoring/anchor-payload';
import { GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { ANVIL_CHAIN_ID, ANVIL_KEY, AnvilNode } from './support/anvil-node';

const VERIFY_CLI = join(__dirname, '..', 'dist', 'cli', 'anchor-verify.js');
const EVERY_BLOCKS = 3;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * The registry gateway anchors its ledger on a real local chain (anvil, started here), serves a
 * certificate's inclusion proof, and the CLI checks it with the chain's RPC alone.
 */
describe('anchoring the ledger on a public chain', () => {
  let dir: string;
  let anvil: AnvilNode;
  let fx: GatewayFixture;
  let s: HttpScenario;
  let provider: JsonRpcProvider;
  const anchorer = new Wallet(ANVIL_KEY).address.toLowerCase();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'estate-anchoring-'));
    anvil = await AnvilNode.start(join(dir, 'anvil-state.json'));
    fx = await GatewayFixture.start('postgres', {
      ANCHOR_RPC_URL: anvil.url, ANCHOR_CHAIN_ID: String(ANVIL_CHAIN_ID), ANCHOR_PRIVATE_KEY: ANVIL_KEY, ANCHOR_CHAIN_NAME: 'anvil',
      ANCHOR_EVERY_BLOCKS: String(EVERY_BLOCKS), ANCHOR_POLL_MS: '100',
    });
    s = new HttpScenario(fx);
    provider = new JsonRpcProvider(anvil.url, ANVIL_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
  }, 90_000);
  afterAll(async () => {
    provider?.destroy();
    await fx?.close();
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const certificateHash = async (registrationId: string) => {
    const reg = await s.get('clerk', `/registrations/${registrationId}`);
    return sha256(await s.certificateFile(String(reg.certNo)));
  };
  const anchorOf = (hash: string) => fx.request<CertificateAnchor>('GET', `/api/v1/verify/${hash}/anchor`);
  const waitAnchored = async (hash: string, timeoutMs = 30_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const res = await anchorOf(hash);
      if (res.status === 200 && res.body.anchor?.status === 'CONFIRMED') return res.body;
      if (Date.now() > until) throw new Error(`certificate ${hash} not anchored: ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const proofOf = async (hash: string) => s.get<AnchorProof>('registrar', `/anchors/proofs/${hash}`);
  const cli = async (proof: unknown) => {
    const file = join(dir, `proof-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(proof));
    return spawnSync(process.execPath, [VERIFY_CLI, file, '--rpc', anvil.url, '--anchorer', anchorer], { encoding: 'utf8' });
  };
  const building = () => Math.floor(Math.random() * 800) + 100;
  /** A certificate, then enough business blocks after its own for an anchor to come due over it. */
  const newCertificate = async () => {
    const [unit] = await s.building(building(), 1);
    const hash = await certificateHash(await s.registerOnLedger({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] }));
    await s.building(building(), EVERY_BLOCKS);
    return hash;
  };

  let first: string;

  test('anchors are written every N business blocks, each a chain transaction from the registry carrying its range and root', async () => {
    first = await newCertificate();
    const status = await waitAnchored(first);
    expect(status.anchor).toMatchObject({ status: 'CONFIRMED', chainId: ANVIL_CHAIN_ID, chainName: 'anvil', anchorer });
    expect(status.blockNumber).toBeGreaterThanOrEqual(status.anchor?.fromBlock ?? Infinity);

    const { items } = await s.get<{ items: Anchor[] }>('registrar', '/anchors?limit=200');
    const confirmed = items.filter((a) => a.status === 'CONFIRMED').reverse();
    expect(confirmed[0].fromBlock).toBe(0);
    for (const [i, a] of confirmed.entries()) {
      if (i > 0) expect(a.fromBlock).toBe(confirmed[i - 1].toBlock + 1);
      const blocks = await Promise.all(Array.from({ length: a.toBlock - a.fromBlock + 1 }, (_, k) => s.get<{ transactions: Array<{ fn: string }> }>('registrar', `/blocks/${a.fromBlock + k}`)));
      expect(blocks.filter((b) => b.transactions.some((t) => !t.fn.startsWith('Anchor:'))).length).toBeGreaterThanOrEqual(EVERY_BLOCKS);
      const tx = await provider.getTransaction(a.txHash);
      expect(tx?.from.toLowerCase()).toBe(anchorer);
      expect(decodeAnchorPayload(tx?.data ?? '')).toEqual({ root: a.root, fromBlock: a.fromBlock, toBlock: a.toBlock });
    }
    const block = await s.get<{ anchor: Anchor | null }>('registrar', `/blocks/${status.blockNumber}`);
    expect(block.anchor).toMatchObject({ txHash: status.anchor?.txHash });
  }, 120_000);

  test("the CLI verifies a certificate's proof with the chain's RPC alone, and refuses it for a changed block", async () => {
    const proof = await proofOf(first);
    const ok = await cli(proof);
    expect(ok.stdout).toContain('ANCHORED');
    expect(ok.status).toBe(0);

    // One byte of the block's data changed: its data hash no longer matches.
    const data = proof.block.data.map((d) => Buffer.from(d, 'base64'));
    data[0][data[0].length - 1] ^= 1;
    const changed = { ...proof, block: { ...proof.block, data: data.map((d) => d.toString('base64')) } };
    const refused = await cli(changed);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/FAIL\s+transaction → block/);

    // The same change with the data hash and block hash recomputed: the block no longer reaches the anchored root.
    const dataHash = sha256(Buffer.concat(data));
    const hash = sha256(blockHeaderBytes({ number: proof.block.number, previousHash: proof.block.previousHash, dataHash }));
    const rehashed = await cli({ ...changed, block: { ...changed.block, dataHash, hash } });
    expect(rehashed.status).toBe(1);
    expect(rehashed.stdout).toMatch(/FAIL\s+block → Merkle root/);
    expect(rehashed.stdout).toContain('NOT VERIFIED');
  }, 60_000);

  test("a PDF's own hash has its proof too: the block that recorded the PDF, checked by the CLI", async () => {
    const [unit] = await s.building(building(), 1);
    const reg = await s.get('clerk', `/registrations/${await s.registerOnLedger({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] })}`);
    const docHash = sha256(await s.certificateFile(String(reg.certNo)));
    const pdfHash = sha256(await s.certificatePdf(String(reg.certNo)));
    await s.building(building(), EVERY_BLOCKS);
    const [issued, recorded] = [await waitAnchored(docHash), await waitAnchored(pdfHash)];
    // The PDF is recorded at its first download, after the issue.
    expect(recorded.blockNumber).toBeGreaterThan(issued.blockNumber);
    const proof = await proofOf(pdfHash);
    expect(proof).toMatchObject({ certificateHash: pdfHash, block: { number: recorded.blockNumber } });
    const ok = await cli(proof);
    expect(ok.stdout).toContain('ANCHORED');
    expect(ok.status).toBe(0);
  }, 120_000);

  test('while the chain node is down the gateway keeps committing; once it is back anchoring resumes, no anchor lost or sent twice', async () => {
    await anvil.stop();
    const during = await newCertificate();
    expect((await anchorOf(during)).body.anchor?.status).not.toBe('CONFIRMED');
    const health = await fx.request<{ status: string }>('GET', '/api/v1/health');
    expect(health.body.status).toBe('UP');
    await new Promise((r) => setTimeout(r, 500));

    await anvil.restart();
    await waitAnchored(during, 60_000);
    expect((await cli(await proofOf(during))).status).toBe(0);
    expect((await cli(await proofOf(first))).status).toBe(0);

    const { items } = await s.get<{ items: Anchor[] }>('registrar', '/anchors?limit=200');
    const ordered = [...items].reverse();
    for (let i = 1; i < ordered.length; i++) expect(ordered[i].fromBlock).toBe(ordered[i - 1].toBlock + 1);
    expect(new Set(items.map((a) => a.txHash)).size).toBe(items.length);
    // Every transaction the anchoring address ever sent is one of these anchors: none twice, none lost.
    const sent = await provider.getTransactionCount(anchorer, 'latest');
    const mined = (await Promise.all(items.map((a) => provider.getTransactionReceipt(a.txHash)))).filter((r) => r !== null).length;
    expect(sent).toBe(mined);
  }, 180_000);
});
