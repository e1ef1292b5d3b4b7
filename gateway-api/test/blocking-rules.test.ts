import type { Registration, RuleCode, SaleContract, TaxRecord, Unit, UnitFlags } from '@estate-ledger/chaincode';
import { LedgerRuleRefusal } from '../src/ledger/ledger-errors';
import { LedgerFixture, ROLE, hashOf, type Person } from './support/ledger-fixture';
import { MovableClock } from './support/movable-clock';
import {
  MORTGAGE_TERMS,
  apply,
  buildingWithUnits,
  clearedTax,
  filedContract,
  firstRegistration,
  nextId,
  process,
  register,
  seize,
  signContract,
  transfer,
  type RegistrationInput,
} from './support/scenario';

/**
 * The blocking-rule table of research/domain.md §4.3, one test per cell: each test builds a fresh
 * unit, puts the row's condition on it and attempts the column's act through real transactions.
 */

/** What the row put on the unit that a column's act refers to. */
interface Situation {
  row: Row;
  unit: string;
  owner: Person;
  /** The right whose holder's written consent the row calls for (advance notice, no-transfer mortgage). */
  consentRight?: string;
  /** A filed sale contract the row put on the unit, and its buyer (the protected buyer). */
  contract?: { id: string; buyer: Person };
  /** A registration in flight on the unit. */
  inFlight?: string;
  /** A mortgage registered before the row's condition, for the cancellation column. */
  mortgage?: string;
  /** An advance notice registered before the row's condition, for the notice cancellation column. */
  notice?: string;
  /** The first registration, whose entry the registry's own correction finds wrong. */
  entry?: string;
}

type Grant = Pick<RegistrationInput, 'consents' | 'riskUndertakingHash'>;
/** Performs the act (with an optional consent or undertaking) and describes its effect. */
type Attempt = (grant: Grant) => Promise<string>;

type Row =
  | 'no first registration'
  | 'an active seizure'
  | 'a queued seizure that took effect'
  | 'an advance notice for alice'
  | 'a mortgage advance notice for the bank'
  | 'an effective objection'
  | 'a mortgage'
  | 'a mortgage with a no-transfer clause'
  | 'a filed sale contract with alice'
  | 'a residence right'
  | 'a case in flight';

type Column =
  | 'transfer to bob'
  | 'transfer to the protected buyer'
  | 'mortgage'
  | 'advance notice for bob'
  | 'advance notice for the protected buyer'
  | 'sale contract with bob'
  | 'seizure'
  | 'objection'
  | 'mortgage cancellation'
  | 'residence right for carol'
  | 'ownership cancellation'
  | 'advance notice cancellation by alice'
  | 'objection cancellation by carol'
  | 'mortgage transfer to carol'
  | 'mortgage change raising the amount'
  | 'mortgage change lowering the amount'
  | 'mortgage advance notice for the bank'
  | "correction on the registry's own authority";

/** `unless`: refused without the named consent or undertaking, allowed with it. */
type Expect = { allowed: true; effect?: string } | { refused: RuleCode; unless?: 'consent' | 'undertaking' };

const ok = { allowed: true } as const;
const no = (code: RuleCode): Expect => ({ refused: code });
const unless = (code: RuleCode, grant: 'consent' | 'undertaking'): Expect => ({ refused: code, unless: grant });
const leaving = (effect: string): Expect => ({ allowed: true, effect });

/**
 * research/domain.md §4.3, with the disposals 细则 85 names beyond transfer and mortgage (a
 * residence right, giving up the ownership) as columns: an advance notice needs its holder's
 * consent and an objection the applicant's undertaking (细则 84) for each; and the cancellation of
 * a notice or an objection on its holder's request, which nothing on the unit blocks; and the
 * registry's correction on its own authority (细则 81), which every disposal, advance notice and
 * seizure registered after the wrong entry bars and a case in flight meets only at review. Cells marked
 * n/a or — there are left out, and so are those whose row cannot be set up beside the column's
 * notice; docs/ledger.md shows the same table.
 */
const TABLE: Record<Row, Partial<Record<Column, Expect>>> = {
  'no first registration': {
    'transfer to bob': no('NOT_FIRST_REGISTERED'),
    mortgage: no('NOT_FIRST_REGISTERED'),
    'advance notice for bob': ok,
    'sale contract with bob': ok,
    seizure: leaving('PRE_SEIZURE ACTIVE'),
    objection: no('NOT_FIRST_REGISTERED'),
    'residence right for carol': no('NOT_FIRST_REGISTERED'),
    'ownership cancellation': no('NOT_FIRST_REGISTERED'),
    'advance notice cancellation by alice': leaving('contractFiled'),
    'mortgage advance notice for the bank': leaving('advanceNotice contractFiled'),
  },
  'an active seizure': {
    'transfer to bob': no('UNIT_SEIZED'),
    mortgage: no('UNIT_SEIZED'),
    'advance notice for bob': no('UNIT_SEIZED'),
    'sale contract with bob': no('UNIT_SEIZED'),
    seizure: leaving('SEIZURE QUEUED'),
    objection: ok,
    'mortgage cancellation': ok,
    'residence right for carol': no('UNIT_SEIZED'),
    'ownership cancellation': no('UNIT_SEIZED'),
    'advance notice cancellation by alice': leaving('contractFiled seized'),
    'objection cancellation by carol': leaving('seized'),
    'mortgage transfer to carol': leaving('mortgaged seized'),
    'mortgage change raising the amount': no('UNIT_SEIZED'),
    'mortgage change lowering the amount': no('UNIT_SEIZED'),
    'mortgage advance notice for the bank': no('UNIT_SEIZED'),
    // Registered after the first registration, whose entry the registry finds wrong (细则 81).
    "correction on the registry's own authority": no('CORRECTION_BARRED'),
  },
  'a queued seizure that took effect': {
    'transfer to bob': no('UNIT_SEIZED'),
    mortgage: no('UNIT_SEIZED'),
    'advance notice for bob': no('UNIT_SEIZED'),
    'sale contract with bob': no('UNIT_SEIZED'),
    seizure: leaving('SEIZURE QUEUED'),
    objection: ok,
    'mortgage cancellation': ok,
    'residence right for carol': no('UNIT_SEIZED'),
    'ownership cancellation': no('UNIT_SEIZED'),
    'advance notice cancellation by alice': leaving('contractFiled seized'),
    'objection cancellation by carol': leaving('seized'),
    'mortgage transfer to carol': leaving('mortgaged seized'),
    'mortgage change raising the amount': no('UNIT_SEIZED'),
    'mortgage advance notice for the bank': no('UNIT_SEIZED'),
    "correction on the registry's own authority": no('CORRECTION_BARRED'),
  },
  'an advance notice for alice': {
    'transfer to bob': no('CONTRACT_ALREADY_FILED'),
    'transfer to the protected buyer': leaving('no restrictions'),
    mortgage: unless('NOTICE_HOLDER_CONSENT_REQUIRED', 'consent'),
    'advance notice for bob': no('NOTICE_EXISTS'),
    'sale contract with bob': no('CONTRACT_ALREADY_FILED'),
    seizure: ok,
    objection: ok,
    'mortgage cancellation': ok,
    'residence right for carol': unless('NOTICE_HOLDER_CONSENT_REQUIRED', 'consent'),
    'ownership cancellation': unless('NOTICE_HOLDER_CONSENT_REQUIRED', 'consent'),
    'advance notice cancellation by alice': leaving('contractFiled'),
    'objection cancellation by carol': leaving('advanceNotice contractFiled'),
    'mortgage change raising the amount': unless('NOTICE_HOLDER_CONSENT_REQUIRED', 'consent'),
    'mortgage change lowering the amount': leaving('advanceNotice contractFiled mortgaged'),
    'mortgage advance notice for the bank': leaving('advanceNotice contractFiled'),
    "correction on the registry's own authority": no('CORRECTION_BARRED'),
  },
  // alice's purchase notice and, resting on it, her bank's mortgage notice (预抵押); the owner is the developer.
  'a mortgage advance notice for the bank': {
    'transfer to bob': no('CONTRACT_ALREADY_FILED'),
    // No consent of the bank: alice's acquiring the home is what its notice waits for; it stays until converted.
    'transfer to the protected buyer': leaving('advanceNotice'),
    mortgage: no('NOTICE_HOLDER_CONSENT_REQUIRED'),
    'advance notice for bob': no('NOTICE_EXISTS'),
    'sale contract with bob': no('CONTRACT_ALREADY_FILED'),
    seizure: ok,
    objection: ok,
    'mortgage cancellation': ok,
    'residence right for carol': no('NOTICE_HOLDER_CONSENT_REQUIRED'),
    'ownership cancellation': no('NOTICE_HOLDER_CONSENT_REQUIRED'),
    // Giving up the purchase notice takes the ground from under the bank's notice (细则 85).
    'advance notice cancellation by alice': unless('NOTICE_HOLDER_CONSENT_REQUIRED', 'consent'),
    'objection cancellation by carol': leaving('advanceNotice contractFiled'),
    'mortgage transfer to carol': leaving('advanceNotice contractFiled mortgaged'),
    'mortgage change raising the amount': no('NOTICE_HOLDER_CONSENT_REQUIRED'),
    'mortgage change lowering the amount': leaving('advanceNotice contractFiled mortgaged'),
    // A second mortgage notice on the same purchase harms the first bank's: its consent.
    'mortgage advance notice for the bank': unless('NOTICE_HOLDER_CONSENT_REQUIRED', 'consent'),
    "correction on the registry's own authority": no('CORRECTION_BARRED'),
  },
  'an effective objection': {
    'transfer to bob': unless('OBJECTION_UNDERTAKING_REQUIRED', 'undertaking'),
    mortgage: unless('OBJECTION_UNDERTAKING_REQUIRED', 'undertaking'),
    'advance notice for bob': unless('OBJECTION_UNDERTAKING_REQUIRED', 'undertaking'),
    'sale contract with bob': ok,
    seizure: ok,
    objection: no('OBJECTION_REPEATED'),
    'mortgage cancellation': ok,
    'residence right for carol': unless('OBJECTION_UNDERTAKING_REQUIRED', 'undertaking'),
    'ownership cancellation': unless('OBJECTION_UNDERTAKING_REQUIRED', 'undertaking'),
    'advance notice cancellation by alice': leaving('contractFiled objection'),
    'objection cancellation by carol': leaving('objection'),
    'mortgage transfer to carol': leaving('mortgaged objection'),
    'mortgage change raising the amount': unless('OBJECTION_UNDERTAKING_REQUIRED', 'undertaking'),
    'mortgage change lowering the amount': leaving('mortgaged objection'),
    'mortgage advance notice for the bank': unless('OBJECTION_UNDERTAKING_REQUIRED', 'undertaking'),
    "correction on the registry's own authority": ok,
  },
  'a mortgage': {
    'transfer to bob': leaving('mortgaged'),
    mortgage: ok,
    'advance notice for bob': ok,
    'sale contract with bob': ok,
    seizure: ok,
    objection: ok,
    'residence right for carol': leaving('mortgaged residenceRight'),
    'objection cancellation by carol': leaving('mortgaged'),
    // The row's mortgage ranks after the column's: raising the first needs its mortgagee's consent (细则 68).
    'mortgage change raising the amount': unless('LATER_MORTGAGEE_CONSENT_REQUIRED', 'consent'),
    'mortgage change lowering the amount': leaving('mortgaged'),
    "correction on the registry's own authority": no('CORRECTION_BARRED'),
  },
  'a mortgage with a no-transfer clause': {
    'transfer to bob': unless('MORTGAGE_NO_TRANSFER', 'consent'),
    mortgage: ok,
    'advance notice for bob': unless('MORTGAGE_NO_TRANSFER', 'consent'),
    'sale contract with bob': ok,
    seizure: ok,
    objection: ok,
    'residence right for carol': ok,
    'objection cancellation by carol': leaving('mortgaged'),
    'mortgage change raising the amount': unless('LATER_MORTGAGEE_CONSENT_REQUIRED', 'consent'),
    "correction on the registry's own authority": no('CORRECTION_BARRED'),
  },
  'a filed sale contract with alice': {
    'transfer to bob': no('CONTRACT_ALREADY_FILED'),
    'transfer to the protected buyer': ok,
    mortgage: ok,
    'advance notice for bob': no('NOTICE_HOLDER_NOT_BUYER'),
    'advance notice for the protected buyer': ok,
    'sale contract with bob': no('CONTRACT_ALREADY_FILED'),
    seizure: ok,
    objection: ok,
    'mortgage cancellation': ok,
    'residence right for carol': ok,
    'objection cancellation by carol': leaving('contractFiled'),
    'mortgage transfer to carol': leaving('contractFiled mortgaged'),
    'mortgage change raising the amount': leaving('contractFiled mortgaged'),
    "correction on the registry's own authority": leaving('contractFiled'),
  },
  'a residence right': {
    'transfer to bob': leaving('residenceRight'),
    mortgage: ok,
    'advance notice for bob': ok,
    'sale contract with bob': ok,
    seizure: ok,
    objection: ok,
    'mortgage cancellation': ok,
    'residence right for carol': ok,
    'objection cancellation by carol': leaving('residenceRight'),
    'mortgage transfer to carol': leaving('mortgaged residenceRight'),
    'mortgage change raising the amount': leaving('mortgaged residenceRight'),
    "correction on the registry's own authority": no('CORRECTION_BARRED'),
  },
  'a case in flight': {
    'transfer to bob': no('UNIT_CASE_IN_FLIGHT'),
    mortgage: no('UNIT_CASE_IN_FLIGHT'),
    'advance notice for bob': no('UNIT_CASE_IN_FLIGHT'),
    'sale contract with bob': ok,
    seizure: leaving('SEIZURE ACTIVE, case SUSPENDED'),
    objection: ok,
    'mortgage cancellation': ok,
    'residence right for carol': no('UNIT_CASE_IN_FLIGHT'),
    'ownership cancellation': no('UNIT_CASE_IN_FLIGHT'),
    'objection cancellation by carol': leaving('caseInFlight'),
    'mortgage transfer to carol': leaving('caseInFlight mortgaged'),
    'mortgage change raising the amount': no('UNIT_CASE_IN_FLIGHT'),
    'mortgage change lowering the amount': no('UNIT_CASE_IN_FLIGHT'),
    // No lock until review: notice and announcement go ahead, the review meets the case in flight.
    "correction on the registry's own authority": no('UNIT_CASE_IN_FLIGHT'),
  },
};

const OBJECTION_REASON = '该房屋系夫妻共同财产，登记错误';

// Moved forward by the registry correction's column, over its notice and announcement periods.
const clock = new MovableClock();
let fx: LedgerFixture;
beforeAll(async () => {
  fx = await LedgerFixture.create({ clock });
});
afterAll(async () => {
  await fx.close();
});

let building = 100;
const freshUnit = async () => (await buildingWithUnits(fx, ++building, 1))[0];
const unitOf = async (unit: string) => (await fx.evaluate<{ unit: Unit; flags: UnitFlags }>(ROLE.clerk, 'Unit:get', unit)).unit;
const registration = (id: string) => fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', id);

/** The unit's restrictions after an act, as the public flags name them. */
async function restrictions(unit: string): Promise<string> {
  const { flags } = await fx.evaluate<{ flags: UnitFlags }>(ROLE.clerk, 'Unit:get', unit);
  const set = Object.entries(flags).filter(([name, on]) => on && name !== 'registered').map(([name]) => name);
  return set.length > 0 ? set.join(' ') : 'no restrictions';
}

async function recordObjection(unit: string, reason = OBJECTION_REASON): Promise<string> {
  const objectionId = nextId('YY');
  await fx.submitWith(ROLE.registrar, 'Registration:recordObjection', { objectionId, unitNumber: unit, applicant: 'carol', reason, documentHash: hashOf(objectionId) }, ['carol']);
  return objectionId;
}

const lift = (unit: string, seizureId: string, court = ROLE.court) =>
  fx.submit(court, 'Court:lift', { seizureId, unitNumber: unit, documentHash: hashOf(`lift ${seizureId}`) });

/** alice's bank's mortgage notice on her purchase notice: the row's, else the one the column put on the unit. */
const mortgageNoticeOf = (s: Situation): RegistrationInput => ({
  type: 'MORTGAGE_NOTICE', unitNumber: s.unit, applicants: [{ party: 'alice' }], targetRightId: s.notice ?? s.consentRight, mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS },
});

const mortgageOf = (s: Situation, noTransfer = false) =>
  register(fx, { type: 'MORTGAGE', unitNumber: s.unit, applicants: [{ party: s.owner }], mortgage: { creditor: 'bank', noTransfer, ...MORTGAGE_TERMS } });

/** A registration attempt: apply, then accept, review and record (the rules are checked at each). */
const registering = (s: Situation, input: Omit<RegistrationInput, 'unitNumber'>): Attempt => async (grant) => {
  await process(fx, await apply(fx, { ...input, unitNumber: s.unit, ...grant }), 'RECORDED');
  return restrictions(s.unit);
};

const ROWS: Record<Row, (s: Situation) => Promise<void>> = {
  'no first registration': async () => {},
  'an active seizure': async (s) => {
    await seize(fx, s.unit);
  },
  'a queued seizure that took effect': async (s) => {
    const first = await seize(fx, s.unit);
    await seize(fx, s.unit, ROLE.otherCourt);
    await lift(s.unit, first);
  },
  'an advance notice for alice': async (s) => {
    const contractId = await filedContract(fx, s.unit, [s.owner], ['alice']);
    const notice = await register(fx, { type: 'NOTICE', unitNumber: s.unit, applicants: [{ party: 'alice' }], contractId });
    s.contract = { id: contractId, buyer: 'alice' };
    s.consentRight = notice.rightId;
  },
  'a mortgage advance notice for the bank': async (s) => {
    const contractId = await filedContract(fx, s.unit, [s.owner], ['alice'], 'COMMODITY');
    s.notice = (await register(fx, { type: 'NOTICE', unitNumber: s.unit, applicants: [{ party: 'alice' }], contractId })).rightId;
    s.contract = { id: contractId, buyer: 'alice' };
    s.consentRight = (await register(fx, mortgageNoticeOf(s))).rightId;
  },
  'an effective objection': async (s) => {
    await recordObjection(s.unit);
  },
  'a mortgage': async (s) => {
    s.consentRight = (await mortgageOf(s)).rightId;
  },
  'a mortgage with a no-transfer clause': async (s) => {
    s.consentRight = (await mortgageOf(s, true)).rightId;
  },
  'a filed sale contract with alice': async (s) => {
    s.contract = { id: await filedContract(fx, s.unit, [s.owner], ['alice']), buyer: 'alice' };
  },
  'a residence right': async (s) => {
    await register(fx, { type: 'RESIDENCE', unitNumber: s.unit, applicants: [{ party: s.owner }], residence: { holders: ['carol'] } });
  },
  'a case in flight': async (s) => {
    s.inFlight = await apply(fx, { type: 'MORTGAGE', unitNumber: s.unit, applicants: [{ party: s.owner }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } });
    await process(fx, s.inFlight, 'ACCEPTED');
  },
};

/** `before` runs ahead of the row's condition; `prepare` does the steps the act needs and returns the act itself. */
const COLUMNS: Record<Column, { before?: (s: Situation) => Promise<void>; prepare: (s: Situation) => Promise<Attempt> }> = {
  'transfer to bob': {
    prepare: async (s) => {
      const contractId = await filedContract(fx, s.unit, [s.owner], ['bob'], 'COMMODITY');
      const taxId = await clearedTax(fx, contractId);
      return registering(s, { type: 'TRANSFER', applicants: [{ party: s.owner }, { party: 'bob' }], contractId, taxId });
    },
  },
  'transfer to the protected buyer': {
    prepare: async (s) => {
      const { id, buyer } = s.contract!;
      return registering(s, { type: 'TRANSFER', applicants: [{ party: s.owner }, { party: buyer }], contractId: id, taxId: await clearedTax(fx, id) });
    },
  },
  mortgage: {
    prepare: async (s) => registering(s, { type: 'MORTGAGE', applicants: [{ party: s.owner }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } }),
  },
  'advance notice for bob': {
    // A notice protects a buyer: bob first gets a filed contract where the unit has none.
    prepare: async (s) => {
      const contractId = s.contract ? undefined : await filedContract(fx, s.unit, [s.owner], ['bob'], 'COMMODITY');
      return registering(s, { type: 'NOTICE', applicants: [{ party: 'bob' }], contractId });
    },
  },
  'advance notice for the protected buyer': {
    prepare: async (s) => registering(s, { type: 'NOTICE', applicants: [{ party: s.contract!.buyer }], contractId: s.contract!.id }),
  },
  'sale contract with bob': {
    prepare: async (s) => async () => {
      await signContract(fx, s.unit, [s.owner], ['bob'], 'COMMODITY');
      return 'signed';
    },
  },
  seizure: {
    prepare: async (s) => async () => {
      const seizureId = await seize(fx, s.unit);
      const seizure = (await unitOf(s.unit)).seizures.find((x) => x.seizureId === seizureId)!;
      const effect = `${seizure.kind} ${seizure.status}`;
      return s.inFlight ? `${effect}, case ${(await registration(s.inFlight)).status}` : effect;
    },
  },
  objection: {
    prepare: async (s) => async () => {
      await recordObjection(s.unit);
      return 'recorded';
    },
  },
  'mortgage cancellation': {
    before: async (s) => {
      s.mortgage = (await mortgageOf(s)).rightId;
    },
    prepare: async (s) => registering(s, { type: 'MORTGAGE_CANCELLATION', applicants: [{ party: 'bank' }], targetRightId: s.mortgage }),
  },
  'residence right for carol': {
    prepare: async (s) => registering(s, { type: 'RESIDENCE', applicants: [{ party: s.owner }], residence: { holders: ['carol'] } }),
  },
  'ownership cancellation': {
    prepare: async (s) => registering(s, { type: 'CANCELLATION', applicants: [{ party: s.owner }] }),
  },
  // The holders' own requests: the notice row's notice, else one for alice put on the unit first.
  'advance notice cancellation by alice': {
    before: async (s) => {
      if (s.row === 'an advance notice for alice' || s.row === 'a mortgage advance notice for the bank') return;
      const contractId = await filedContract(fx, s.unit, [s.owner], ['alice'], 'COMMODITY');
      s.notice = (await register(fx, { type: 'NOTICE', unitNumber: s.unit, applicants: [{ party: 'alice' }], contractId })).rightId;
    },
    prepare: async (s) => registering(s, { type: 'NOTICE_CANCELLATION', applicants: [{ party: 'alice' }], targetRightId: s.notice ?? s.consentRight }),
  },
  // The mortgage follows its secured claim to carol; the mortgage is registered before the row.
  'mortgage transfer to carol': {
    before: async (s) => {
      s.mortgage = (await mortgageOf(s)).rightId;
    },
    prepare: async (s) => registering(s, { type: 'MORTGAGE_TRANSFER', applicants: [{ party: 'bank' }, { party: 'carol' }], targetRightId: s.mortgage, newCreditor: 'carol' }),
  },
  // Mortgagor and mortgagee change the terms of a mortgage registered before the row (细则 68).
  'mortgage change raising the amount': {
    before: async (s) => {
      s.mortgage = (await mortgageOf(s)).rightId;
    },
    prepare: async (s) =>
      registering(s, { type: 'MORTGAGE_CHANGE', applicants: [{ party: s.owner }, { party: 'bank' }], targetRightId: s.mortgage, mortgageChange: { amount: '900000.00', reason: '追加借款' } }),
  },
  'mortgage change lowering the amount': {
    before: async (s) => {
      s.mortgage = (await mortgageOf(s)).rightId;
    },
    prepare: async (s) =>
      registering(s, { type: 'MORTGAGE_CHANGE', applicants: [{ party: s.owner }, { party: 'bank' }], targetRightId: s.mortgage, mortgageChange: { amount: '500000.00', reason: '部分还款' } }),
  },
  // alice mortgages the home she bought to her bank: on the row's purchase notice, else on one for her put on the unit first.
  'mortgage advance notice for the bank': {
    before: async (s) => {
      if (s.row === 'an advance notice for alice' || s.row === 'a mortgage advance notice for the bank') return;
      const contractId = await filedContract(fx, s.unit, [s.owner], ['alice'], 'COMMODITY');
      s.notice = (await register(fx, { type: 'NOTICE', unitNumber: s.unit, applicants: [{ party: 'alice' }], contractId })).rightId;
    },
    prepare: async (s) => registering(s, mortgageNoticeOf(s)),
  },
  // The registry finds the first registration's entry wrong (细则 81): notice, announcement 30 working
  // days on, approval 15 working days after it, recording; the clock moves to each date.
  "correction on the registry's own authority": {
    prepare: async (s) => async () => {
      const registrationId = nextId('YZGZ');
      await fx.submit(ROLE.registrar, 'Registration:startRegistryCorrection', {
        registrationId, unitNumber: s.unit, entryRegistrationId: s.entry, change: { use: '商业', reason: '用途误记为住宅' }, noticeHash: hashOf(`通知 ${registrationId}`),
      });
      clock.moveTo((await registration(registrationId)).registryCorrection!.announceFrom);
      await fx.submit(ROLE.registrar, 'Registration:announceRegistryCorrection', { registrationId, announcementHash: hashOf(`公告 ${registrationId}`) });
      clock.moveTo((await registration(registrationId)).registryCorrection!.reviewFrom!);
      await fx.submit(ROLE.reviewer, 'Registration:review', { registrationId, decision: 'APPROVE' });
      await fx.submit(ROLE.registrar, 'Registration:record', { registrationId });
      return restrictions(s.unit);
    },
  },
  'objection cancellation by carol': {
    prepare: async (s) => {
      const objectionId = await recordObjection(s.unit, '该房屋面积登记错误');
      return registering(s, { type: 'OBJECTION_CANCELLATION', applicants: [{ party: 'carol' }], targetRightId: objectionId });
    },
  },
};

/** The act's effect, or the rule code it was refused with. */
type Outcome = { allowed: true; effect: string } | { refused: string };
const outcome = (attempt: Promise<string>): Promise<Outcome> =>
  attempt.then(
    (effect) => ({ allowed: true, effect }),
    (err: Error) => ({ refused: err instanceof LedgerRuleRefusal ? err.code : err.message }),
  );

const verdict = (e: Expect) =>
  'refused' in e ? `refused with ${e.refused}${e.unless ? ` unless it carries the ${e.unless}` : ''}` : `allowed${e.effect ? ` (${e.effect})` : ''}`;

const CELLS = (Object.keys(TABLE) as Row[]).map((row) => ({
  row,
  cells: (Object.entries(TABLE[row]) as Array<[Column, Expect]>).map(([column, expected]) => ({ column, expected, verdict: verdict(expected) })),
}));

describe.each(CELLS)('on a unit with $row', ({ row, cells }) => {
  it.each(cells)('$column is $verdict', async ({ column, expected }) => {
    const s: Situation = { row, unit: await freshUnit(), owner: 'developer' };
    if (row !== 'no first registration') s.entry = (await firstRegistration(fx, s.unit, s.owner)).registrationId;
    const act = COLUMNS[column];
    await act.before?.(s);
    await ROWS[row](s);
    const prepared = act.prepare(s);
    const attempt = (grant: Grant) => outcome(prepared.then((run) => run(grant)));

    if ('allowed' in expected) {
      expect(await attempt({})).toEqual({ allowed: true, effect: expected.effect ?? expect.any(String) });
      return;
    }
    expect(await attempt({})).toEqual({ refused: expected.refused });
    if (expected.unless === 'consent') {
      expect(await attempt({ consents: [{ rightId: s.consentRight!, documentHash: hashOf('written consent') }] })).toEqual({ allowed: true, effect: expect.any(String) });
    } else if (expected.unless === 'undertaking') {
      expect(await attempt({ riskUndertakingHash: hashOf('risk undertaking') })).toEqual({ allowed: true, effect: expect.any(String) });
    }
  });
});

describe('the notice holder consent on a sale to someone else', () => {
  it('lets a sale to bob through once alice, holding the advance notice, consents in writing', async () => {
    const unit = await freshUnit();
    await firstRegistration(fx, unit);
    const aliceContract = await filedContract(fx, unit, ['developer'], ['alice']);
    const notice = await register(fx, { type: 'NOTICE', unitNumber: unit, applicants: [{ party: 'alice' }], contractId: aliceContract });
    await fx.submit(ROLE.filing, 'SaleContract:cancel', { contractId: aliceContract, reason: '买受人同意解除合同' });

    const contractId = await filedContract(fx, unit, ['developer'], ['bob']);
    const input: RegistrationInput = { type: 'TRANSFER', unitNumber: unit, applicants: [{ party: 'developer' }, { party: 'bob' }], contractId, taxId: await clearedTax(fx, contractId) };
    await expect(process(fx, await apply(fx, input), 'RECORDED')).rejects.toMatchObject({ code: 'NOTICE_HOLDER_CONSENT_REQUIRED' });
    const consented = await process(fx, await apply(fx, { ...input, consents: [{ rightId: notice.rightId!, documentHash: hashOf('alice consents') }] }), 'RECORDED');
    expect(consented.status).toBe('RECORDED');
  });
});

describe('extra preconditions of a transfer', () => {
  const sale = (unit: string, contractId: string, taxId: string, applicants: Person[] = ['developer', 'bob']) =>
    apply(fx, { type: 'TRANSFER', unitNumber: unit, applicants: applicants.map((party) => ({ party })), contractId, taxId });
  const accept = (registrationId: string) => fx.submit(ROLE.clerk, 'Registration:accept', { registrationId });

  /** Sells with buyer shares (按份共有); the scenario helper signs joint purchases only. */
  async function sellInShares(unit: string, sellers: Person[], buyers: Array<{ party: Person; share: string }>): Promise<string> {
    const contractId = nextId('HT');
    const people = [...sellers, ...buyers.map((b) => b.party)];
    await fx.submitWith(ROLE.filing, 'SaleContract:sign', {
      contractId, kind: 'STOCK', unitNumber: unit, sellers: sellers.map((party) => ({ party })), buyers, buyerCoOwnership: 'SHARES', price: '1280000.00',
    }, people);
    await fx.submit(ROLE.filing, 'SaleContract:file', { contractId });
    await register(fx, { type: 'TRANSFER', unitNumber: unit, applicants: people.map((party) => ({ party })), contractId, taxId: await clearedTax(fx, contractId) });
    return contractId;
  }

  let unit: string;
  beforeEach(async () => {
    unit = await freshUnit();
    await firstRegistration(fx, unit);
  });

  it('refuses a transfer whose sale contract was signed but never filed', async () => {
    const contractId = await signContract(fx, unit, ['developer'], ['bob']);
    await expect(accept(await sale(unit, contractId, 'TAX-none'))).rejects.toMatchObject({ code: 'NO_FILED_CONTRACT' });
  });

  it('refuses a transfer whose applicants are not the parties of the filed contract', async () => {
    const contractId = await filedContract(fx, unit, ['developer'], ['bob']);
    await expect(accept(await sale(unit, contractId, await clearedTax(fx, contractId), ['developer', 'carol']))).rejects.toMatchObject({ code: 'CONTRACT_PARTIES_MISMATCH' });
  });

  it('refuses a transfer whose tax was assessed but not cleared', async () => {
    const contractId = await filedContract(fx, unit, ['developer'], ['bob']);
    const taxId = nextId('TAX');
    await fx.submit(ROLE.assessor, 'Tax:assess', { taxId, contractId, items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1280000.00', rate: '1.5', amount: '19200.00' }] });
    await expect(accept(await sale(unit, contractId, taxId))).rejects.toMatchObject({ code: 'TAX_NOT_CLEARED' });
  });

  it('needs every joint owner: one alone may neither sell nor mortgage, both together may sell', async () => {
    await transfer(fx, unit, ['developer'], ['alice', 'bob']);
    await expect(signContract(fx, unit, ['alice'], ['carol'])).rejects.toMatchObject({ code: 'CO_OWNER_CONSENT_REQUIRED' });
    const mortgage = await apply(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'alice' }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } });
    await expect(accept(mortgage)).rejects.toMatchObject({ code: 'CO_OWNER_CONSENT_REQUIRED' });
    expect((await transfer(fx, unit, ['alice', 'bob'], ['carol'])).status).toBe('ISSUED');
  });

  it('lets owners of two thirds by share sell, and refuses owners of less', async () => {
    await sellInShares(unit, ['developer'], [{ party: 'alice', share: '66.67' }, { party: 'bob', share: '33.33' }]);
    await expect(signContract(fx, unit, ['bob'], ['carol'])).rejects.toMatchObject({ code: 'CO_OWNER_CONSENT_REQUIRED' });
    expect((await transfer(fx, unit, ['alice'], ['carol'])).status).toBe('ISSUED');
  });

  it('needs the presale permit for a presale contract on a unit without first registration', async () => {
    const [presale] = await buildingWithUnits(fx, ++building, 1, { presalePermit: false });
    await expect(signContract(fx, presale, ['developer'], ['bob'], 'COMMODITY')).rejects.toMatchObject({ code: 'PRESALE_PERMIT_REQUIRED' });
  });
});

describe('a refused registration leaves no partial state', () => {
  async function snapshot(unit: string, registrationId: string, contractId: string, taxId: string) {
    const u = await unitOf(unit);
    const reg = await registration(registrationId);
    return {
      registerVersion: u.registerVersion,
      caseInFlight: u.caseInFlight ?? null,
      status: reg.status,
      steps: reg.steps.length,
      contract: (await fx.evaluate<SaleContract>(ROLE.clerk, 'SaleContract:get', contractId)).status,
      taxConsumedBy: (await fx.evaluate<TaxRecord>(ROLE.clerk, 'Tax:get', taxId)).consumedBy ?? null,
    };
  }

  async function pendingSale() {
    const unit = await freshUnit();
    await firstRegistration(fx, unit);
    const contractId = await filedContract(fx, unit, ['developer'], ['bob']);
    const taxId = await clearedTax(fx, contractId);
    const registrationId = await apply(fx, { type: 'TRANSFER', unitNumber: unit, applicants: [{ party: 'developer' }, { party: 'bob' }], contractId, taxId });
    return { unit, registrationId, state: () => snapshot(unit, registrationId, contractId, taxId) };
  }

  it('at intake: the case stays APPLIED, the unit keeps its version and takes no case lock', async () => {
    const sale = await pendingSale();
    await recordObjection(sale.unit);
    const before = await sale.state();
    await expect(fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: sale.registrationId })).rejects.toMatchObject({ code: 'OBJECTION_UNDERTAKING_REQUIRED' });
    expect(await sale.state()).toEqual(before);
    expect(before).toMatchObject({ status: 'APPLIED', caseInFlight: null, contract: 'FILED', taxConsumedBy: null });
  });

  it('at recording: the rules are checked again and a refusal consumes neither contract nor tax', async () => {
    const sale = await pendingSale();
    await process(fx, sale.registrationId, 'REVIEWED');
    await recordObjection(sale.unit);
    const before = await sale.state();
    await expect(fx.submit(ROLE.registrar, 'Registration:record', { registrationId: sale.registrationId })).rejects.toMatchObject({ code: 'OBJECTION_UNDERTAKING_REQUIRED' });
    expect(await sale.state()).toEqual(before);
    expect(before).toMatchObject({ status: 'REVIEWED', contract: 'FILED', taxConsumedBy: null });
  });
});

describe('an objection after it lapsed', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('refuses the same applicant with the same reason, but not with a new reason', async () => {
    const unit = await freshUnit();
    await firstRegistration(fx, unit);
    await recordObjection(unit);
    // Only Date is faked: the ledger takes its transaction time from it, its block timer keeps running.
    jest.useFakeTimers({ now: Date.now() + 16 * 86_400_000, doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    await expect(recordObjection(unit, ` ${OBJECTION_REASON} `)).rejects.toMatchObject({ code: 'OBJECTION_REPEATED' });
    expect((await unitOf(unit)).objections).toEqual([]);
    await expect(recordObjection(unit, '房屋面积登记错误')).resolves.toMatch(/^YY-/);
  });
});
