import { RuleError } from './errors';
import type { ChecklistVariant } from './materials';
import type { AdvanceNotice, BookEntry, Consent, ContractKind, Mortgage, MortgageChange, PartyRef, Registration, Unit } from './model';
import { activeSeizure, reasonFingerprint } from './register';
import { checkDateRange, checkMoney } from './validators';

/**
 * The blocking rules of DESIGN §5 and research/domain.md §4.3: given the current register of a
 * unit and a requested act, refuse with the rule's code or return normally. Evaluated at intake
 * and again at recording.
 */
export type Act =
  | { kind: 'FIRST' }
  | { kind: 'TRANSFER'; sellers: PartyRef[]; buyers: PartyRef[]; consents: Consent[]; riskUndertaking: boolean }
  /** `converts`: the mortgage notice (预抵押) this mortgage registration converts (细则 78 二款). */
  | { kind: 'MORTGAGE'; mortgagors: PartyRef[]; consents: Consent[]; riskUndertaking: boolean; converts?: string }
  | { kind: 'NOTICE'; holders: PartyRef[]; consents: Consent[]; riskUndertaking: boolean }
  | { kind: 'MORTGAGE_NOTICE'; basedOn: string; mortgagors: PartyRef[]; consents: Consent[]; riskUndertaking: boolean }
  | { kind: 'CONTRACT'; contractKind: ContractKind; sellers: PartyRef[]; developer?: PartyRef; presalePermit: boolean }
  | { kind: 'SEIZURE' }
  | { kind: 'OBJECTION'; applicant: PartyRef; reason: string }
  | { kind: 'MORTGAGE_CANCELLATION'; rightId: string }
  | { kind: 'NOTICE_CANCELLATION'; rightId: string; applicants: PartyRef[]; consents: Consent[] }
  | { kind: 'OBJECTION_CANCELLATION'; rightId: string; applicants: PartyRef[] }
  | { kind: 'MORTGAGE_TRANSFER'; rightId: string; applicants: PartyRef[]; newCreditor: PartyRef }
  | { kind: 'MORTGAGE_CHANGE'; rightId: string; applicants: PartyRef[]; change: MortgageChange; consents: Consent[]; riskUndertaking: boolean }
  | { kind: 'RESIDENCE'; owners: PartyRef[]; holders: PartyRef[]; consents: Consent[]; riskUndertaking: boolean }
  | { kind: 'CANCELLATION'; owners: PartyRef[]; consents: Consent[]; riskUndertaking: boolean }
  | { kind: 'CHANGE' | 'CORRECTION'; owners: PartyRef[] }
  /** `after`: the unit's book entries recorded after the entry the registry found wrong. */
  | { kind: 'REGISTRY_CORRECTION'; after: ReadonlyArray<Pick<BookEntry, 'kind' | 'ref'>> };

/**
 * What bars a correction on the registry's own authority once it was registered after the wrong
 * entry (细则 81: "但在错误登记之后已经办理了涉及不动产权利处分的登记、预告登记和查封登记的除外"): a
 * disposal of the right — transfer, mortgage and its transfer or change, residence right, giving
 * the ownership up —, an advance notice (a 预抵押 too) and a seizure, queued ones included.
 */
const BARS_REGISTRY_CORRECTION: ReadonlySet<string> = new Set([
  'TRANSFER', 'MORTGAGE', 'MORTGAGE_TRANSFER', 'MORTGAGE_CHANGE', 'RESIDENCE', 'CANCELLATION', 'NOTICE', 'MORTGAGE_NOTICE', 'SEIZURE', 'SEIZURE_QUEUED',
]);

export type ActKind = Act['kind'];

/** Acts that take the unit's case lock: a second conflicting case is refused (serialise per unit). */
const CASE_LOCKING: ReadonlySet<ActKind> = new Set([
  'FIRST', 'TRANSFER', 'MORTGAGE', 'NOTICE', 'CHANGE', 'CORRECTION', 'CANCELLATION', 'RESIDENCE', 'MORTGAGE_CHANGE', 'MORTGAGE_NOTICE',
  // From review on only (the rules are first checked there): the holder's own correction goes first.
  'REGISTRY_CORRECTION',
]);
export function locksUnit(kind: ActKind): boolean {
  return CASE_LOCKING.has(kind);
}

/**
 * Acts an active or queued seizure blocks (Civil Code 399; 细则 90–92: no 抵押, 转让 or other
 * transfer or change registration, research/domain.md §4.1): a mortgage change is a change registration.
 */
const SEIZURE_BLOCKS: ReadonlySet<ActKind> = new Set([
  'TRANSFER', 'MORTGAGE', 'NOTICE', 'CONTRACT', 'CHANGE', 'CANCELLATION', 'RESIDENCE', 'MORTGAGE_CHANGE', 'MORTGAGE_NOTICE',
]);

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));
const hasConsent = (consents: Consent[], rightId: string) => consents.some((c) => c.rightId === rightId);

export interface CheckOptions {
  /** The registration being re-checked holds the case lock itself. */
  ownCase?: string;
}

export function checkAct(unit: Unit, act: Act, opts: CheckOptions = {}): void {
  const { kind } = act;

  if (SEIZURE_BLOCKS.has(kind) && unit.seizures.length > 0) throw seizedRefusal(unit, `${kind.toLowerCase()} is not allowed`);

  checkFirstRegistration(unit, act);

  if (locksUnit(kind) && unit.caseInFlight && unit.caseInFlight.registrationId !== opts.ownCase) {
    throw new RuleError(
      'UNIT_CASE_IN_FLIGHT',
      `Unit ${unit.unitNumber} already has registration ${unit.caseInFlight.registrationId} in progress`,
    );
  }

  switch (act.kind) {
    case 'TRANSFER':
      checkDisposal(unit, act.sellers, act.buyers, act, 'transfer');
      checkNoTransferMortgages(unit, act.consents);
      checkFiledContract(unit, act.sellers, act.buyers);
      break;
    case 'MORTGAGE':
      if (act.converts !== undefined) checkConversion(unit, act.converts, act.mortgagors);
      checkDisposal(unit, act.mortgagors, act.mortgagors, act, 'mortgage');
      break;
    case 'MORTGAGE_NOTICE': {
      const purchase = unit.notices.find((n) => n.rightId === act.basedOn && !n.mortgage);
      if (!purchase) throw new RuleError('RIGHT_NOT_FOUND', `No effective purchase advance notice ${act.basedOn} on unit ${unit.unitNumber} for the mortgage notice to rest on`, { field: 'targetRightId' });
      if (!sameSet(purchase.holders, act.mortgagors)) {
        throw new RuleError('NOT_RIGHT_HOLDER', `Only the buyers holding advance notice ${act.basedOn} may mortgage the home they bought (细则 78)`, { field: 'applicants' });
      }
      checkNotices(unit, act.mortgagors, act, 'mortgage advance notice');
      checkObjections(unit, act.riskUndertaking);
      break;
    }
    case 'NOTICE':
      if (unit.notices.length > 0) {
        throw new RuleError('NOTICE_EXISTS', `Unit ${unit.unitNumber} already has an effective advance notice`);
      }
      checkObjections(unit, act.riskUndertaking);
      checkNoTransferMortgages(unit, act.consents);
      if (unit.filedContract && !sameSet(unit.filedContract.buyers, act.holders)) {
        throw new RuleError('NOTICE_HOLDER_NOT_BUYER', 'An advance notice may only name the buyers of the filed sale contract');
      }
      break;
    case 'CONTRACT':
      if (unit.filedContract) {
        throw new RuleError('CONTRACT_ALREADY_FILED', `Unit ${unit.unitNumber} already has filed contract ${unit.filedContract.contractId}`);
      }
      // An advance notice does not block signing: its own filed contract already does, and a sale to
      // anyone else is refused at registration unless the holder consents (Civil Code 221; 细则 85).
      if (unit.ownership) requireOwners(unit, act.sellers);
      else if (!act.developer || !sameSet([act.developer], act.sellers)) {
        throw new RuleError('NOT_REGISTERED_OWNER', 'A presale contract must be signed by the project developer', { field: 'sellers' });
      }
      break;
    case 'OBJECTION': {
      const fp = reasonFingerprint(act.reason);
      const repeated =
        unit.objections.some((o) => o.applicant === act.applicant && reasonFingerprint(o.reason) === fp) ||
        unit.lapsedObjections.some((o) => o.applicant === act.applicant && o.reasonHash === fp);
      if (repeated) {
        throw new RuleError('OBJECTION_REPEATED', 'The same applicant has already raised an objection for the same reason');
      }
      break;
    }
    case 'MORTGAGE_CANCELLATION':
      if (!unit.mortgages.some((m) => m.rightId === act.rightId)) {
        throw new RuleError('RIGHT_NOT_FOUND', `No active mortgage ${act.rightId} on unit ${unit.unitNumber}`, { field: 'targetRightId' });
      }
      break;
    // Granting a residence right and giving up the ownership dispose of the right as a transfer or a mortgage does.
    case 'RESIDENCE':
      checkDisposal(unit, act.owners, act.holders, act, 'residence right');
      break;
    case 'CANCELLATION':
      checkDisposal(unit, act.owners, [], act, 'cancellation');
      break;
    case 'CHANGE':
    case 'CORRECTION':
      requireOwners(unit, act.owners);
      break;
    case 'REGISTRY_CORRECTION':
      checkRegistryCorrection(unit, act.after);
      break;
    // On the holder's own request (细则 89; the objector's for an objection): neither a seizure nor
    // a case in flight stands in the way, since nothing of the owner's right is disposed of.
    case 'NOTICE_CANCELLATION': {
      const notice = unit.notices.find((n) => n.rightId === act.rightId);
      if (!notice) throw new RuleError('RIGHT_NOT_FOUND', `No effective advance notice ${act.rightId} on unit ${unit.unitNumber}`, { field: 'targetRightId' });
      if (!notice.holders.every((h) => act.applicants.includes(h))) {
        throw new RuleError('NOT_RIGHT_HOLDER', `Every holder of advance notice ${act.rightId} must apply to cancel it`, { field: 'applicants' });
      }
      // A mortgage notice rests on the purchase notice: giving that up disposes of the mortgagee's expectancy (细则 85).
      const resting = unit.notices.find((n) => n.mortgage?.basedOn === act.rightId && !hasConsent(act.consents, n.rightId));
      if (resting) {
        throw new RuleError('NOTICE_HOLDER_CONSENT_REQUIRED', `Mortgage advance notice ${resting.rightId} rests on ${act.rightId}; cancelling it needs the mortgagee's written consent (细则 85)`, { field: 'consents' });
      }
      break;
    }
    // The mortgage follows the secured claim (Civil Code 407): assignor and assignee apply together
    // (细则 69). The owner's right is not disposed of, so a seizure does not stand in the way.
    case 'MORTGAGE_TRANSFER': {
      const mortgage = unit.mortgages.find((m) => m.rightId === act.rightId);
      if (!mortgage) throw new RuleError('RIGHT_NOT_FOUND', `No active mortgage ${act.rightId} on unit ${unit.unitNumber}`, { field: 'targetRightId' });
      if (!act.applicants.includes(mortgage.creditor) || !act.applicants.includes(act.newCreditor)) {
        throw new RuleError('NOT_RIGHT_HOLDER', 'The mortgagee and the assignee of the secured claim must apply together', { field: 'applicants' });
      }
      break;
    }
    case 'MORTGAGE_CHANGE':
      checkMortgageChange(unit, act);
      break;
    case 'OBJECTION_CANCELLATION': {
      const objection = unit.objections.find((o) => o.rightId === act.rightId);
      if (!objection) throw new RuleError('OBJECTION_NOT_FOUND', `No effective objection ${act.rightId} on unit ${unit.unitNumber}`, { field: 'targetRightId' });
      if (!act.applicants.includes(objection.applicant)) {
        throw new RuleError('NOT_RIGHT_HOLDER', `Only the applicant of objection ${act.rightId} may ask for its cancellation`, { field: 'applicants' });
      }
      break;
    }
    case 'FIRST':
    case 'SEIZURE':
      break;
  }
}

/**
 * Whether the registry may correct an ownership entry of the unit on its own authority, given the
 * book entries registered after the wrong one: refused CORRECTION_BARRED naming the first that bars it.
 */
export function checkRegistryCorrection(unit: Unit, after: ReadonlyArray<Pick<BookEntry, 'kind' | 'ref'>>): void {
  if (!unit.ownership) throw new RuleError('NOT_FIRST_REGISTERED', `Unit ${unit.unitNumber} has no registered owner`);
  const bar = after.find((e) => BARS_REGISTRY_CORRECTION.has(e.kind));
  if (bar) {
    throw new RuleError('CORRECTION_BARRED', `${bar.kind} ${bar.ref} was registered on unit ${unit.unitNumber} after the wrong entry: the registry may not correct it on its own authority (细则 81); the party may apply for a correction or sue`);
  }
}

/**
 * Who applies to cancel a mortgage (reference/004 五.4): mortgagor and mortgagee together; the
 * mortgagee alone; or the mortgagor (or the unit's present owner, "抵押人等当事人") alone, whose
 * checklist then demands the court judgment or arbitral award proving the mortgage ended.
 * Anyone else is refused. Returns the checklist variant of the situation (none: both together).
 */
export function mortgageCancellationSituation(unit: Unit, rightId: string, applicants: readonly PartyRef[]): ChecklistVariant | undefined {
  const mortgage = unit.mortgages.find((m) => m.rightId === rightId);
  if (!mortgage) return undefined;
  const owners = unit.ownership?.holders.map((h) => h.party) ?? [];
  const others = applicants.filter((a) => a !== mortgage.creditor);
  if (others.some((a) => !mortgage.mortgagors.includes(a) && !owners.includes(a))) {
    throw new RuleError('NOT_RIGHT_HOLDER', 'Only the mortgagee and the mortgagor (or the present owner) may apply to cancel a mortgage', { field: 'applicants' });
  }
  if (others.length === 0) return 'MORTGAGEE_ALONE';
  return applicants.includes(mortgage.creditor) ? undefined : 'MORTGAGOR_ALONE';
}

/** The checklist a registration is held to at intake, from its terms and who applies. */
export function checklistVariant(reg: Pick<Registration, 'type' | 'mortgage' | 'targetRightId' | 'applicants'>, unit: Unit): ChecklistVariant | undefined {
  if (reg.type === 'MORTGAGE' && reg.targetRightId !== undefined) return 'CONVERSION';
  if (reg.type === 'MORTGAGE' && reg.mortgage?.maximumAmount) return 'MAXIMUM_AMOUNT';
  if (reg.type === 'MORTGAGE_CANCELLATION') return mortgageCancellationSituation(unit, reg.targetRightId ?? '', reg.applicants.map((a) => a.party));
  return undefined;
}

/** Every unit a registration covers: its own and, for a mortgage over several units, the others (一个抵押权多个不动产单元). */
export function registrationUnits(reg: Pick<Registration, 'unitNumber' | 'additionalUnits'>): string[] {
  return [reg.unitNumber, ...(reg.additionalUnits ?? [])];
}

/**
 * The other units a registration on an existing mortgage must also cover: a cancellation, a
 * transfer or a change of a mortgage over several units acts on the one right, so on every unit it burdens.
 */
export function otherUnitsOfRight(unit: Unit, type: Registration['type'], targetRightId: string | undefined): string[] | undefined {
  if (type !== 'MORTGAGE_CANCELLATION' && type !== 'MORTGAGE_TRANSFER' && type !== 'MORTGAGE_CHANGE') return undefined;
  const units = unit.mortgages.find((m) => m.rightId === targetRightId)?.units?.filter((u) => u !== unit.unitNumber);
  return units && units.length > 0 ? units : undefined;
}

/** UNIT_SEIZED naming the seizure that blocks (the active one, else the first queued), so the caller knows whom to ask. */
export function seizedRefusal(unit: Unit, consequence: string): RuleError {
  const s = activeSeizure(unit) ?? unit.seizures[0];
  const queued = unit.seizures.length - 1;
  return new RuleError(
    'UNIT_SEIZED',
    `Unit ${unit.unitNumber} is under court seizure ${s.seizureId} (case ${s.caseNumber}, ${s.court})${queued > 0 ? ` with ${queued} more queued` : ''}; ${consequence}`,
  );
}

function checkFirstRegistration(unit: Unit, act: Act): void {
  if (act.kind === 'FIRST') {
    if (unit.ownership) throw new RuleError('UNIT_ALREADY_OWNED', `Unit ${unit.unitNumber} already has a registered owner`);
    return;
  }
  if (unit.ownership) return;
  switch (act.kind) {
    case 'SEIZURE':
      return; // recorded as a pre-seizure (预查封)
    case 'CONTRACT':
      if (act.contractKind === 'COMMODITY') {
        if (!act.presalePermit) {
          throw new RuleError('PRESALE_PERMIT_REQUIRED', 'A presale contract needs the project presale permit (预售许可)');
        }
        return;
      }
      break;
    case 'NOTICE_CANCELLATION':
    case 'MORTGAGE_NOTICE':
      return; // a presale notice, and a mortgage notice on it, stand on a unit without first registration
    case 'NOTICE':
      // A presale advance notice protects the buyer of a filed commodity contract on a building-table unit.
      if (unit.filedContract && sameSet(unit.filedContract.buyers, act.holders)) return;
      break;
    default:
      break;
  }
  throw new RuleError('NOT_FIRST_REGISTERED', `Unit ${unit.unitNumber} has no first registration (细则 24)`);
}

/** Sole owner; all joint owners; or owners of at least two thirds by share. */
export function requireOwners(unit: Unit, applicants: readonly PartyRef[]): void {
  const own = unit.ownership;
  if (!own) throw new RuleError('NOT_FIRST_REGISTERED', `Unit ${unit.unitNumber} has no registered owner`);
  const present = own.holders.filter((h) => applicants.includes(h.party));
  if (present.length === 0) {
    throw new RuleError('NOT_REGISTERED_OWNER', `The applicants are not the registered owners of unit ${unit.unitNumber}`, { field: 'applicants' });
  }
  if (own.coOwnership === 'SHARES') {
    const held = present.reduce((sum, h) => sum + percentToHundredths(h.share ?? '0'), 0);
    if (3 * held < 2 * 10_000) {
      throw new RuleError('CO_OWNER_CONSENT_REQUIRED', 'Co-owners holding at least two thirds of the shares must apply');
    }
  } else if (present.length < own.holders.length) {
    throw new RuleError('CO_OWNER_CONSENT_REQUIRED', 'All joint owners must apply');
  }
}

export function percentToHundredths(share: string): number {
  const [whole, frac = ''] = share.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}

/**
 * A disposal (处分) of the right by its owners: under an advance notice it needs the holder's
 * written consent unless it benefits the holder (细则 85), under an objection the applicant's
 * written undertaking (细则 84).
 */
function checkDisposal(unit: Unit, owners: readonly PartyRef[], beneficiaries: readonly PartyRef[], act: Act & { consents: Consent[]; riskUndertaking: boolean }, what: string): void {
  requireOwners(unit, owners);
  checkNotices(unit, beneficiaries, act, what);
  checkObjections(unit, act.riskUndertaking);
}

/**
 * Whether a disposal leaves a notice's holder unharmed, so needs no consent. A purchase notice: a
 * disposal to its holders (a transfer to them converts it; a mortgage by them is their own purchase
 * loan). A mortgage notice (预抵押): the buyers' acquiring the home, which its conversion waits for,
 * and that conversion itself.
 */
function spares(notice: AdvanceNotice, beneficiaries: readonly PartyRef[], act: Act): boolean {
  if (!notice.mortgage) return notice.holders.every((h) => beneficiaries.includes(h));
  if (act.kind === 'TRANSFER') return notice.mortgage.mortgagors.every((m) => beneficiaries.includes(m));
  return act.kind === 'MORTGAGE' && act.converts === notice.rightId;
}

function checkNotices(unit: Unit, beneficiaries: readonly PartyRef[], act: Act & { consents: Consent[] }, what: string): void {
  const consents = act.consents;
  for (const notice of unit.notices) {
    if (spares(notice, beneficiaries, act)) continue;
    if (!hasConsent(consents, notice.rightId)) {
      throw new RuleError(
        'NOTICE_HOLDER_CONSENT_REQUIRED',
        `An effective advance notice (${notice.rightId}) protects another party; the ${what} needs its holder's written consent (Civil Code 221)`,
        { field: 'consents' },
      );
    }
  }
}

function checkObjections(unit: Unit, riskUndertaking: boolean): void {
  if (unit.objections.length > 0 && !riskUndertaking) {
    throw new RuleError(
      'OBJECTION_UNDERTAKING_REQUIRED',
      'An objection is registered on this unit; the application needs the applicant\'s signed risk undertaking (细则 84)',
      { field: 'riskUndertakingHash' },
    );
  }
}

function checkNoTransferMortgages(unit: Unit, consents: Consent[]): void {
  const blocking = unit.mortgages.find((m) => m.noTransfer && !hasConsent(consents, m.rightId));
  if (blocking) {
    throw new RuleError(
      'MORTGAGE_NO_TRANSFER',
      `Mortgage ${blocking.rightId} was registered with a no-transfer agreement; the mortgagee must consent or the mortgage be released first`,
      { field: 'consents' },
    );
  }
}

function checkFiledContract(unit: Unit, sellers: readonly PartyRef[], buyers: readonly PartyRef[]): void {
  const c = unit.filedContract;
  if (!c) throw new RuleError('NO_FILED_CONTRACT', `Unit ${unit.unitNumber} has no filed sale contract`);
  if (!sameSet(c.buyers, buyers) || !sellers.every((s) => c.sellers.includes(s))) {
    throw new RuleError('CONTRACT_PARTIES_MISMATCH', `The applicants do not match the parties of filed contract ${c.contractId}`, { field: 'applicants' });
  }
}

/**
 * 抵押权变更 (细则 68, cited from the 2016 text, not in the seeds): mortgagee and mortgagor (the
 * present owners) apply together. A change that can harm others (a higher amount, a later end of
 * the debt's term, another scope) needs the written consent of every later-ranked mortgagee
 * (细则 68 二款), and like a new mortgage it is a disposal under an advance notice (细则 85) or an
 * objection (细则 84). A change in the mortgagee's disfavour alone (a lower amount, an earlier end) needs neither.
 */
function checkMortgageChange(unit: Unit, act: Extract<Act, { kind: 'MORTGAGE_CHANGE' }>): void {
  const mortgage = unit.mortgages.find((m) => m.rightId === act.rightId);
  if (!mortgage) throw new RuleError('RIGHT_NOT_FOUND', `No active mortgage ${act.rightId} on unit ${unit.unitNumber}`, { field: 'targetRightId' });
  if (!act.applicants.includes(mortgage.creditor)) {
    throw new RuleError('NOT_RIGHT_HOLDER', 'The mortgagee and the mortgagor must apply together to change a mortgage', { field: 'applicants' });
  }
  requireOwners(unit, act.applicants.filter((a) => a !== mortgage.creditor));
  const range = checkDateRange(act.change.termStart ?? mortgage.termStart, act.change.termEnd ?? mortgage.termEnd);
  if (!range.ok) throw new RuleError('INVALID_INPUT', `mortgageChange.termEnd: ${range.message}`, { field: 'mortgageChange.termEnd', rule: range.rule });
  if (!prejudicesOthers(mortgage, act.change)) return;
  const later = unit.mortgages.filter((m) => m.rank > mortgage.rank && !hasConsent(act.consents, m.rightId));
  if (later.length > 0) {
    throw new RuleError(
      'LATER_MORTGAGEE_CONSENT_REQUIRED',
      `The change can harm the later-ranked mortgage${later.length > 1 ? 's' : ''} ${later.map((m) => m.rightId).join(', ')}; ${later.length > 1 ? 'their mortgagees' : 'its mortgagee'} must consent in writing (细则 68)`,
      { field: 'consents' },
    );
  }
  checkNotices(unit, [], act, 'mortgage change');
  checkObjections(unit, act.riskUndertaking);
}

/** Whether a change of terms can harm later-ranked mortgagees and other holders: more secured, for longer, or on other terms. */
export function prejudicesOthers(mortgage: Mortgage, change: MortgageChange): boolean {
  const fen = (money: string) => {
    const parsed = checkMoney(money, { allowZero: true });
    return parsed.ok ? parsed.value.fen : 0n;
  };
  return (
    (change.amount !== undefined && fen(change.amount) > fen(mortgage.amount)) ||
    (change.termEnd !== undefined && change.termEnd > mortgage.termEnd) ||
    (change.scope !== undefined && change.scope !== mortgage.scope)
  );
}

/**
 * The conversion of a mortgage notice into the mortgage (细则 78 二款: once the buyers' ownership is
 * registered they apply to turn the 预抵押 into the 抵押权首次登记): the notice must be on the unit
 * and the applicants its mortgagors, who must own the unit by now (checked as for any mortgage).
 */
function checkConversion(unit: Unit, rightId: string, mortgagors: readonly PartyRef[]): void {
  const notice = unit.notices.find((n) => n.rightId === rightId && n.mortgage);
  if (!notice?.mortgage) throw new RuleError('RIGHT_NOT_FOUND', `No effective mortgage advance notice ${rightId} on unit ${unit.unitNumber}`, { field: 'targetRightId' });
  if (!sameSet(notice.mortgage.mortgagors, mortgagors)) {
    throw new RuleError('NOT_RIGHT_HOLDER', `Only the mortgagors of mortgage advance notice ${rightId} may convert it`, { field: 'applicants' });
  }
}
