import { verificationOf, type Certificate, type MigrationRecord, type Unit } from '@estate-ledger/chaincode';
import { MigrationLoader } from '../src/migration/migration-loader';
import { LedgerFixture, PEOPLE, ROLE, hashOf } from './support/ledger-fixture';
import { legacyCertificate, legacyMortgage, legacySeizureQueue, ownedUnit } from './support/migration-commands';
import { buildingWithUnits, firstRegistration, transfer } from './support/scenario';

const BATCH = 'DZ-2026-01';

describe('migration of the legacy register onto the ledger', () => {
  let fx: LedgerFixture;
  let loader: MigrationLoader;
  let units: string[];

  beforeAll(async () => {
    fx = await LedgerFixture.create();
    loader = new MigrationLoader(fx.ledger, () => new Date());
    units = await buildingWithUnits(fx, 7, 5);
  }, 60_000);
  afterAll(async () => fx?.close());

  const unitOf = async (n: string) => (await fx.evaluate<{ unit: Unit }>(ROLE.clerk, 'Unit:get', n)).unit;
  const certificate = (certNo: string) => fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', certNo);

  test('a preview shows what would be written and writes nothing', async () => {
    const [preview] = await loader.preview(BATCH, [ownedUnit('U-1', units[0], 101)]);
    expect(preview).toMatchObject({ legacyId: 'U-1', outcome: 'WOULD_LOAD' });
    const writes = (preview as { writes: { unit: Unit; certificates: Certificate[] } }).writes;
    expect(writes.unit.ownership?.migrated).toEqual({ batchId: BATCH, legacyId: 'U-1-QL', legacyDate: '2019-05-18' });
    expect(writes.certificates.map((c) => c.certNo)).toEqual(['川(2019)达州市不动产权第0000101号']);
    expect((await unitOf(units[0])).registerVersion).toBe(0);
  });

  test('restores holders, mortgages and the seizure queue once; a rerun records nothing twice', async () => {
    const records = [
      ownedUnit('U-1', units[0], 101, { mortgages: [legacyMortgage('U-1-DY', 201)], seizures: legacySeizureQueue('U-1') }),
      ownedUnit('U-2', units[1], 102, {
        ownership: { legacyId: 'U-2-QL', holders: [{ party: PEOPLE.bob, share: '60' }, { party: PEOPLE.carol, share: '40' }], coOwnership: 'SHARES', registeredOn: '2018-01-09', certificate: legacyCertificate('U-2-ZS', '不动产权', 102, false) },
        objections: [{ legacyId: 'U-2-YY', applicant: PEOPLE.alice, reason: '权属争议', registeredOn: '2025-10-01', lawsuitFiled: true, lawsuitDocHash: hashOf('lawsuit') }],
      }),
    ];
    const first = await loader.load(BATCH, records);
    expect(first).toMatchObject({ records: 2, loaded: 2, alreadyOnLedger: 0, refused: [] });
    const again = await loader.load(BATCH, records);
    expect(again).toMatchObject({ records: 2, loaded: 0, alreadyOnLedger: 2, refused: [] });

    const u1 = await unitOf(units[0]);
    expect(u1.registerVersion).toBe(1);
    expect(u1.migration).toMatchObject({ batchId: BATCH, legacyId: 'U-1' });
    expect(u1.mortgages).toHaveLength(1);
    expect(u1.seizures.map((s) => [s.seizureId, s.status, s.kind])).toEqual([['M-U-1-CF1', 'ACTIVE', 'SEIZURE'], ['M-U-1-CF2', 'QUEUED', 'SEIZURE']]);
    const u2 = await unitOf(units[1]);
    expect(u2.ownership?.holders.map((h) => h.share)).toEqual(['60', '40']);
    expect(u2.objections[0]).toMatchObject({ rightId: 'M-U-2-YY', lawsuitFiled: true });

    const record = await fx.evaluate<MigrationRecord>(ROLE.clerk, 'Migration:get', BATCH, 'U-1');
    expect(record.records.map((r) => r.kind).sort()).toEqual(['CERTIFICATE', 'CERTIFICATE', 'MORTGAGE', 'OWNERSHIP', 'SEIZURE', 'SEIZURE']);
  }, 60_000);

  test('a migrated certificate verifies by its legacy hash', async () => {
    const cert = await certificate('川(2019)达州市不动产权第0000101号');
    expect(cert).toMatchObject({ unitNumber: units[0], status: 'VALID', migrated: { hashKept: true } });
    const answer = await fx.evaluate<ReturnType<typeof verificationOf>>(ROLE.clerk, 'Certificate:verify', hashOf('legacy-file:U-1-ZS'));
    expect(answer).toMatchObject({ outcome: 'VALID', certNo: cert.certNo, restrictions: ['MORTGAGED', 'SEIZED', 'SEIZURE_QUEUED'] });
  });

  test('lifting the migrated seizure in force promotes the one queued behind it', async () => {
    await fx.submit(ROLE.court, 'Court:lift', { seizureId: 'M-U-1-CF1', unitNumber: units[0], documentHash: hashOf('lift') });
    const u1 = await unitOf(units[0]);
    expect(u1.seizures.map((s) => [s.seizureId, s.status])).toEqual([['M-U-1-CF2', 'ACTIVE']]);
  });

  test('a migrated unit transfers end to end, and its legacy certificate is superseded', async () => {
    // The migrated objection (with its lawsuit) still stands: the buyer signs the risk undertaking (细则 84).
    const reg = await transfer(fx, units[1], ['bob', 'carol'], ['alice'], { riskUndertakingHash: hashOf('undertaking') });
    expect(reg.status).toBe('ISSUED');
    expect(await certificate('川(2019)达州市不动产权第0000102号')).toMatchObject({ status: 'SUPERSEDED', supersededBy: reg.certNo, migrated: { hashKept: false } });
  }, 60_000);

  test('refuses a unit that already has a register on the ledger, and records that are no longer live', async () => {
    await firstRegistration(fx, units[2]);
    const [history, lapsed] = (
      await loader.load(BATCH, [
        ownedUnit('U-3', units[2], 103),
        ownedUnit('U-4', units[3], 104, { objections: [{ legacyId: 'U-4-YY', applicant: PEOPLE.bob, reason: '权属争议', registeredOn: '2024-01-01', lawsuitFiled: false }] }),
      ])
    ).refused;
    expect(history).toMatchObject({ legacyId: 'U-3', code: 'UNIT_HAS_HISTORY' });
    expect(lapsed).toMatchObject({ legacyId: 'U-4', code: 'MIGRATED_RECORD_ENDED', field: 'objections.0' });
    expect((await unitOf(units[3])).registerVersion).toBe(0);
  }, 60_000);

  test('several units per transaction: a refused group is loaded unit by unit, each refusal its own', async () => {
    const more = await buildingWithUnits(fx, 17, 3);
    const report = await loader.load(BATCH, [ownedUnit('G-1', more[0], 501), ownedUnit('G-2', more[1], 101), ownedUnit('G-3', more[2], 503)], { unitsPerTransaction: 3 });
    expect(report).toMatchObject({ loaded: 2, refused: [{ legacyId: 'G-2', code: 'CERTIFICATE_NUMBER_TAKEN' }] });
    const grouped = await loader.load(BATCH, [ownedUnit('G-1', more[0], 501), ownedUnit('G-3', more[2], 503)], { unitsPerTransaction: 2 });
    expect(grouped).toMatchObject({ loaded: 0, alreadyOnLedger: 2 });
  }, 60_000);

  test('refuses a certificate number already on the ledger, and checks the queue before anything is sent', async () => {
    const report = await loader.load(BATCH, [
      ownedUnit('U-5', units[4], 101),
      ownedUnit('U-6', units[4], 106, { seizures: legacySeizureQueue('U-6').map((s, i) => ({ ...s, queuePosition: i === 0 ? 1 : 3 })) }),
    ]);
    expect(report.refused.map((r) => [r.legacyId, r.code, r.rule])).toEqual([
      ['U-6', 'VALIDATION_FAILED', 'SEIZURE_QUEUE_GAP'],
      ['U-5', 'CERTIFICATE_NUMBER_TAKEN', undefined],
    ]);
  });
});
