import { checkCertificateNumber, issuingOfficeFor, type Certificate, type Registration } from '@estate-ledger/chaincode';
import { DEFAULT_CONFIG } from '../src/ledger/ledger-bootstrap';
import { LedgerFixture, ROLE } from './support/ledger-fixture';
import { apply, buildingWithUnits, firstRegistration, numberCertificates, process } from './support/scenario';

const CITY = '511702';
const COUNTY = '511722';
const UNSERVED = '510104';

const sequenceOf = (certNo: string) => {
  const parsed = checkCertificateNumber(certNo, 9999);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe('certificate numbering per registry office', () => {
  let fx: LedgerFixture;
  beforeAll(async () => {
    fx = await LedgerFixture.create();
  });
  afterAll(async () => {
    await fx.close();
  });

  it('names the office that issues for a district, and none for a district no office serves', () => {
    expect(issuingOfficeFor(DEFAULT_CONFIG.offices, CITY)).toMatchObject({ code: '511700', issuerName: '达州市' });
    expect(issuingOfficeFor(DEFAULT_CONFIG.offices, COUNTY)).toMatchObject({ code: '511722', issuerName: '宣汉县', registryName: '宣汉县不动产登记中心' });
    expect(issuingOfficeFor(DEFAULT_CONFIG.offices, UNSERVED)).toBeUndefined();
  });

  it('numbers a county unit under the county registry, with its own sequence and name', async () => {
    const [cityUnit] = await buildingWithUnits(fx, 1, 1, { district: CITY });
    const [countyUnit] = await buildingWithUnits(fx, 2, 1, { district: COUNTY });
    const city = await firstRegistration(fx, cityUnit);
    const county = await firstRegistration(fx, countyUnit);

    expect(sequenceOf(city.certNo!)).toMatchObject({ issuer: '达州市', kind: 'TITLE', sequence: 1 });
    expect(sequenceOf(county.certNo!)).toMatchObject({ issuer: '宣汉县', kind: 'TITLE', sequence: 1 });
    expect(county.certIssuer).toEqual({ office: '511722', name: '宣汉县不动产登记中心' });
    const cert = await fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', county.certNo!);
    expect(cert.issuer).toEqual({ office: '511722', name: '宣汉县不动产登记中心' });
    const document = await fx.evaluate<{ issuer: string; certNo: string }>(ROLE.registrar, 'Certificate:getDocument', county.certNo!);
    expect(document).toMatchObject({ issuer: '宣汉县不动产登记中心', certNo: county.certNo });
  });

  it('refuses to certify a unit in a district no office serves, naming the district', async () => {
    const [unit] = await buildingWithUnits(fx, 3, 1, { district: UNSERVED });
    await expect(firstRegistration(fx, unit)).rejects.toMatchObject({ code: 'NO_ISSUING_OFFICE', message: expect.stringContaining(UNSERVED) });
  });

  it('refuses a configuration in which two offices serve one district', async () => {
    const [city, county] = DEFAULT_CONFIG.offices;
    const overlapping = { ...DEFAULT_CONFIG, offices: [city, { ...county, districts: [...county.districts, CITY] }] };
    await expect(fx.submit({ msp: 'RegistryMSP', role: 'admin' }, 'Admin:configure', overlapping)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'offices',
      rule: 'OFFICE_DISTRICT_REPEATED',
    });
  });
});

describe('two registry offices numbering in parallel', () => {
  const PER_OFFICE = 6;
  let fx: LedgerFixture;
  let dir: string;
  afterAll(async () => {
    await fx.close();
  });

  /** Reopens the ledger so that a block is cut only once `n` transactions wait: concurrent ones provably share it. */
  const reopen = async (blockMaxTx: number, blockTimeoutMs: number) => {
    await fx.close(false);
    fx = await LedgerFixture.create({ dataDir: dir, blockMaxTx, blockTimeoutMs });
  };

  it('commits every certification of both offices in one block, then numbers each office gap-free in its own batch', async () => {
    fx = await LedgerFixture.create();
    dir = fx.dir;
    const recorded: string[] = [];
    for (const [building, district] of [[1, CITY], [2, COUNTY]] as const) {
      for (const unit of await buildingWithUnits(fx, building, PER_OFFICE, { district })) {
        recorded.push(await apply(fx, { type: 'FIRST', unitNumber: unit, applicants: [{ party: 'developer' }] }));
      }
    }
    for (const id of recorded) await process(fx, id, 'RECORDED');

    await reopen(recorded.length, 60_000);
    const certified = await Promise.all(recorded.map((registrationId) => fx.submit(ROLE.certifier, 'Registration:certify', { registrationId })));
    expect(new Set(certified.map((r) => r.blockNumber)).size).toBe(1);

    const get = (id: string) => fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', id);
    await expect(fx.submit(ROLE.certifier, 'Registration:issue', { registrationId: recorded[0] })).rejects.toMatchObject({ code: 'AWAITING_CERTIFICATE_NUMBER' });
    const queued = await fx.evaluate<Array<{ registrationId: string; certifiedAt: string }>>(ROLE.certifier, 'Certificate:awaitingNumber', '511722');
    expect(queued.map((q) => q.registrationId).sort()).toEqual(recorded.slice(PER_OFFICE).sort());

    await reopen(2, 60_000);
    const byOffice = { '511700': recorded.slice(0, PER_OFFICE), '511722': recorded.slice(PER_OFFICE) };
    const batches = await Promise.all(Object.entries(byOffice).map(([office, registrationIds]) => fx.submit(ROLE.certifier, 'Certificate:number', { office, registrationIds })));
    expect(batches[0].blockNumber).toBe(batches[1].blockNumber);

    await reopen(500, 20);
    for (const [office, ids] of Object.entries(byOffice)) {
      const regs = await Promise.all(ids.map(get));
      const numbers = regs.map((r) => sequenceOf(r.certNo!));
      expect(new Set(numbers.map((n) => n.issuer))).toEqual(new Set([issuingOfficeFor(DEFAULT_CONFIG.offices, office === '511700' ? CITY : COUNTY)!.issuerName]));
      expect(numbers.map((n) => n.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: PER_OFFICE }, (_, i) => i + 1));
      // In the order of certification: the certify timestamp, then the registration id.
      const order = [...regs].sort((a, b) => {
        const at = (r: Registration) => r.steps.find((s) => s.status === 'CERTIFIED')!.actor.at;
        return at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : a.registrationId < b.registrationId ? -1 : 1;
      });
      expect(order.map((r) => sequenceOf(r.certNo!).sequence)).toEqual(Array.from({ length: PER_OFFICE }, (_, i) => i + 1));
    }
    expect(await fx.evaluate(ROLE.certifier, 'Certificate:awaitingNumber', '511722')).toEqual([]);
    await expect(fx.submit(ROLE.certifier, 'Certificate:number', { office: '511722', registrationIds: byOffice['511722'] })).rejects.toMatchObject({ code: 'INVALID_STATE' });

    for (const registrationId of recorded) await fx.submit(ROLE.certifier, 'Registration:issue', { registrationId });
    const next = await apply(fx, { type: 'FIRST', unitNumber: (await buildingWithUnits(fx, 3, 1, { district: COUNTY }))[0], applicants: [{ party: 'developer' }] });
    await process(fx, next, 'RECORDED');
    await fx.submit(ROLE.certifier, 'Registration:certify', { registrationId: next });
    await numberCertificates(fx, [next]);
    expect(sequenceOf((await get(next)).certNo!)).toMatchObject({ issuer: '宣汉县', sequence: PER_OFFICE + 1 });
  }, 120_000);
});
