import { createHash } from 'node:crypto';
import type { RegistrationType, Restriction, UnitFlags, VerificationOutcome } from '@estate-ledger/chaincode';
import { ENGINES, GatewayFixture, type HttpResponse } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { PEOPLE, hashOf } from './support/ledger-fixture';
import { MORTGAGE_TERMS } from './support/scenario';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Answer {
  outcome: VerificationOutcome;
  certNo?: string;
  kind?: string;
  rightType?: string;
  matchesCurrent?: boolean;
  restrictions?: Restriction[];
  currentFlags?: UnitFlags;
  issuedAtVersion?: number;
  currentVersion?: number;
  successor?: string;
  reason?: string;
  checkedAt: string;
}

/**
 * The public verify answer as a bank and a citizen read it: "is the certificate still what the
 * register says about its own right?" apart from "what stands on the property now?".
 */
describe.each(ENGINES)('the verify answer keeps content and restrictions apart (%s read model)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine);
    s = new HttpScenario(fx);
  }, 60_000);
  afterAll(async () => fx?.close());

  const verify = (hash: string, suffix = '') => fx.request<Answer>('GET', `/api/v1/verify/${hash}${suffix}`);
  const hashOfCert = async (certNo: unknown) => sha256(await s.certificateFile(String(certNo)));
  const withoutTime = ({ checkedAt: _t, ...rest }: Answer) => {
    void _t;
    return rest;
  };

  /** Takes a registration through issue with POSTs only; returns it as the read model shows it. */
  const registerWith = async (body: { type: RegistrationType } & Record<string, unknown>) => s.get('clerk', `/registrations/${await s.applyAndIssue(body)}`);

  test('a recorded mortgage leaves the owner\'s title VALID, listed as MORTGAGED; a change of the area makes the mortgage proof VALID_BUT_OUTDATED', async () => {
    const [unit] = await s.building(1, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const { registration: sale } = await s.transfer(unit, ['developer'], ['alice']);
    const title = await hashOfCert(sale.certNo);
    const before = await verify(title);
    expect(before.body).toMatchObject({ outcome: 'VALID', certNo: sale.certNo, kind: 'TITLE', rightType: 'OWNERSHIP', matchesCurrent: true, restrictions: [] });

    const mortgage = await s.register({ type: 'MORTGAGE', unitNumber: unit, applicants: ['alice'], mortgage: { creditor: PEOPLE.bank, noTransfer: false, ...MORTGAGE_TERMS } });
    expect(mortgage.status).toBe('ISSUED');
    const proof = await hashOfCert(mortgage.certNo);

    // The register changed (a new version), but not what the title states: it stays VALID, and the bank sees the mortgage beside it.
    const mortgaged = await verify(title);
    expect(mortgaged.status).toBe(200);
    expect(mortgaged.body).toMatchObject({ outcome: 'VALID', certNo: sale.certNo, matchesCurrent: true, restrictions: ['MORTGAGED'], currentFlags: { registered: true, mortgaged: true, seized: false } });
    expect(mortgaged.body.currentVersion).toBeGreaterThan(mortgaged.body.issuedAtVersion ?? Infinity);
    expect(mortgaged.body.reason).toBeUndefined();
    expect((await verify(proof)).body).toMatchObject({ outcome: 'VALID', certNo: mortgage.certNo, kind: 'PROOF', rightType: 'MORTGAGE', matchesCurrent: true, restrictions: ['MORTGAGED'] });

    // A change registration alters the area: both certificates stated the old one.
    const change = await registerWith({
      type: 'CHANGE', unitNumber: unit, applicants: [{ party: PEOPLE.alice }],
      change: { areas: { building: '101.20', inner: '86.40', shared: '14.80' }, reason: '房屋面积实测变更' },
    });
    expect(change.status).toBe('ISSUED');
    const outdated = await verify(proof);
    expect(outdated.body).toMatchObject({ outcome: 'VALID_BUT_OUTDATED', certNo: mortgage.certNo, matchesCurrent: false, restrictions: ['MORTGAGED'], currentFlags: { mortgaged: true } });
    expect(outdated.body.reason).toMatch(/changed what this certificate states/);
    // The title was replaced by the change registration's certificate, which states the new area.
    expect((await verify(title)).body).toMatchObject({ outcome: 'SUPERSEDED', successor: change.certNo });
    const newTitle = await s.certificateFile(String(change.certNo));
    expect(newTitle.toString('utf8')).toContain('"building":"101.20"');
    expect((await verify(sha256(newTitle))).body).toMatchObject({ outcome: 'VALID', certNo: change.certNo, restrictions: ['MORTGAGED'] });
  }, 180_000);

  test('a seizure is a restriction beside VALID; once it is lifted and nothing else changed, the answer is VALID with no restrictions', async () => {
    const [unit] = await s.building(2, 1);
    const first = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const title = await hashOfCert(first.certNo);
    const issued = await verify(title);
    expect(issued.body).toMatchObject({ outcome: 'VALID', restrictions: [] });

    const seizureId = await s.seize(unit);
    expect((await verify(title)).body).toMatchObject({ outcome: 'VALID', matchesCurrent: true, restrictions: ['SEIZED'], currentFlags: { seized: true } });

    await s.post('enforcement', `/seizures/${seizureId}/lift`, { unitNumber: unit, documentHash: hashOf(`lift:${seizureId}`) });
    const lifted = await verify(title);
    expect(lifted.body).toMatchObject({ outcome: 'VALID', certNo: first.certNo, matchesCurrent: true, restrictions: [], currentFlags: { registered: true, seized: false, mortgaged: false } });
    // The register moved on twice; the certificate's own content did not.
    expect(lifted.body.currentVersion).toBe((issued.body.currentVersion ?? 0) + 2);
    expect(withoutTime(lifted.body)).toEqual({ ...withoutTime(issued.body), currentVersion: lifted.body.currentVersion });
  }, 180_000);

  test('reads upper-case hex as lower case and ignores unknown query parameters, on the fast path and the express route alike', async () => {
    const [unit] = await s.building(3, 1);
    const first = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const hash = await hashOfCert(first.certNo);
    const upper = hash.toUpperCase();
    const plain = await verify(hash);
    expect(plain.body).toMatchObject({ outcome: 'VALID', certNo: first.certNo });

    const same = (r: HttpResponse<Answer>) => ({ status: r.status, body: withoutTime(r.body) });
    // Plain GETs are answered by the fast path (it says whether the answer came from its cache)...
    const fast = [await verify(upper), await verify(hash, '?src=qr&v=1'), await verify(upper, '?src=qr&v=1&utm_source=poster')];
    for (const r of fast) {
      expect(same(r)).toEqual(same(plain));
      expect(r.headers.get('x-cache')).toMatch(/^(hit|miss)$/);
    }
    // ...and anything else by express: a trailing slash takes the same request there (express routes are not strict about it).
    const viaExpress = [await verify(upper, '/'), await verify(hash, '/?src=qr&v=1'), await verify(upper, '/?src=qr&v=1')];
    for (const r of viaExpress) {
      expect(same(r)).toEqual(same(plain));
      expect(r.headers.get('x-cache')).toBeNull();
    }

    // Malformed hashes are still refused, query or not; an unknown well-formed one is not found.
    for (const bad of [`${hash.slice(0, 63)}g`, hash.slice(1), `${hash}0`]) {
      const r = await verify(bad, '?src=qr');
      expect([r.status, (r.body as unknown as { error: { code: string; field: string } }).error]).toMatchObject([400, { code: 'VALIDATION_FAILED', field: 'sha256' }]);
    }
    expect((await verify('F'.repeat(64), '?src=qr')).body).toMatchObject({ outcome: 'NOT_FOUND' });
  }, 120_000);
});
