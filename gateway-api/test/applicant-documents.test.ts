import { createHash } from 'node:crypto';
import { sealHashHex, verifySeal, type IssuerKeySet } from '@estate-ledger/api-schemas';
import type { HoldingsProof } from '@estate-ledger/chaincode';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { citizenToken, startTestIdp, type TestIdp } from './support/identity';
import { PEOPLE } from './support/ledger-fixture';
import { MovableClock } from './support/movable-clock';
import { decodeQr, pageImage, pdfText } from './support/pdf-tools';

jest.setTimeout(600_000);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const DAY_MS = 86_400_000;
const DISTRICT = '511702';

/**
 * The holder's side (电子证照库, 有房/无房证明 on the phone): a citizen signed in with the identity
 * platform downloads the certificates that name them and obtains their own holdings proof; both
 * verify by hash and by QR; nobody gets another person's.
 */
describe.each(ENGINES)('documents a citizen holds (%s read model)', (engine) => {
  let idp: TestIdp;
  let fx: GatewayFixture;
  let s: HttpScenario;
  let alice: string;
  let bob: string;
  const clock = new MovableClock();
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    idp = await startTestIdp();
    fx = await GatewayFixture.start(engine, idp.env, { clock });
    s = new HttpScenario(fx);
    alice = await citizenToken(fx.url, 'alice');
    bob = await citizenToken(fx.url, 'bob');
  }, 300_000);
  afterAll(async () => {
    await fx?.close();
    await idp?.close();
  });

  const verify = (hash: string) => fx.request<{ outcome: string; certNo?: string; kind?: string; holdings?: number; validUntil?: string }>('GET', `/api/v1/verify/${hash}`);
  const keySet = async () => (await (await fetch(`${fx.url}/.well-known/jwks.json`)).json()) as IssuerKeySet;
  const path = (p: string, id: string, suffix = '') => `/api/v1/applicant/${p}/${encodeURIComponent(id)}${suffix}`;

  test("a citizen downloads the certificate that names them (the bytes staff get, verifying); another person's, a developer's and an unknown one answer 404", async () => {
    const [unit] = await s.building(1, 1);
    const first = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const { registration } = await s.transfer(unit, ['developer'], ['alice']);
    const certNo = String(registration.certNo);

    // The holder downloads it before any clerk has: the first rendering is recorded for them.
    const mine = await fx.request('GET', path('certificates', certNo, '/pdf'), { headers: bearer(alice) });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    expect((await fx.request('GET', path('certificates', certNo, '/pdf'), { headers: bearer(alice) })).bytes.equals(mine.bytes)).toBe(true);
    expect((await s.certificatePdf(certNo)).equals(mine.bytes)).toBe(true);
    expect(await pdfText(mine.bytes)).toContain(PEOPLE.alice.name);
    expect((await verify(sha256(mine.bytes))).body).toMatchObject({ outcome: 'VALID', certNo });
    const seal = await verifySeal(decodeQr(await pageImage(mine.bytes)), await keySet());
    expect(seal).toMatchObject({ ok: true, claims: { n: certNo, u: unit } });

    for (const [who, token, number] of [['bob', bob, certNo], ['alice', alice, String(first.certNo)], ['alice', alice, certNo.replace(/\d{7}号$/, '9999999号')]] as const) {
      const refused = await fx.request('GET', path('certificates', number, '/pdf'), { headers: bearer(token) });
      expect([who, refused.status, refused.body]).toEqual([who, 404, { error: expect.objectContaining({ code: 'CERTIFICATE_NOT_FOUND' }) }]);
    }
    // Staff keep their own routes; the holder's are for citizens.
    expect((await fx.request('GET', path('certificates', certNo, '/pdf'), { key: s.key('clerk') })).status).toBe(403);
  });

  test('a citizen obtains their own holdings proof and no-property proof, verified by hash and by QR, EXPIRED after their validity; never another person’s', async () => {
    const [unit] = await s.building(2, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    await s.transfer(unit, ['developer'], ['alice']);

    const issue = async (token: string) => {
      const res = await fx.request<HoldingsProof>('POST', '/api/v1/applicant/holdings-proofs', { headers: bearer(token), body: { district: DISTRICT, validDays: 30 } });
      if (res.status !== 201) throw new Error(`holdings proof: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const holdings = await issue(alice);
    expect(holdings.units).toContain(unit);
    const none = await issue(bob);
    expect(none.units).toEqual([]);

    // The person is the signed-in citizen: the body cannot name someone else.
    const forOther = await fx.request('POST', '/api/v1/applicant/holdings-proofs', { headers: bearer(bob), body: { district: DISTRICT, person: PEOPLE.alice } });
    expect(forOther.status).toBe(400);
    expect((await fx.request('GET', path('holdings-proofs', holdings.proofNo, '/pdf'), { headers: bearer(bob) })).body).toMatchObject({ error: { code: 'HOLDINGS_PROOF_NOT_FOUND' } });
    expect((await fx.request('GET', path('holdings-proofs', none.proofNo), { headers: bearer(alice) })).status).toBe(404);

    const keys = await keySet();
    const pdfs = new Map<string, Buffer>();
    for (const [proof, token, text] of [
      [holdings, alice, [PEOPLE.alice.name, unit, '有房证明']],
      [none, bob, [PEOPLE.bob.name, '无不动产登记记录', '无房证明']],
    ] as const) {
      const res = await fx.request('GET', path('holdings-proofs', proof.proofNo, '/pdf'), { headers: bearer(token) });
      expect(res.status).toBe(200);
      pdfs.set(proof.proofNo, res.bytes);
      const content = (await pdfText(res.bytes)).replace(/\s+/g, '');
      for (const t of [...text, proof.proofNo]) expect(content).toContain(t);
      expect((await fx.request<HoldingsProof>('GET', path('holdings-proofs', proof.proofNo), { headers: bearer(token) })).body.pdf?.sha256).toBe(sha256(res.bytes));
      expect((await verify(sha256(res.bytes))).body).toMatchObject({ outcome: 'VALID', kind: 'HOLDINGS_PROOF', certNo: proof.proofNo, holdings: proof.units.length });
      const seal = await verifySeal(decodeQr(await pageImage(res.bytes)), keys);
      if (!seal.ok) throw new Error(`seal refused: ${seal.detail}`);
      expect(seal.claims).toMatchObject({ n: proof.proofNo, k: 'H', x: Math.floor(Date.parse(proof.validUntil) / 1000) });
      expect(sealHashHex(seal.claims)).toBe(proof.docHash);
    }

    clock.offsetMs = 31 * DAY_MS;
    for (const proof of [holdings, none]) {
      expect((await verify(sha256(pdfs.get(proof.proofNo) ?? Buffer.alloc(0)))).body).toMatchObject({ outcome: 'EXPIRED', certNo: proof.proofNo, validUntil: proof.validUntil });
      expect((await verify(proof.docHash)).body.outcome).toBe('EXPIRED');
    }
    clock.offsetMs = 0;
  });
});
