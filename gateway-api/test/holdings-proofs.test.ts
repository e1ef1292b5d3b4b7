import { createHash } from 'node:crypto';
import { sealHashHex, verifySeal, type IssuerKeySet } from '@estate-ledger/api-schemas';
import type { HoldingsProof } from '@estate-ledger/chaincode';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { MovableClock } from './support/movable-clock';
import { PEOPLE } from './support/ledger-fixture';
import { decodeQr, pageImage, pdfText } from './support/pdf-tools';

jest.setTimeout(600_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const DAY_MS = 86_400_000;

/**
 * 有房/无房证明 at the counter: a registry clerk asks, on a person's behalf, what they own in the
 * district; the proof is a document with a number, a validity period and a QR seal, verified by
 * hash and by seal, and EXPIRED once its validity has passed.
 */
describe.each(ENGINES)('holdings proofs (%s read model)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;
  const clock = new MovableClock();

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine, {}, { clock });
    s = new HttpScenario(fx);
  }, 300_000);
  afterAll(async () => fx?.close());

  const verify = (hash: string) => fx.request<{ outcome: string; certNo?: string; kind?: string; holdings?: number; validUntil?: string }>('GET', `/api/v1/verify/${hash}`);
  const issue = async (person: (typeof PEOPLE)[keyof typeof PEOPLE]) => {
    const res = await fx.request<HoldingsProof>('POST', '/api/v1/holdings-proofs', { key: s.key('clerk'), body: { person, district: '511702', validDays: 30 } });
    if (res.status !== 201) throw new Error(`holdings proof: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const pdfOf = async (proofNo: string) => {
    const res = await fetch(`${fx.url}/api/v1/holdings-proofs/${encodeURIComponent(proofNo)}/pdf`, { headers: { 'x-api-key': s.key('clerk') } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  test('a holdings proof and a no-property proof verify by hash and by seal, then answer EXPIRED after their validity', async () => {
    const [unit] = await s.building(1, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    await s.transfer(unit, ['developer'], ['alice']);

    const holdings = await issue(PEOPLE.alice);
    expect(holdings.units).toEqual([unit]);
    expect(holdings.proofNo).toMatch(/^达州市不动产登记中心查询证明〔\d{4}〕\d{7}号$/);
    expect(Date.parse(holdings.validUntil) - Date.parse(holdings.issuedAt)).toBe(30 * DAY_MS);
    const none = await issue(PEOPLE.carol);
    expect(none.units).toEqual([]);

    const keys = (await (await fetch(`${fx.url}/.well-known/jwks.json`)).json()) as IssuerKeySet;
    for (const [proof, text] of [
      [holdings, [PEOPLE.alice.name, unit, '有房证明']],
      [none, [PEOPLE.carol.name, '无不动产登记记录', '无房证明']],
    ] as const) {
      const pdf = await pdfOf(proof.proofNo);
      expect((await pdfOf(proof.proofNo)).equals(pdf)).toBe(true);
      // A table cell wraps long values: compare without the layout's spaces and line breaks.
      const content = (await pdfText(pdf)).replace(/\s+/g, '');
      for (const t of [...text, proof.proofNo]) expect(content).toContain(t);
      expect(content).not.toContain(PEOPLE.bob.name);

      const stored = (await fx.request<HoldingsProof>('GET', `/api/v1/holdings-proofs/${encodeURIComponent(proof.proofNo)}`, { key: s.key('clerk') })).body;
      expect(stored.pdf?.sha256).toBe(sha256(pdf));
      expect((await verify(sha256(pdf))).body).toMatchObject({ outcome: 'VALID', kind: 'HOLDINGS_PROOF', certNo: proof.proofNo, holdings: proof.units.length, validUntil: proof.validUntil });
      expect((await verify(proof.docHash)).body.outcome).toBe('VALID');

      const seal = await verifySeal(decodeQr(await pageImage(pdf)), keys);
      if (!seal.ok) throw new Error(`seal refused: ${seal.detail}`);
      expect(seal.claims).toMatchObject({ n: proof.proofNo, k: 'H', x: Math.floor(Date.parse(proof.validUntil) / 1000) });
      expect(sealHashHex(seal.claims)).toBe(proof.docHash);
    }

    clock.offsetMs = 31 * DAY_MS;
    for (const proof of [holdings, none]) {
      const answer = (await verify(proof.docHash)).body;
      expect(answer).toMatchObject({ outcome: 'EXPIRED', certNo: proof.proofNo, validUntil: proof.validUntil });
      expect((await verify((await fx.request<HoldingsProof>('GET', `/api/v1/holdings-proofs/${encodeURIComponent(proof.proofNo)}`, { key: s.key('clerk') })).body.pdf?.sha256 ?? '')).body.outcome).toBe('EXPIRED');
    }
  });

  test('a clerk cannot issue a proof for a district outside their account', async () => {
    const res = await fx.request('POST', '/api/v1/holdings-proofs', { key: s.key('clerk'), body: { person: PEOPLE.bob, district: '511722', validDays: 30 } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'OUTSIDE_DISTRICT' } });
  });
});
