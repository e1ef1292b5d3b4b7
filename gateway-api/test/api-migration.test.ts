import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { PEOPLE, hashOf } from './support/ledger-fixture';
import { legacyMortgage, legacySeizureQueue, ownedUnit } from './support/migration-commands';

// Generous: the shared machine is often heavily loaded, and PGlite answers slowly then.
jest.setTimeout(120_000);

const BATCH = 'DZ-HTTP-01';
const CERT_1 = '川(2019)达州市不动产权第0000301号';
const CERT_2 = '川(2019)达州市不动产权第0000302号';

describe.each(ENGINES)('migration of legacy units through the API (%s read model)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;
  let units: string[];
  let records: unknown[];

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine);
    s = new HttpScenario(fx);
    units = await s.building(8, 2);
    records = [
      ownedUnit('H-1', units[0], 301, { mortgages: [legacyMortgage('H-1-DY', 401)], seizures: legacySeizureQueue('H-1') }),
      ownedUnit('H-2', units[1], 302),
    ];
  }, 600_000);
  afterAll(async () => fx?.close());

  type UnitView = { ownership?: { holders: Array<{ party: { name: string } }>; migrated?: unknown }; mortgages: unknown[]; seizures: Array<{ seizureId: string; status: string }> };

  test('a preview writes nothing; the load restores holders, mortgages and the seizure queue into the read model', async () => {
    const preview = await s.post('registrar', `/migrations/${BATCH}/preview`, { records });
    expect((preview.results as Array<{ outcome: string }>).map((r) => r.outcome)).toEqual(['WOULD_LOAD', 'WOULD_LOAD']);
    expect((await s.get<UnitView>('clerk', `/units/${units[0]}`)).ownership).toBeUndefined();

    const report = await s.post('registrar', `/migrations/${BATCH}/load`, { records });
    expect(report).toMatchObject({ records: 2, loaded: 2, alreadyOnLedger: 0, refused: [] });

    const unit = await s.get<UnitView>('clerk', `/units/${units[0]}`);
    expect(unit.ownership?.holders[0].party.name).toBe('张三丰');
    expect(unit.ownership?.migrated).toMatchObject({ batchId: BATCH, legacyId: 'H-1-QL' });
    expect(unit.mortgages).toHaveLength(1);
    expect(unit.seizures.map((x) => [x.seizureId, x.status])).toEqual([['M-H-1-CF1', 'ACTIVE'], ['M-H-1-CF2', 'QUEUED']]);
    expect(await s.get('clerk', `/migrations/${BATCH}`)).toEqual({ batchId: BATCH, units: 2, restored: { OWNERSHIP: 2, MORTGAGE: 1, NOTICE: 0, OBJECTION: 0, SEIZURE: 2, RESIDENCE: 0, CERTIFICATE: 3 } });
  }, 60_000);

  test('a rerun of the same batch writes nothing twice', async () => {
    expect(await s.post('registrar', `/migrations/${BATCH}/load`, { records })).toMatchObject({ loaded: 0, alreadyOnLedger: 2 });
  });

  test('only the registry may load, and a bad record is refused before anything is written', async () => {
    expect((await fx.request('POST', `/api/v1/migrations/${BATCH}/load`, { key: s.key('clerk'), body: { records } })).status).toBe(403);
    const bad = { ...(records[1] as object), legacyId: 'H-3', seizures: legacySeizureQueue('H-3').map((x) => ({ ...x, queuePosition: 2 })) };
    const res = await fx.request<{ error: { code: string; field: string } }>('POST', `/api/v1/migrations/${BATCH}/load`, { key: s.key('registrar'), body: { records: [bad] } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'records.0.seizures.0.queuePosition', rule: 'SEIZURE_QUEUE_GAP' });
  });

  test('a migrated certificate verifies by its legacy hash and by number and unit', async () => {
    expect((await fx.request('GET', `/api/v1/verify/${hashOf('legacy-file:H-1-ZS')}`)).body).toMatchObject({ outcome: 'VALID', certNo: CERT_1, restrictions: ['MORTGAGED', 'SEIZED', 'SEIZURE_QUEUED'] });
    const byNumber = await fx.request('GET', `/api/v1/verify-by-number?certNo=${encodeURIComponent(CERT_1)}&unitNumber=${units[0]}`);
    expect(byNumber.body).toMatchObject({ outcome: 'VALID', certNo: CERT_1 });
    expect((await fx.request('GET', `/api/v1/verify-by-number?certNo=${encodeURIComponent(CERT_1)}&unitNumber=${units[1]}`)).body).toMatchObject({ outcome: 'NOT_FOUND' });
  });

  test('certificates from before unified registration keep their 房权证 and 国用 numbers and verify by number and unit', async () => {
    const [house, land] = await s.building(9, 2);
    const HOUSE = '达市房权证通川区字第0012345号';
    const LAND = '达市国用(2012)第01234号';
    const before2015 = (legacyId: string, unitNumber: string, certNo: string, registeredOn: string) => {
      const record = ownedUnit(legacyId, unitNumber, 900);
      return { ...record, ownership: { ...record.ownership, registeredOn, certificate: { legacyId: `${legacyId}-ZS`, certNo, issuedOn: registeredOn } } };
    };
    // The land-use number as a clerk may type it, with full-width parentheses: the ledger keeps it half-width.
    const old = [before2015('O-1', house, HOUSE, '2009-04-10'), before2015('O-2', land, '达市国用（2012）第01234号', '2012-08-20')];
    expect(await s.post('registrar', '/migrations/DZ-HTTP-02/load', { records: old })).toMatchObject({ loaded: 2, refused: [] });
    const verify = (certNo: string, unitNumber: string) => fx.request('GET', `/api/v1/verify-by-number?certNo=${encodeURIComponent(certNo)}&unitNumber=${unitNumber}`);
    expect((await verify(HOUSE, house)).body).toMatchObject({ outcome: 'VALID', certNo: HOUSE });
    expect((await verify('达市国用（2012）第01234号', land)).body).toMatchObject({ outcome: 'VALID', certNo: LAND });
    expect((await verify(HOUSE, land)).body).toMatchObject({ outcome: 'NOT_FOUND' });
    expect(await s.get('clerk', `/certificates/${encodeURIComponent(HOUSE)}`)).toMatchObject({ certNo: HOUSE, kind: 'TITLE', unitNumber: house, status: 'VALID' });
    const malformed = await verify('达市房权证通川区第0012345号', house);
    expect([malformed.status, (malformed.body as { error: { rule: string } }).error.rule]).toEqual([400, 'CERT_NUMBER_LEGACY_FORMAT']);
  }, 60_000);

  test('a residence right comes in with its holder, term and proof, only on a unit with an owner and only while its term runs', async () => {
    const [home, other] = await s.building(10, 2);
    const PROOF = '川(2022)达州市不动产证明第0000777号';
    const residence = { legacyId: 'R-1-JZQ', holders: [PEOPLE.carol], registeredOn: '2022-03-15', until: '2040-03-14', certificate: { legacyId: 'R-1-ZM', certNo: PROOF, issuedOn: '2022-03-15' } };
    const withOwner = ownedUnit('R-1', home, 910, { residences: [residence] });
    const withoutOwner = { legacyId: 'R-2', unitNumber: other, sourceHash: hashOf('source:R-2'), residences: [{ ...residence, legacyId: 'R-2-JZQ', certificate: undefined }] };
    const refused = await fx.request<{ error: { field: string; rule: string } }>('POST', '/api/v1/migrations/DZ-HTTP-03/load', { key: s.key('registrar'), body: { records: [withoutOwner] } });
    expect([refused.status, refused.body.error.field, refused.body.error.rule]).toEqual([400, 'records.0.residences', 'RESIDENCE_WITHOUT_OWNER']);
    const ended = ownedUnit('R-3', other, 911, { residences: [{ ...residence, legacyId: 'R-3-JZQ', until: '2023-03-14', certificate: undefined }] });

    const report = await s.post('registrar', '/migrations/DZ-HTTP-03/load', { records: [withOwner, ended] });
    expect(report).toMatchObject({ loaded: 1, refused: [{ legacyId: 'R-3', code: 'MIGRATED_RECORD_ENDED', field: 'residences.0.until' }] });
    type Home = { flags: { residenceRight: boolean }; residence: Array<{ rightId: string; until: string; certNo: string; holders: Array<{ name: string }>; migrated: unknown }> };
    const unit = await s.get<Home>('clerk', `/units/${home}`);
    expect(unit.flags.residenceRight).toBe(true);
    expect(unit.residence).toEqual([expect.objectContaining({ rightId: 'M-R-1-JZQ', until: '2040-03-14', certNo: PROOF, migrated: { batchId: 'DZ-HTTP-03', legacyId: 'R-1-JZQ', legacyDate: '2022-03-15' } })]);
    expect(unit.residence[0].holders[0].name).toBe(PEOPLE.carol.name);
    expect((await fx.request('GET', `/api/v1/verify-by-number?certNo=${encodeURIComponent(PROOF)}&unitNumber=${home}`)).body).toMatchObject({ outcome: 'VALID', certNo: PROOF });
  }, 60_000);

  test('lifting the migrated seizure promotes the queued one; a migrated unit transfers and its legacy certificate is superseded', async () => {
    await s.post('enforcement', '/seizures/M-H-1-CF1/lift', { unitNumber: units[0], documentHash: hashOf('lift') });
    const unit = await s.get<UnitView>('clerk', `/units/${units[0]}`);
    expect(unit.seizures.map((x) => [x.seizureId, x.status])).toEqual([['M-H-1-CF2', 'ACTIVE']]);

    const { registration } = await s.transfer(units[1], ['alice'], ['bob']);
    expect(registration).toMatchObject({ status: 'ISSUED' });
    const old = await fx.request('GET', `/api/v1/verify-by-number?certNo=${encodeURIComponent(CERT_2)}&unitNumber=${units[1]}`);
    expect(old.body).toMatchObject({ outcome: 'SUPERSEDED', successor: registration.certNo });
  }, 60_000);
});
