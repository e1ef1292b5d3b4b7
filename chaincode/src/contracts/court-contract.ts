import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerCommands } from '../domain/commands';
import { canonicalJson } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY } from '../domain/keys';
import type { Registration, Seizure, Unit } from '../domain/model';
import { activeSeizure, promoteNextSeizure } from '../domain/register';
import { checkAct } from '../domain/rules';
import { SEIZURE_MAX_YEARS, addYearsToDate } from '../domain/time-limits';
import { isoDateInChina } from '../domain/validators/date';
import { EstateContext } from '../ledger/estate-context';
import { EstateContract } from './estate-contract';

@Info({ title: 'Court', description: 'Court seizures (查封), queued seizures (轮候查封), lifting (解封) and renewal (续封)' })
export class CourtContract extends EstateContract {
  constructor() {
    super('Court');
  }

  /** Records a seizure at once; with one already active it joins the queue in service order. */
  @Transaction()
  @Returns('string')
  async seize(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('seizure.seize');
    const court = this.court(ctx);
    const cmd = ctx.parse(LedgerCommands.seize, input);
    const { unit, lapsed } = await ctx.unit(cmd.unitNumber);
    if (unit.seizures.some((s) => s.seizureId === cmd.seizureId)) {
      throw new RuleError('ALREADY_EXISTS', `Seizure ${cmd.seizureId} is already recorded`, { field: 'seizureId' });
    }
    checkAct(unit, { kind: 'SEIZURE' });
    const now = ctx.now;
    const endDate = this.checkedEndDate(now, cmd.endDate);
    const queued = activeSeizure(unit) !== undefined;
    const seizure: Seizure = {
      seizureId: cmd.seizureId,
      court,
      caseNumber: cmd.caseNumber,
      documentHash: cmd.documentHash,
      kind: unit.ownership ? 'SEIZURE' : 'PRE_SEIZURE',
      status: queued ? 'QUEUED' : 'ACTIVE',
      servedAt: now,
      activeFrom: queued ? undefined : now,
      endDate,
      renewals: [],
    };
    unit.seizures.push(seizure);
    const suspended = await this.suspendCaseInFlight(ctx, unit, seizure);
    await ctx.changeRegister(unit, { kind: queued ? 'SEIZURE_QUEUED' : 'SEIZURE', ref: seizure.seizureId });
    await ctx.saveUnit(unit);
    ctx.emit({
      type: 'SEIZURE_RECORDED',
      district: unit.district,
      unitNumber: unit.unitNumber,
      subject: { kind: 'seizure', id: seizure.seizureId },
      suspended,
      lapsed,
      registerVersion: unit.registerVersion,
    });
    return canonicalJson(seizure);
  }

  /** Lifts a seizure; only the seizing court may. The next queued seizure becomes active. */
  @Transaction()
  @Returns('string')
  async lift(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('seizure.lift');
    const court = this.court(ctx);
    const cmd = ctx.parse(LedgerCommands.liftSeizure, input);
    const { unit, lapsed } = await ctx.unit(cmd.unitNumber);
    const seizure = this.ownSeizure(unit, cmd.seizureId, court);
    unit.seizures = unit.seizures.filter((s) => s !== seizure);
    const promoted = seizure.status === 'ACTIVE' ? promoteNextSeizure(unit, ctx.now) : undefined;
    await ctx.changeRegister(unit, { kind: 'SEIZURE_LIFTED', ref: seizure.seizureId });
    await ctx.saveUnit(unit);
    ctx.emit({
      type: 'SEIZURE_LIFTED',
      district: unit.district,
      unitNumber: unit.unitNumber,
      subject: { kind: 'seizure', id: seizure.seizureId },
      lapsed: promoted ? [...lapsed, { kind: 'SEIZURE', id: promoted.seizureId, reason: 'PROMOTED' }] : lapsed,
      registerVersion: unit.registerVersion,
    });
    return canonicalJson({ lifted: seizure.seizureId, promoted: promoted?.seizureId ?? null, documentHash: cmd.documentHash });
  }

  /** Renews (续封) a seizure for at most three years from today. */
  @Transaction()
  @Returns('string')
  async renew(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('seizure.renew');
    const court = this.court(ctx);
    const cmd = ctx.parse(LedgerCommands.renewSeizure, input);
    const { unit, lapsed } = await ctx.unit(cmd.unitNumber);
    const seizure = this.ownSeizure(unit, cmd.seizureId, court);
    const endDate = this.checkedEndDate(ctx.now, cmd.endDate);
    if (seizure.endDate && endDate <= seizure.endDate) {
      throw new RuleError('INVALID_INPUT', `endDate: a renewal must end after the current end date ${seizure.endDate}`, { field: 'endDate', rule: 'RENEWAL_NOT_LATER' });
    }
    seizure.endDate = endDate;
    seizure.renewals.push({ endDate, at: ctx.now, documentHash: cmd.documentHash });
    await ctx.changeRegister(unit, { kind: 'SEIZURE_RENEWED', ref: seizure.seizureId });
    await ctx.saveUnit(unit);
    ctx.emit({ type: 'SEIZURE_RENEWED', district: unit.district, unitNumber: unit.unitNumber, subject: { kind: 'seizure', id: seizure.seizureId }, lapsed, registerVersion: unit.registerVersion });
    return canonicalJson(seizure);
  }

  private court(ctx: EstateContext): string {
    if (!ctx.court) throw new RuleError('ACCESS_DENIED', 'The court certificate carries no court identifier attribute');
    return ctx.court;
  }

  private ownSeizure(unit: Unit, seizureId: string, court: string): Seizure {
    const seizure = unit.seizures.find((s) => s.seizureId === seizureId);
    if (!seizure) throw new RuleError('SEIZURE_NOT_FOUND', `No current seizure ${seizureId} on unit ${unit.unitNumber}`, { field: 'seizureId' });
    if (seizure.court !== court) {
      throw new RuleError('SEIZURE_NOT_BY_THIS_COURT', `Seizure ${seizureId} was ordered by ${seizure.court}; only that court may lift or renew it`);
    }
    return seizure;
  }

  private checkedEndDate(now: string, requested: string | undefined): string {
    const today = isoDateInChina(now);
    const latest = addYearsToDate(today, SEIZURE_MAX_YEARS);
    if (!requested) return latest;
    if (requested < today) throw new RuleError('INVALID_INPUT', 'endDate: must not be in the past', { field: 'endDate', rule: 'DATE_IN_PAST' });
    if (requested > latest) {
      throw new RuleError('SEIZURE_TERM_TOO_LONG', `A real-property seizure lasts at most ${SEIZURE_MAX_YEARS} years (until ${latest})`, { field: 'endDate' });
    }
    return requested;
  }

  /** A seizure arriving while a case is in flight suspends that case (中止). */
  private async suspendCaseInFlight(ctx: EstateContext, unit: Unit, seizure: Seizure): Promise<string[]> {
    if (!unit.caseInFlight) return [];
    const reg = await ctx.get<Registration>(KEY.registration, unit.caseInFlight.registrationId);
    if (!reg || reg.status === 'SUSPENDED') return [];
    reg.suspendedFrom = reg.status;
    reg.status = 'SUSPENDED';
    reg.steps.push({ status: 'SUSPENDED', actor: ctx.actor(), note: `court seizure ${seizure.seizureId} recorded (case ${seizure.caseNumber})` });
    await ctx.put(KEY.registration, [reg.registrationId], reg);
    return [reg.registrationId];
  }
}
