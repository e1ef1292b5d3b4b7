import { checkCertificateNumber } from '@estate-ledger/chaincode';
import { GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { PEOPLE } from './support/ledger-fixture';

const CASES = 8;

describe('certify through HTTP with the numbering station (no serial lane)', () => {
  let fx: GatewayFixture;
  let s: HttpScenario;

  beforeAll(async () => {
    fx = await GatewayFixture.start('pglite');
    s = new HttpScenario(fx);
  }, 60_000);
  afterAll(async () => fx?.close());

  test('concurrent certifications each answer with their number: consecutive, gap-free, in the read model too', async () => {
    const units = await s.building(1, CASES);
    const ids: string[] = [];
    for (const unitNumber of units) {
      const registrationId = nextId('REG');
      await s.post('clerk', '/registrations', { registrationId, type: 'FIRST', unitNumber, applicants: [{ party: PEOPLE.developer }], documents: materials('FIRST') });
      const step = `/registrations/${registrationId}`;
      await s.post('clerk', `${step}/accept`, {});
      await s.post('reviewer', `${step}/review`, { decision: 'APPROVE' });
      await s.post('registrar', `${step}/record`, {});
      ids.push(registrationId);
    }

    const answers = await Promise.all(ids.map((id) => s.post('certifier', `/registrations/${id}/certify`, {})));
    const records = answers.map((a) => a.record as { certNo?: string; certIssuer?: { office: string } });
    const sequences = records.map((r) => {
      const parsed = checkCertificateNumber(String(r.certNo), 9999);
      if (!parsed.ok) throw new Error(`${r.certNo}: ${parsed.message}`);
      expect(parsed.value.issuer).toBe('达州市');
      return parsed.value.sequence;
    });
    expect([...sequences].sort((a, b) => a - b)).toEqual(Array.from({ length: CASES }, (_, i) => i + 1));
    expect(answers.every((a) => a.projected === true)).toBe(true);

    for (const [i, id] of ids.entries()) {
      expect(await s.get('clerk', `/registrations/${id}`)).toMatchObject({ status: 'CERTIFIED', certNo: records[i].certNo, certIssuer: { office: '511700', name: '达州市不动产登记中心' } });
      await s.post('certifier', `/registrations/${id}/issue`, {});
    }
    const cert = await s.get('clerk', `/certificates/${encodeURIComponent(String(records[0].certNo))}`);
    expect(cert).toMatchObject({ status: 'VALID', issuer: { office: '511700', name: '达州市不动产登记中心' } });
  }, 120_000);
});
