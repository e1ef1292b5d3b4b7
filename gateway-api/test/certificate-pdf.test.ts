import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { base64url, exportJWK, generateKeyPair, type JWK } from 'jose';
import { sealHashHex, signSeal, verifySeal, type IssuerKeySet, type SealClaims } from '@estate-ledger/api-schemas';
import type { Certificate } from '@estate-ledger/chaincode';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { PEOPLE } from './support/ledger-fixture';
import { decodeQr, pageImage, pdfText } from './support/pdf-tools';
import { alterSealClaim, jwsSeal } from './support/seal-forgery';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const OFFICE = '达州市不动产登记中心';

jest.setTimeout(600_000);

/**
 * The certificate a person holds: a PDF of the national form, the same bytes every time, whose
 * own SHA-256 verifies as the canonical JSON's does, with a QR seal that verifies offline.
 */
describe.each(ENGINES)('certificate PDFs and their QR seals (%s read model)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine);
    s = new HttpScenario(fx);
  }, 300_000);
  afterAll(async () => fx?.close());

  const verify = (hash: string) => fx.request<{ outcome: string; certNo?: string; successor?: string }>('GET', `/api/v1/verify/${hash}`);
  const keySet = async (): Promise<IssuerKeySet> => (await fetch(`${fx.url}/.well-known/jwks.json`)).json() as Promise<IssuerKeySet>;
  const certificate = (certNo: string) => s.get<Certificate>('clerk', `/certificates/${encodeURIComponent(certNo)}`);

  test('the PDF is the same bytes every time, states holder, number and unit, and verifies by its own hash; one byte changed does not', async () => {
    const [unit] = await s.building(1, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const { registration } = await s.transfer(unit, ['developer'], ['alice']);
    const certNo = String(registration.certNo);

    const first = await s.certificatePdf(certNo);
    const second = await s.certificatePdf(certNo);
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha256(second)).toBe(sha256(first));
    expect(second.equals(first)).toBe(true);

    const text = await pdfText(first);
    expect(text).toContain('不动产权证书');
    expect(text).toContain(PEOPLE.alice.name);
    expect(text).toContain(certNo);
    expect(text).toContain(unit);

    const cert = await certificate(certNo);
    expect(cert.pdf?.sha256).toBe(sha256(first));
    expect((await verify(sha256(first))).body).toMatchObject({ outcome: 'VALID', certNo });
    // The canonical JSON's hash still answers the same.
    expect((await verify(cert.docHash)).body).toMatchObject({ outcome: 'VALID', certNo });

    const altered = Buffer.from(first);
    altered[Math.floor(altered.length / 2)] ^= 0x01;
    expect((await verify(sha256(altered))).body.outcome).toBe('NOT_FOUND');
  });

  test('the seal decoded from the page image verifies against the published keys; an altered seal and an unknown key are refused with their reasons', async () => {
    const [unit] = await s.building(2, 1);
    const first = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const certNo = String(first.certNo);
    const pdf = await s.certificatePdf(certNo);
    const token = decodeQr(await pageImage(pdf));
    const cert = await certificate(certNo);
    expect(token).toBe(cert.pdf?.seal);

    const keys = await keySet();
    const verdict = await verifySeal(token, keys);
    if (!verdict.ok) throw new Error(`seal refused: ${verdict.detail}`);
    expect(verdict.office).toBe(OFFICE);
    expect(verdict.claims).toMatchObject({ n: certNo, u: unit, k: 'T', v: cert.registerVersion, i: Math.floor(Date.parse(cert.issuedAt) / 1000) });
    expect(sealHashHex(verdict.claims)).toBe(cert.docHash);
    // No ID number or name travels in the seal, and a phone reads it from paper: under 300 bytes.
    const bytes = Buffer.from(token, 'base64url');
    expect(bytes.includes(Buffer.from(PEOPLE.developer.idNumber))).toBe(false);
    expect(bytes.includes(Buffer.from(PEOPLE.developer.name))).toBe(false);
    expect(Buffer.byteLength(token)).toBeLessThan(300);

    const altered = alterSealClaim(token, 'u', () => unit.replace(/\d{4}$/, '9999'));
    expect(await verifySeal(altered, keys)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });

    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const stranger = await signSeal(verdict.claims, 'not-a-registry-key', await exportJWK(privateKey));
    expect(await verifySeal(stranger, keys)).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY', kid: 'not-a-registry-key' });
    // A stranger's key under a registry key id is a bad signature, not that office's seal.
    const impostor = await signSeal(verdict.claims, verdict.kid, await exportJWK(privateKey));
    expect(await verifySeal(impostor, keys)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(await verifySeal(token.slice(0, -4), keys)).toMatchObject({ ok: false, reason: 'MALFORMED' });
  });

  test('a seal in the previous format (compact JWS), as recorded on the ledger before, keeps verifying with the same rules', async () => {
    const keys = await keySet();
    const stored = JSON.parse(readFileSync(fx.gw.config.issuerKeysFile, 'utf8')) as { keys: Array<{ kid: string; office: string; retiredAt?: string; privateJwk: JWK }> };
    const current = stored.keys.find((k) => k.office === OFFICE && !k.retiredAt);
    if (!current) throw new Error('no current key in the key file');
    const [unit] = await s.building(5, 1);
    const cert = await certificate(String((await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] })).certNo));
    const claims: SealClaims = { n: cert.certNo, h: Buffer.from(cert.docHash, 'hex').toString('base64url'), k: 'T', u: unit, v: cert.registerVersion, i: Math.floor(Date.parse(cert.issuedAt) / 1000) };

    const old = await jwsSeal(claims, current.privateJwk, current.kid);
    const verdict = await verifySeal(old, keys);
    expect(verdict).toMatchObject({ ok: true, kid: current.kid, office: OFFICE, claims });
    if (verdict.ok) expect(sealHashHex(verdict.claims)).toBe(cert.docHash);
    const [header, , signature] = old.split('.');
    const altered = `${header}.${base64url.encode(JSON.stringify({ ...claims, u: unit.replace(/\d{4}$/, '9999') }))}.${signature}`;
    expect(await verifySeal(altered, keys)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    expect(await verifySeal(await jwsSeal(claims, await exportJWK(privateKey), 'not-a-registry-key'), keys)).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY' });
    // The two formats of one document's claims, by the same key: the current one is the shorter.
    expect(Buffer.byteLength(await signSeal(claims, current.kid, current.privateJwk))).toBeLessThan(Buffer.byteLength(old));
  });

  test('the PDF a person downloaded before a transfer answers SUPERSEDED and names the new certificate', async () => {
    const [unit] = await s.building(3, 1);
    const first = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const old = await s.certificatePdf(String(first.certNo));
    expect((await verify(sha256(old))).body.outcome).toBe('VALID');
    const { registration } = await s.transfer(unit, ['developer'], ['bob']);
    expect((await verify(sha256(old))).body).toMatchObject({ outcome: 'SUPERSEDED', certNo: first.certNo, successor: registration.certNo });
    // The superseded certificate's PDF still renders as the same bytes.
    expect((await s.certificatePdf(String(first.certNo))).equals(old)).toBe(true);
  });

  test('after a key rotation old certificates keep verifying, new ones carry the new key, and the retired key cannot seal a later document', async () => {
    const [unit, second] = await s.building(4, 2);
    const before = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const oldPdf = await s.certificatePdf(String(before.certNo));
    const oldSeal = (await certificate(String(before.certNo))).pdf?.seal ?? '';
    const oldKid = (await verifySeal(oldSeal, await keySet())) as { kid: string };

    const rotated = await fx.request<{ kid: string; office: string }>('POST', '/api/v1/admin/issuer-keys/rotate', { key: fx.key('RegistryMSP', 'admin'), body: { office: OFFICE } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.kid).not.toBe(oldKid.kid);
    const keys = await keySet();
    const retiredAt = keys.keys.find((k) => k.kid === oldKid.kid)?.retiredAt;
    expect(retiredAt).toBeDefined();
    // A seal states the issue time in whole seconds: the next certificate is issued in a second after the rotation's.
    const nextSecond = (Math.floor(Date.parse(retiredAt ?? '') / 1000) + 1) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextSecond - Date.now())));

    expect((await s.certificatePdf(String(before.certNo))).equals(oldPdf)).toBe(true);
    expect(await verifySeal(oldSeal, keys)).toMatchObject({ ok: true, kid: oldKid.kid, office: OFFICE });

    const after = await s.register({ type: 'FIRST', unitNumber: second, applicants: ['developer'] });
    await s.certificatePdf(String(after.certNo));
    const newSeal = (await certificate(String(after.certNo))).pdf?.seal ?? '';
    expect(await verifySeal(newSeal, keys)).toMatchObject({ ok: true, kid: rotated.body.kid });

    // Someone holding the retired key seals a document dated after its retirement.
    const stored = JSON.parse(readFileSync(fx.gw.config.issuerKeysFile, 'utf8')) as { keys: Array<{ kid: string; privateJwk: JWK }> };
    const retiredJwk = stored.keys.find((k) => k.kid === oldKid.kid)?.privateJwk;
    if (!retiredJwk) throw new Error('retired key not in the key file');
    const newClaims = (await verifySeal(newSeal, keys)) as { claims: SealClaims };
    const late = await signSeal(newClaims.claims, oldKid.kid, retiredJwk);
    expect(await verifySeal(late, keys)).toMatchObject({ ok: false, reason: 'RETIRED_KEY', kid: oldKid.kid });
    // The previous format is held to the same signing period.
    const lateJws = await jwsSeal(newClaims.claims, retiredJwk, oldKid.kid);
    expect(await verifySeal(lateJws, keys)).toMatchObject({ ok: false, reason: 'RETIRED_KEY', kid: oldKid.kid });
  });
});
