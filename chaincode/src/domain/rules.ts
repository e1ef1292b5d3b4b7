import { RuleError } from './errors';
import type { ChecklistVariant } from './materials';
import type { Consent, ContractKind, PartyRef, Registration, Unit } from './model';
import { activeSeizure, reasonFingerprint } from './register';

/**
 * The blocking rules of DESIGN §5 and research/domain.md §4.3: given the current register of a
 * unit and a requested act, refuse with the rule's code or return normally. Evaluated at intake
 * and again at recording.
 */
export type Act =
  | { kind: 'FIRST' }
  | { kind: 'TRANSFER'; sellers: PartyRef[]; buyers: PartyRef[]; consents: Consent[]; riskUndertaking: boolean }
  | { kind: 'MORTGAGE'; mortgagors: PartyRef[]; consents: Consent[]; riskUndertaking: boolean }
  | { kind: 'NOTICE'; holders: PartyRef[]; consents: Consent[]; riskUndertaking: boolean }
  | { kind: 'CONTRACT'; contractKind: ContractKind; sellers: PartyRef[]; developer?: PartyRef; presalePermit: boolean }
  | { kind: 'SEIZURE' }
  | { kind: 'OBJECTION'; applicant: PartyRef; reason: string }
  | { kind: 'MORTGAGE_CANCELLATION'; rightId: string }
  | { kind: 'NOTICE_CANCELLATION' | 'OBJECTION_CANCELLATION'; rightId: string; applicants: PartyRef[] }
  | { kind: 'MORTGAGE_TRANSFER'; rightId: string; applicants: PartyRef[]; newCreditor: PartyRef }
  | { kind: 'RESIDENCE'; owners: PartyRef[]; holders: PartyRef[]; consents: Consent[]; riskUndertaking: boolean }
  | { kind: 'CANCELLATION'; owners: PartyRef[]; consents: Consent[]; riskUndertaking: boolean }
  | { kind: 'CHANGE' | 'CORRECTION'; owners: PartyRef[] };

export type ActKind = Act['kind'];

/** Acts that take the unit's case lock: a second conflicting case is refused (serialise per unit). */
const CASE_LOCKING: ReadonlySet<ActKind> = new Set([
  'FIRST', 'TRANSFER', 'MORTGAGE', 'NOTICE', 'CHANGE', 'CORRECTION', 'CANCELLATION', 'RESIDENCE',
]);
export function locksUnit(kind: ActKind): boolean {
  return CASE_LOCKING.has(kind);
}

/** Acts an active or queued seizure blocks (Civil Code 399; 细则 90–92). */
const SEIZURE_BLOCKS: ReadonlySet<ActKind> = new Set([
  'TRANSFER', 'MORTGAGE', 'NOTICE', 'CONTRACT', 'CHANGE', 'CANCELLATION', 'RESIDENCE',
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
      checkDisposal(unit, act.mortgagors, act.mortgagors, act, 'mortgage');
      break;
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
    // On the holder's own request (细则 87; the objector's for an objection): neither a seizure nor
    // a case in flight stands in the way, since nothing of the owner's right is disposed of.
    case 'NOTICE_CANCELLATION': {
      const notice = unit.notices.find((n) => n.rightId === act.rightId);
      if (!notice) throw new RuleError('RIGHT_NOT_FOUND', `No effective advance notice ${act.rightId} on unit ${unit.unitNumber}`, { field: 'targetRightId' });
      if (!notice.holders.every((h) => act.applicants.includes(h))) {
        throw new RuleError('NOT_RIGHT_HOLDER', `Every holder of advance notice ${act.rightId} must apply to cancel it`, { field: 'applicants' });
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
  if (reg.type === 'MORTGAGE' && reg.mortgage?.maximumAmount) return 'MAXIMUM_AMOUNT';
  if (reg.type === 'MORTGAGE_CANCELLATION') return mortgageCancellationSituation(unit, reg.targetRightId ?? '', reg.applicants.map((a) => a.party));
  return undefined;
}

/** Every unit a registration covers: its own and, for a mortgage over several units, the others (一个抵押权多个不动产单元). */
export function registrationUnits(reg: Pick<Registration, 'unitNumber' | 'additionalUnits'>): string[] {
  return [reg.unitNumber, ...(reg.additionalUnits ?? [])];
}

/**
 * The other units a registration on an existing mortgage must also cover: a cancellation or a
 * transfer of a mortgage over several units acts on the one right, so on every unit it burdens.
 */
export function otherUnitsOfRight(unit: Unit, type: Registration['type'], targetRightId: string | undefined): string[] | undefined {
  if (type !== 'MORTGAGE_CANCELLATION' && type !== 'MORTGAGE_TRANSFER') return undefined;
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
      return; // a presale notice stands on a unit without first registration
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
function checkDisposal(unit: Unit, owners: readonly PartyRef[], beneficiaries: readonly PartyRef[], act: { consents: Consent[]; riskUndertaking: boolean }, what: string): void {
  requireOwners(unit, owners);
  checkNotices(unit, beneficiaries, act.consents, what);
  checkObjections(unit, act.riskUndertaking);
}

function checkNotices(unit: Unit, beneficiaries: readonly PartyRef[], consents: Consent[], what: string): void {
  for (const notice of unit.notices) {
    // A transfer to the notice holder converts the notice; a mortgage by the holder is their own purchase loan.
    if (notice.holders.every((h) => beneficiaries.includes(h))) continue;
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
