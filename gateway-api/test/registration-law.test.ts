import { materialRequirements, type Certificate, type ChecklistVariant, type Registration, type RegistrationType, type Unit } from '@estate-ledger/chaincode';
import { LedgerFixture, ROLE, hashOf, type Person } from './support/ledger-fixture';
import { MORTGAGE_TERMS, apply, buildingWithUnits, clearedTax, filedContract, firstRegistration, process, register, type RegistrationInput } from './support/scenario';

/**
 * Who may apply and with which materials, as reference/004 (不动产登记业务指南—抵押权首次登记及注销登记)
 * and the Civil Code state it, through real transactions on the embedded ledger.
 */

let fx: LedgerFixture;
beforeAll(async () => {
  fx = await LedgerFixture.create();
});
afterAll(async () => {
  await fx.close();
});

let building = 300;
async function ownedUnit(owner: Person = 'alice'): Promise<string> {
  const [unit] = await buildingWithUnits(fx, ++building, 1);
  await firstRegistration(fx, unit, owner);
  return unit;
}
const unitOf = async (unit: string) => (await fx.evaluate<{ unit: Unit }>(ROLE.clerk, 'Unit:get', unit)).unit;
/** The first-choice documents of a situation's checklist, the given types left out. */
const documents = (type: RegistrationType, variant?: ChecklistVariant, without: string[] = []) =>
  materialRequirements(type, variant).map((m) => m.type).filter((t) => !without.includes(t)).map((t) => ({ type: t, sha256: hashOf(`${type}:${t}`) }));

async function mortgaged(owner: Person = 'alice'): Promise<{ unit: string; rightId: string }> {
  const unit = await ownedUnit(owner);
  const m = await register(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: owner }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } });
  return { unit, rightId: m.rightId! };
}
const cancel = (unit: string, rightId: string, applicants: Person[], docs: RegistrationInput['documents']) =>
  apply(fx, { type: 'MORTGAGE_CANCELLATION', unitNumber: unit, applicants: applicants.map((party) => ({ party })), targetRightId: rightId, documents: docs });

describe('mortgage cancellation: who applies, and the materials each situation needs (004 五)', () => {
  test('the mortgagor alone, with the court judgment proving the mortgage ended, cancels it', async () => {
    const { unit, rightId } = await mortgaged();
    const reg = await process(fx, await cancel(unit, rightId, ['alice'], documents('MORTGAGE_CANCELLATION', 'MORTGAGOR_ALONE')), 'RECORDED');
    expect(reg.status).toBe('RECORDED');
    expect((await unitOf(unit)).mortgages).toEqual([]);
  });

  test('the mortgagor alone with an arbitral award in place of the judgment is accepted', async () => {
    const { unit, rightId } = await mortgaged();
    const docs = [...documents('MORTGAGE_CANCELLATION', 'MORTGAGOR_ALONE', ['EFFECTIVE_JUDGMENT']), { type: 'ARBITRAL_AWARD', sha256: hashOf('award') }];
    expect((await process(fx, await cancel(unit, rightId, ['alice'], docs), 'ACCEPTED')).status).toBe('ACCEPTED');
  });

  test('the mortgagor alone without a judgment or award is refused at intake, naming what is missing', async () => {
    const { unit, rightId } = await mortgaged();
    const id = await cancel(unit, rightId, ['alice'], documents('MORTGAGE_CANCELLATION'));
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: id })).rejects.toMatchObject({
      code: 'MATERIALS_INCOMPLETE',
      message: expect.stringContaining('(MORTGAGOR_ALONE): EFFECTIVE_JUDGMENT (or ARBITRAL_AWARD)'),
    });
  });

  test('the mortgagee alone needs the registration proof; both together the title certificate as well', async () => {
    const { unit, rightId } = await mortgaged();
    const alone = await cancel(unit, rightId, ['bank'], documents('MORTGAGE_CANCELLATION', 'MORTGAGEE_ALONE', ['REGISTRATION_PROOF']));
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: alone })).rejects.toMatchObject({ code: 'MATERIALS_INCOMPLETE', message: expect.stringContaining('(MORTGAGEE_ALONE): REGISTRATION_PROOF') });
    const both = await cancel(unit, rightId, ['alice', 'bank'], documents('MORTGAGE_CANCELLATION', 'MORTGAGEE_ALONE'));
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: both })).rejects.toMatchObject({ code: 'MATERIALS_INCOMPLETE', message: expect.stringContaining('MORTGAGE_CANCELLATION: TITLE_CERTIFICATE') });
    expect((await process(fx, await cancel(unit, rightId, ['bank'], documents('MORTGAGE_CANCELLATION', 'MORTGAGEE_ALONE')), 'RECORDED')).status).toBe('RECORDED');
  });

  test('someone neither mortgagor, owner nor mortgagee is refused', async () => {
    const { unit, rightId } = await mortgaged();
    const id = await cancel(unit, rightId, ['carol'], documents('MORTGAGE_CANCELLATION', 'MORTGAGOR_ALONE'));
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: id })).rejects.toMatchObject({ code: 'NOT_RIGHT_HOLDER' });
  });
});

describe('mortgage first registration: the contracts 004 四 asks for', () => {
  const input = (unit: string, maximumAmount: boolean, docs: RegistrationInput['documents']): RegistrationInput => ({
    type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'alice' }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS, maximumAmount }, documents: docs,
  });

  test('a loan contract carrying the mortgage clause stands for the separate mortgage contract', async () => {
    const unit = await ownedUnit();
    const docs = [...documents('MORTGAGE', undefined, ['LOAN_CONTRACT', 'MORTGAGE_CONTRACT']), { type: 'LOAN_CONTRACT_WITH_MORTGAGE_CLAUSE', sha256: hashOf('loan with clause') }];
    expect((await process(fx, await apply(fx, input(unit, false, docs)), 'RECORDED')).status).toBe('RECORDED');
  });

  test('a maximum-amount mortgage needs the maximum-amount mortgage contract, not an ordinary one', async () => {
    const unit = await ownedUnit();
    const ordinary = await apply(fx, input(unit, true, documents('MORTGAGE')));
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: ordinary })).rejects.toMatchObject({
      code: 'MATERIALS_INCOMPLETE',
      message: expect.stringContaining('MAXIMUM_AMOUNT_MORTGAGE_CONTRACT'),
    });
    expect((await process(fx, await apply(fx, input(unit, true, documents('MORTGAGE', 'MAXIMUM_AMOUNT'))), 'RECORDED')).status).toBe('RECORDED');
  });
});

describe('the residence-right holder is named apart from the applicants (Civil Code 366–368)', () => {
  test('the owner alone applies and the right is recorded for the holder named, not for the owner', async () => {
    const unit = await ownedUnit('alice');
    await register(fx, { type: 'RESIDENCE', unitNumber: unit, applicants: [{ party: 'alice' }], residence: { holders: ['carol'], until: '2046-12-31' } });
    const carol = (await unitOf(unit)).residence[0].holders;
    const [owner] = (await unitOf(unit)).ownership!.holders;
    expect(carol).toHaveLength(1);
    expect(carol).not.toContain(owner.party);
  });

  test('a residence right naming no holder but the owner is refused at application', async () => {
    const unit = await ownedUnit('alice');
    await expect(apply(fx, { type: 'RESIDENCE', unitNumber: unit, applicants: [{ party: 'alice' }] })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'residence.holders' });
  });
});

describe('cancelling an advance notice or an objection on the holder’s request', () => {
  async function noticeForAlice(): Promise<{ unit: string; notice: Registration }> {
    const unit = await ownedUnit('developer');
    const contractId = await filedContract(fx, unit, ['developer'], ['alice']);
    return { unit, notice: await register(fx, { type: 'NOTICE', unitNumber: unit, applicants: [{ party: 'alice' }], contractId }) };
  }
  const certificate = (certNo: string) => fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', certNo);

  test('the notice holder cancels the notice: its proof is cancelled and the unit carries no notice', async () => {
    const { unit, notice } = await noticeForAlice();
    const reg = await register(fx, { type: 'NOTICE_CANCELLATION', unitNumber: unit, applicants: [{ party: 'alice' }], targetRightId: notice.rightId });
    expect(reg.status).toBe('RECORDED');
    expect((await unitOf(unit)).notices).toEqual([]);
    expect(await certificate(notice.certNo!)).toMatchObject({ status: 'CANCELLED', statusReason: `advance notice cancelled by ${reg.registrationId}` });
  });

  test('the owner cannot cancel the buyer’s notice, and a notice that is not on the unit is named', async () => {
    const { unit, notice } = await noticeForAlice();
    const byOwner = await apply(fx, { type: 'NOTICE_CANCELLATION', unitNumber: unit, applicants: [{ party: 'developer' }], targetRightId: notice.rightId });
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: byOwner })).rejects.toMatchObject({ code: 'NOT_RIGHT_HOLDER', field: 'applicants' });
    const unknown = await apply(fx, { type: 'NOTICE_CANCELLATION', unitNumber: unit, applicants: [{ party: 'alice' }], targetRightId: 'R-none' });
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: unknown })).rejects.toMatchObject({ code: 'RIGHT_NOT_FOUND', field: 'targetRightId' });
  });

  test('the objector withdraws the objection; nobody else may', async () => {
    const unit = await ownedUnit('alice');
    const objectionId = 'YY-withdrawn';
    await fx.submitWith(ROLE.registrar, 'Registration:recordObjection', { objectionId, unitNumber: unit, applicant: 'carol', reason: '登记错误', documentHash: hashOf('objection') }, ['carol']);
    const byOther = await apply(fx, { type: 'OBJECTION_CANCELLATION', unitNumber: unit, applicants: [{ party: 'bob' }], targetRightId: objectionId });
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: byOther })).rejects.toMatchObject({ code: 'NOT_RIGHT_HOLDER' });
    const reg = await register(fx, { type: 'OBJECTION_CANCELLATION', unitNumber: unit, applicants: [{ party: 'carol' }], targetRightId: objectionId });
    expect(reg.status).toBe('RECORDED');
    expect((await unitOf(unit)).objections).toEqual([]);
  });
});

describe('the transfer of the secured claim carries the mortgage (Civil Code 407; 细则 69)', () => {
  test('mortgagee and assignee together: the same mortgage, rank kept, under the assignee, with a new proof replacing the old', async () => {
    const { unit, rightId } = await mortgaged();
    const before = (await unitOf(unit)).mortgages[0];
    const oldProof = (await fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', before.registrationId)).certNo!;
    const reg = await register(fx, { type: 'MORTGAGE_TRANSFER', unitNumber: unit, applicants: [{ party: 'bank' }, { party: 'carol' }], targetRightId: rightId, newCreditor: 'carol' });
    expect(reg.status).toBe('ISSUED');
    const [after] = (await unitOf(unit)).mortgages;
    expect(after).toMatchObject({ rightId, rank: before.rank, amount: before.amount, registrationId: reg.registrationId });
    expect(after.creditor).not.toBe(before.creditor);
    expect(await fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', oldProof)).toMatchObject({ status: 'SUPERSEDED' });
    expect(await fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', reg.certNo!)).toMatchObject({ status: 'VALID', kind: 'PROOF', rightType: 'MORTGAGE', rightId });
  });

  test('the assignee alone, or the mortgagee without the assignee, is refused', async () => {
    const { unit, rightId } = await mortgaged();
    for (const applicants of [['carol'], ['bank']] as Person[][]) {
      const id = await apply(fx, { type: 'MORTGAGE_TRANSFER', unitNumber: unit, applicants: applicants.map((party) => ({ party })), targetRightId: rightId, newCreditor: 'carol' });
      await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: id })).rejects.toMatchObject({ code: 'NOT_RIGHT_HOLDER' });
    }
  });
});

describe('mortgage change: amount, term and scope of the secured claim (细则 68)', () => {
  const change = (unit: string, rightId: string, applicants: Person[], mortgageChange: RegistrationInput['mortgageChange'], consents?: RegistrationInput['consents']) =>
    apply(fx, { type: 'MORTGAGE_CHANGE', unitNumber: unit, applicants: applicants.map((party) => ({ party })), targetRightId: rightId, mortgageChange, consents });
  const certificate = (certNo: string) => fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', certNo);

  test('mortgagor and mortgagee extend the term and set the scope: the same mortgage on the new terms, its proof replaced', async () => {
    const { unit, rightId } = await mortgaged();
    const before = (await unitOf(unit)).mortgages[0];
    const oldProof = (await fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', before.registrationId)).certNo!;
    const reg = await process(fx, await change(unit, rightId, ['alice', 'bank'], { termEnd: '2051-01-01', scope: '主债权本金、利息、违约金及实现债权的费用', reason: '展期' }));
    expect(reg.status).toBe('ISSUED');
    const [after] = (await unitOf(unit)).mortgages;
    expect(after).toMatchObject({ rightId, rank: 1, amount: before.amount, termStart: before.termStart, termEnd: '2051-01-01', scope: '主债权本金、利息、违约金及实现债权的费用', registrationId: reg.registrationId });
    expect(await certificate(oldProof)).toMatchObject({ status: 'SUPERSEDED', statusReason: `mortgage changed by ${reg.registrationId}` });
    expect(await certificate(reg.certNo!)).toMatchObject({ status: 'VALID', kind: 'PROOF', rightType: 'MORTGAGE', rightId });
  });

  test('raising the amount of the first mortgage needs the second mortgagee’s written consent; lowering it does not', async () => {
    const { unit, rightId } = await mortgaged();
    const second = await register(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'alice' }], mortgage: { creditor: 'carol', noTransfer: false, ...MORTGAGE_TERMS, amount: '100000.00' } });
    const raise = await change(unit, rightId, ['alice', 'bank'], { amount: '900000.00', reason: '追加借款' });
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: raise })).rejects.toMatchObject({ code: 'LATER_MORTGAGEE_CONSENT_REQUIRED', field: 'consents', message: expect.stringContaining(second.rightId!) });
    await fx.submit(ROLE.clerk, 'Registration:withdraw', { registrationId: raise });
    const consented = await process(fx, await change(unit, rightId, ['alice', 'bank'], { amount: '900000.00', reason: '追加借款' }, [{ rightId: second.rightId!, documentHash: hashOf('carol consents') }]), 'RECORDED');
    expect(consented.status).toBe('RECORDED');
    expect((await process(fx, await change(unit, rightId, ['alice', 'bank'], { amount: '300000.00', reason: '部分还款' }), 'RECORDED')).status).toBe('RECORDED');
    expect((await unitOf(unit)).mortgages.map((m) => [m.rank, m.amount])).toEqual([[1, '300000.00'], [2, '100000.00']]);
  });

  test('the mortgagee alone, or the owner alone, is refused; a term ending before it starts is refused', async () => {
    const { unit, rightId } = await mortgaged();
    const byBank = await change(unit, rightId, ['bank'], { amount: '500000.00', reason: '部分还款' });
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: byBank })).rejects.toMatchObject({ code: 'NOT_REGISTERED_OWNER' });
    const byOwner = await change(unit, rightId, ['alice'], { amount: '500000.00', reason: '部分还款' });
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: byOwner })).rejects.toMatchObject({ code: 'NOT_RIGHT_HOLDER', field: 'applicants' });
    const backwards = await change(unit, rightId, ['alice', 'bank'], { termEnd: '2025-06-30', reason: '提前到期' });
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: backwards })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'mortgageChange.termEnd' });
  });

  test('a change of a mortgage over two units, applied on the second, changes it on both', async () => {
    const units = await buildingWithUnits(fx, ++building, 2);
    for (const unit of units) await firstRegistration(fx, unit, 'alice');
    const m = await register(fx, { type: 'MORTGAGE', unitNumber: units[0], additionalUnits: [units[1]], applicants: [{ party: 'alice' }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } });
    const reg = await process(fx, await change(units[1], m.rightId!, ['alice', 'bank'], { amount: '600000.00', reason: '部分还款' }), 'RECORDED');
    expect(reg).toMatchObject({ status: 'RECORDED', additionalUnits: [units[0]] });
    for (const unit of units) expect((await unitOf(unit)).mortgages).toEqual([expect.objectContaining({ rightId: m.rightId, amount: '600000.00', registrationId: reg.registrationId })]);
  });

  test('a change naming no term is refused before it reaches the register', async () => {
    const { unit, rightId } = await mortgaged();
    await expect(change(unit, rightId, ['alice', 'bank'], { reason: '无' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'mortgageChange.amount' });
  });
});

describe('the mortgage advance notice (预抵押) on a home bought under a purchase notice, and its conversion (细则 78, 85)', () => {
  /** A presale unit (no first registration) with alice's filed purchase contract and her purchase notice. */
  async function purchasedByAlice(): Promise<{ unit: string; contractId: string; notice: Registration }> {
    const [unit] = await buildingWithUnits(fx, ++building, 1);
    const contractId = await filedContract(fx, unit, ['developer'], ['alice'], 'COMMODITY');
    return { unit, contractId, notice: await register(fx, { type: 'NOTICE', unitNumber: unit, applicants: [{ party: 'alice' }], contractId }) };
  }
  const mortgageNotice = (unit: string, basedOn: string, applicants: Person[] = ['alice']): RegistrationInput => ({
    type: 'MORTGAGE_NOTICE', unitNumber: unit, applicants: applicants.map((party) => ({ party })), targetRightId: basedOn, mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS },
  });
  const certificate = (certNo: string) => fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', certNo);

  test('the buyer’s bank holds a notice before the first registration; after the buyer’s transfer the buyer converts it into the mortgage', async () => {
    const { unit, contractId, notice } = await purchasedByAlice();
    const pre = await register(fx, mortgageNotice(unit, notice.rightId!));
    expect(pre.status).toBe('ISSUED');
    expect(await certificate(pre.certNo!)).toMatchObject({ kind: 'PROOF', rightType: 'NOTICE', status: 'VALID' });
    const proof = await fx.evaluate<{ right: { amount: string; mortgagors: unknown[]; holders: unknown[] } }>(ROLE.clerk, 'Certificate:getDocument', pre.certNo!);
    expect(proof.right).toMatchObject({ amount: MORTGAGE_TERMS.amount, mortgagors: [expect.objectContaining({ name: '张三丰' })], holders: [expect.objectContaining({ name: '中国建设银行达州分行' })] });
    const onNotice = (await unitOf(unit)).notices.find((n) => n.rightId === pre.rightId)!;
    expect(onNotice).toMatchObject({ mortgage: { basedOn: notice.rightId, terms: { amount: MORTGAGE_TERMS.amount } } });
    expect(onNotice.possibleFrom).toBeUndefined();

    // The developer's first registration does not start the mortgage notice's 90 days: only the buyer's ownership does.
    await firstRegistration(fx, unit, 'developer');
    expect((await unitOf(unit)).notices.find((n) => n.rightId === pre.rightId)!.possibleFrom).toBeUndefined();
    const early = await apply(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'alice' }], targetRightId: pre.rightId, documents: documents('MORTGAGE', 'CONVERSION') });
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: early })).rejects.toMatchObject({ code: 'NOT_REGISTERED_OWNER' });
    await fx.submit(ROLE.clerk, 'Registration:withdraw', { registrationId: early });

    // The transfer to alice needs no consent of the bank: it is what the mortgage notice waits for.
    const sale = await register(fx, { type: 'TRANSFER', unitNumber: unit, applicants: [{ party: 'developer' }, { party: 'alice' }], contractId, taxId: await clearedTax(fx, contractId) });
    expect(sale.status).toBe('ISSUED');
    const [waiting] = (await unitOf(unit)).notices;
    expect(waiting).toMatchObject({ rightId: pre.rightId, possibleFrom: expect.any(String) });

    const conversion = await process(fx, await apply(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'alice' }], targetRightId: pre.rightId, documents: documents('MORTGAGE', 'CONVERSION') }));
    expect(conversion.status).toBe('ISSUED');
    const after = await unitOf(unit);
    expect(after.notices).toEqual([]);
    expect(after.mortgages).toEqual([expect.objectContaining({ rightId: conversion.rightId, rank: 1, amount: MORTGAGE_TERMS.amount, termEnd: MORTGAGE_TERMS.termEnd })]);
    expect(await certificate(pre.certNo!)).toMatchObject({ status: 'SUPERSEDED', statusReason: `mortgage advance notice converted by ${conversion.registrationId}` });
  });

  test('only the buyers holding the purchase notice may apply, and only on a purchase notice', async () => {
    const { unit, notice } = await purchasedByAlice();
    const byBob = await apply(fx, mortgageNotice(unit, notice.rightId!, ['bob']));
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: byBob })).rejects.toMatchObject({ code: 'NOT_RIGHT_HOLDER', field: 'applicants' });
    const nowhere = await apply(fx, mortgageNotice(unit, 'R-none'));
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: nowhere })).rejects.toMatchObject({ code: 'RIGHT_NOT_FOUND', field: 'targetRightId' });
  });

  test('a conversion takes the notice’s terms: terms sent with it, or a notice that is not there, are refused at application', async () => {
    const { unit, notice } = await purchasedByAlice();
    const pre = await register(fx, mortgageNotice(unit, notice.rightId!));
    await expect(apply(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'alice' }], targetRightId: pre.rightId, mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'mortgage' });
    await expect(apply(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'alice' }], targetRightId: notice.rightId })).rejects.toMatchObject({ code: 'RIGHT_NOT_FOUND', field: 'targetRightId' });
  });
});
