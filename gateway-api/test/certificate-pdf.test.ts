import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CompactSign, base64url, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { sealHashHex, verifySeal, type IssuerKeySet, type SealClaims } from '@estate-ledger/api-schemas';
import type { Certificate } from '@estate-ledger/chaincode';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { PEOPLE } from './support/ledger-fixture';
import { decodeQr, pageImage, pdfText } from './support/pdf-tools';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const OFFICE = '达州市不动产登记中心';

jest.setTimeout(600_000);

/** A seal with the given claims, signed by `jwk` under key id `kid`. */
const signSeal = async (claims: SealClaims, jwk: JWK, kid: string) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'ES256', kid }).sign(await importJWK(jwk, 'ES256'));

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
    // No ID number or name travels in the seal.
    const payload = Buffer.from(token.split('.')[1], 'base64url').toString('utf8');
    expect(payload).not.toContain(PEOPLE.developer.idNumber);
    expect(Buffer.byteLength(token)).toBeLessThan(400);

    const [header, , signature] = token.split('.');
    const forgedClaims = { ...verdict.claims, u: unit.replace(/\d{4}$/, '9999') };
    const altered = `${header}.${base64url.encode(JSON.stringify(forgedClaims))}.${signature}`;
    expect(await verifySeal(altered, keys)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });

    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const stranger = await signSeal(verdict.claims, await exportJWK(privateKey), 'not-a-registry-key');
    expect(await verifySeal(stranger, keys)).toMatchObject({ ok: false, reason: 'UNKNOWN_KEY', kid: 'not-a-registry-key' });
    // A stranger's key under a registry key id is a bad signature, not that office's seal.
    const impostor = await signSeal(verdict.claims, await exportJWK(privateKey), verdict.kid);
    expect(await verifySeal(impostor, keys)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
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
    const late = await signSeal(newClaims.claims, retiredJwk, oldKid.kid);
    expect(await verifySeal(late, keys)).toMatchObject({ ok: false, reason: 'RETIRED_KEY', kid: oldKid.kid });
  });
});
