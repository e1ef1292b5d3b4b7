import { DEFAULT_WORKING_CALENDAR, processingTime, type Certificate, type Registration, type Unit } from '@estate-ledger/chaincode';
import type { CallerIdentity } from '../src/ledger/ledger-port';
import { LedgerFixture, ROLE, hashOf } from './support/ledger-fixture';
import { MORTGAGE_TERMS, apply, buildingWithUnits, firstRegistration, nextId, numberCertificates, process, register, seize } from './support/scenario';
import { SetClock } from './support/set-clock';

/**
 * Correction on the registry's own authority (依职权更正, 细则 81 with 细则 17), through real
 * transactions on the embedded ledger whose clock the test moves: the notice's 30 working days
 * and the announcement's 15 are counted in the chaincode on its built-in holiday calendar.
 */

const clock = new SetClock('2026-02-02T09:00:00+08:00');
let fx: LedgerFixture;
beforeAll(async () => {
  fx = await LedgerFixture.create({ clock });
});
afterAll(async () => {
  await fx.close();
});

const at = (chinaTime: string) => clock.set(`${chinaTime}+08:00`);
let building = 500;
const unitOf = async (unit: string) => (await fx.evaluate<{ unit: Unit }>(ROLE.clerk, 'Unit:get', unit)).unit;
const registration = (id: string) => fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', id);

/** A unit of the developer's, first registered with the wrong use 住宅 (the survey says 商业). */
async function wronglyRegistered(): Promise<{ unit: string; entry: string }> {
  const [unit] = await buildingWithUnits(fx, ++building, 1);
  return { unit, entry: (await firstRegistration(fx, unit)).registrationId };
}

const FINDING = { use: '商业', reason: '首次登记时用途误记为住宅，测绘报告载明为商业' };
async function start(unit: string, entry: string, identity: CallerIdentity = ROLE.registrar): Promise<string> {
  const registrationId = nextId('YZGZ');
  await fx.submit(identity, 'Registration:startRegistryCorrection', { registrationId, unitNumber: unit, entryRegistrationId: entry, change: FINDING, noticeHash: hashOf(`notice ${registrationId}`) });
  return registrationId;
}
const announce = (registrationId: string, identity: CallerIdentity = ROLE.registrar) =>
  fx.submit(identity, 'Registration:announceRegistryCorrection', { registrationId, announcementHash: hashOf(`announcement ${registrationId}`) });
const approve = (registrationId: string, identity: CallerIdentity = ROLE.reviewer) => fx.submit(identity, 'Registration:review', { registrationId, decision: 'APPROVE' });
const record = (registrationId: string) => fx.submit(ROLE.registrar, 'Registration:record', { registrationId });

describe('the notice, the announcement and the correction, on the working calendar', () => {
  let unit: string;
  let entry: string;
  let id: string;

  beforeAll(async () => {
    at('2026-02-02T09:00:00');
    ({ unit, entry } = await wronglyRegistered());
    // Thursday 5 February, before the Spring Festival break (15–23 February; 14 and 28 February are working days).
    at('2026-02-05T10:00:00');
    id = await start(unit, entry);
  });

  test('the case starts NOTIFIED with no applicants, takes no lock, and dates the earliest announcement 30 working days on', async () => {
    const reg = await registration(id);
    expect(reg).toMatchObject({ type: 'REGISTRY_CORRECTION', status: 'NOTIFIED', applicants: [], change: FINDING });
    expect(reg.registryCorrection).toMatchObject({ entryRegistrationId: entry, notifiedAt: '2026-02-05T02:00:00.000Z', announceFrom: '2026-03-25' });
    const u = await unitOf(unit);
    expect(u.caseInFlight).toBeUndefined();
    expect(u.registryCorrection).toBe(id);
  });

  test('the announcement is refused at 29 working days after the notice and made at 30, across the Spring Festival', async () => {
    expect(DEFAULT_WORKING_CALENDAR.workingDaysBetween('2026-02-05T02:00:00Z', '2026-03-24T08:00:00Z')).toBe(29);
    at('2026-03-24T16:00:00');
    await expect(announce(id)).rejects.toMatchObject({ code: 'PERIOD_NOT_ENDED', message: expect.stringContaining('29 of 30 working days since 2026-02-05 have passed; allowed from 2026-03-25') });
    at('2026-03-25T09:00:00');
    await announce(id);
    const reg = await registration(id);
    expect(reg.status).toBe('ANNOUNCED');
    // 15 working days from 25 March: the Qingming break (4–6 April) does not count.
    expect(reg.registryCorrection).toMatchObject({ announcedAt: '2026-03-25T01:00:00.000Z', reviewFrom: '2026-04-16' });
  });

  test('review is refused before 15 working days of announcement; approved then, it takes the case lock', async () => {
    at('2026-04-15T17:00:00');
    await expect(approve(id)).rejects.toMatchObject({ code: 'PERIOD_NOT_ENDED', message: expect.stringContaining('allowed from 2026-04-16') });
    at('2026-04-16T09:00:00');
    await approve(id);
    expect((await registration(id)).status).toBe('REVIEWED');
    expect((await unitOf(unit)).caseInFlight).toEqual({ registrationId: id, type: 'REGISTRY_CORRECTION' });
  });

  test('recording corrects the entry as a correction does, and the new title certificate supersedes the wrong one', async () => {
    const before = await unitOf(unit);
    const oldCert = (await registration(entry)).certNo!;
    at('2026-04-17T10:00:00');
    await record(id);
    const after = await unitOf(unit);
    expect(after.use).toBe('商业');
    expect(after.ownership).toMatchObject({ holders: before.ownership!.holders, rightId: `R-${id}`, predecessor: before.ownership!.rightId });
    expect(after.caseInFlight).toBeUndefined();
    expect(after.registryCorrection).toBeUndefined();
    await fx.submit(ROLE.certifier, 'Registration:certify', { registrationId: id });
    await numberCertificates(fx, [id]);
    await fx.submit(ROLE.certifier, 'Registration:issue', { registrationId: id });
    const reg = await registration(id);
    expect(reg.status).toBe('ISSUED');
    const old = await fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', oldCert);
    expect(old).toMatchObject({ status: 'SUPERSEDED', supersededBy: reg.certNo });
  });

  test('the time limit stood still while the case was NOTIFIED and ANNOUNCED: two months on, one working day used', async () => {
    const reg = await registration(id);
    expect(reg.steps.map((s) => s.status)).toEqual(['NOTIFIED', 'ANNOUNCED', 'REVIEWED', 'RECORDED', 'CERTIFIED', 'ISSUED']);
    expect(processingTime(reg, DEFAULT_WORKING_CALENDAR)).toMatchObject({ limit: 5, workingDays: 1, withinLimit: true, overdue: false });
  });
});

test('an announced case judged months later is not overdue', async () => {
  at('2026-05-11T09:00:00');
  const { unit, entry } = await wronglyRegistered();
  const id = await start(unit, entry);
  at('2026-06-30T09:00:00');
  await announce(id);
  const reg = await registration(id);
  expect(processingTime(reg, DEFAULT_WORKING_CALENDAR, '2026-12-31T02:00:00Z')).toMatchObject({ workingDays: 0, overdue: false });
});

describe('what bars it (细则 81: a disposal, an advance notice or a seizure registered after the wrong entry)', () => {
  beforeEach(() => at('2026-07-01T09:00:00'));

  test('a mortgage recorded after the wrong entry refuses the start with CORRECTION_BARRED', async () => {
    const { unit, entry } = await wronglyRegistered();
    const mortgage = await register(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'developer' }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } });
    await expect(start(unit, entry)).rejects.toMatchObject({ code: 'CORRECTION_BARRED', message: expect.stringContaining(`MORTGAGE ${mortgage.rightId} was registered on unit ${unit} after the wrong entry`) });
  });

  test('a mortgage recorded before the wrong entry does not bar it', async () => {
    const { unit } = await wronglyRegistered();
    await register(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'developer' }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } });
    const change = await register(fx, { type: 'CHANGE', unitNumber: unit, applicants: [{ party: 'developer' }], change: { reason: '门牌号变更', use: '住宅' } });
    expect((await registration(await start(unit, change.registrationId))).status).toBe('NOTIFIED');
  });

  test('a seizure after the notice refuses the announcement with CORRECTION_BARRED', async () => {
    const { unit, entry } = await wronglyRegistered();
    const id = await start(unit, entry);
    const seizureId = await seize(fx, unit);
    at('2026-08-31T09:00:00');
    await expect(announce(id)).rejects.toMatchObject({ code: 'CORRECTION_BARRED', message: expect.stringContaining(`SEIZURE ${seizureId}`) });
    expect((await registration(id)).status).toBe('NOTIFIED');
  });

  test('the entry must be a recorded ownership entry of the unit', async () => {
    const { unit } = await wronglyRegistered();
    const other = await wronglyRegistered();
    await expect(start(unit, other.entry)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'entryRegistrationId', rule: 'NOT_AN_OWNERSHIP_ENTRY' });
  });
});

describe("the holder's own correction", () => {
  test('goes ahead under the notice, and once recorded closes the registry case', async () => {
    at('2026-09-01T09:00:00');
    const { unit, entry } = await wronglyRegistered();
    const id = await start(unit, entry);
    at('2026-09-08T09:00:00');
    const own = await process(fx, await apply(fx, { type: 'CORRECTION', unitNumber: unit, applicants: [{ party: 'developer' }], change: { reason: '用途登记错误', use: '商业' } }), 'RECORDED');
    expect((await unitOf(unit)).use).toBe('商业');
    const closed = await registration(id);
    expect(closed.status).toBe('WITHDRAWN');
    expect(closed.steps.at(-1)).toMatchObject({ status: 'WITHDRAWN', note: `the holder corrected the entry first: ${own.registrationId}` });
    expect((await unitOf(unit)).registryCorrection).toBeUndefined();
    at('2026-10-30T09:00:00');
    await expect(announce(id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  test('an application for one is refused as a registry correction: nobody applies for that', async () => {
    const { unit } = await wronglyRegistered();
    await expect(fx.submitWith(ROLE.clerk, 'Registration:apply', { registrationId: nextId('REG'), type: 'REGISTRY_CORRECTION', unitNumber: unit, applicants: [{ party: 'developer' }], change: FINDING }, ['developer']))
      .rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'type' });
  });
});

describe('only the registry may correct on its own authority', () => {
  test.each([
    ['the clerk', ROLE.clerk],
    ['the reviewer', ROLE.reviewer],
    ['the housing bureau', ROLE.filing],
    ['a court', ROLE.court],
  ])('%s may not start one', async (_who, identity) => {
    at('2026-11-02T09:00:00');
    const { unit, entry } = await wronglyRegistered();
    await expect(start(unit, entry, identity)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
  });

  test('the clerk may not announce it, the registrar may not review it, the clerk may not withdraw it', async () => {
    at('2026-11-02T09:00:00');
    const { unit, entry } = await wronglyRegistered();
    const id = await start(unit, entry);
    at('2026-12-31T09:00:00');
    await expect(announce(id, ROLE.clerk)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await announce(id);
    at('2027-02-01T09:00:00');
    await expect(approve(id, ROLE.registrar)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await approve(id);
    await expect(fx.submit(ROLE.clerk, 'Registration:withdraw', { registrationId: id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});
