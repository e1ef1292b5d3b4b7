import type { Certificate, Registration, Unit } from '@estate-ledger/chaincode';
import { LedgerFixture, ROLE } from './support/ledger-fixture';
import { MORTGAGE_TERMS, apply, buildingWithUnits, firstRegistration, process, register, seize, transfer } from './support/scenario';

/**
 * 一个抵押权多个不动产单元: a mortgage naming several units is one registration — one case, one
 * right, one registration proof listing every unit — and its cancellation ends it on all of them.
 */

let fx: LedgerFixture;
beforeAll(async () => {
  fx = await LedgerFixture.create();
});
afterAll(async () => {
  await fx.close();
});

let building = 700;
async function ownedUnits(count: number, district?: string): Promise<string[]> {
  const units = await buildingWithUnits(fx, ++building, count, { district });
  for (const unit of units) await firstRegistration(fx, unit, 'alice');
  return units;
}
const unitOf = async (unit: string) => (await fx.evaluate<{ unit: Unit }>(ROLE.clerk, 'Unit:get', unit)).unit;
const mortgageOver = ([first, ...others]: string[]) => ({
  type: 'MORTGAGE' as const, unitNumber: first, additionalUnits: others, applicants: [{ party: 'alice' as const }], mortgage: { creditor: 'bank' as const, noTransfer: false, ...MORTGAGE_TERMS },
});

test('one registration records one mortgage right on every unit and issues one proof listing them all', async () => {
  const units = await ownedUnits(3);
  const reg = await register(fx, mortgageOver(units));
  expect(reg).toMatchObject({ status: 'ISSUED', unitNumber: units[0], additionalUnits: units.slice(1), rightId: `R-${reg.registrationId}` });
  for (const unit of units) {
    const { mortgages, caseInFlight } = await unitOf(unit);
    expect(mortgages).toEqual([expect.objectContaining({ rightId: reg.rightId, registrationId: reg.registrationId, units, amount: MORTGAGE_TERMS.amount })]);
    expect(caseInFlight).toBeUndefined();
  }
  const cert = await fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', reg.certNo!);
  expect(cert).toMatchObject({ kind: 'PROOF', rightType: 'MORTGAGE', unitNumber: units[0], status: 'VALID' });
  const document = await fx.evaluate<{ right: { units: string[] } }>(ROLE.clerk, 'Certificate:getDocument', reg.certNo!);
  expect(document.right.units).toEqual(units);
});

test('cancelling the mortgage on any one of its units cancels it on all of them and cancels the proof', async () => {
  const units = await ownedUnits(3);
  const reg = await register(fx, mortgageOver(units));
  const cancellation = await process(fx, await apply(fx, { type: 'MORTGAGE_CANCELLATION', unitNumber: units[1], applicants: [{ party: 'alice' }, { party: 'bank' }], targetRightId: reg.rightId }), 'RECORDED');
  expect(cancellation).toMatchObject({ status: 'RECORDED', unitNumber: units[1], additionalUnits: [units[0], units[2]] });
  for (const unit of units) expect((await unitOf(unit)).mortgages).toEqual([]);
  expect(await fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', reg.certNo!)).toMatchObject({ status: 'CANCELLED' });
});

test('a seized unit among them refuses the whole registration, naming that unit, and no unit is held', async () => {
  const units = await ownedUnits(3);
  await seize(fx, units[2]);
  const id = await apply(fx, mortgageOver(units));
  await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: id })).rejects.toMatchObject({
    code: 'UNIT_SEIZED',
    field: 'additionalUnits.1',
    message: expect.stringContaining(units[2]),
  });
  for (const unit of units) expect(await unitOf(unit)).toMatchObject({ mortgages: [] });
  expect((await unitOf(units[0])).caseInFlight).toBeUndefined();
});

test('the case holds every unit: another case on one of them waits until the mortgage is recorded', async () => {
  const units = await ownedUnits(2);
  const id = await apply(fx, mortgageOver(units));
  await process(fx, id, 'ACCEPTED');
  for (const unit of units) expect((await unitOf(unit)).caseInFlight).toEqual({ registrationId: id, type: 'MORTGAGE' });
  await expect(transfer(fx, units[1], ['alice'], ['bob'])).rejects.toMatchObject({ code: 'UNIT_CASE_IN_FLIGHT' });
  await fx.submit(ROLE.reviewer, 'Registration:review', { registrationId: id, decision: 'APPROVE' });
  await fx.submit(ROLE.registrar, 'Registration:record', { registrationId: id });
  expect((await unitOf(units[1])).caseInFlight).toBeUndefined();
});

test('a seizure of one of its units while the case is in flight suspends the one case', async () => {
  const units = await ownedUnits(2);
  const id = await apply(fx, mortgageOver(units));
  await process(fx, id, 'ACCEPTED');
  await seize(fx, units[1]);
  expect(await fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', id)).toMatchObject({ status: 'SUSPENDED' });
  await expect(fx.submit(ROLE.reviewer, 'Registration:resume', { registrationId: id })).rejects.toMatchObject({ code: 'UNIT_SEIZED', message: expect.stringContaining(units[1]) });
});

test('several units only for a mortgage, each once, all in the registry of the first', async () => {
  const units = await ownedUnits(2);
  await expect(apply(fx, { type: 'CHANGE', unitNumber: units[0], additionalUnits: [units[1]], applicants: [{ party: 'alice' }], change: { reason: '门牌调整' } }))
    .rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'additionalUnits', rule: 'MORTGAGE_ONLY' });
  await expect(apply(fx, mortgageOver([units[0], units[1], units[1]]))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'additionalUnits.1', rule: 'DUPLICATE_UNIT' });
  const [elsewhere] = await ownedUnits(1, '511722');
  await expect(apply(fx, mortgageOver([units[0], elsewhere]))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'additionalUnits.0', rule: 'UNIT_OTHER_DISTRICT' });
});
