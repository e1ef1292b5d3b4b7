import { checkCertificateNumber, issuingOfficeFor, type Certificate } from '@estate-ledger/chaincode';
import { DEFAULT_CONFIG } from '../src/ledger/ledger-bootstrap';
import { LedgerFixture, ROLE } from './support/ledger-fixture';
import { buildingWithUnits, firstRegistration } from './support/scenario';

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
