import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerCommands } from '../domain/commands';
import { canonicalJson } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY } from '../domain/keys';
import { checkMaterials } from '../domain/materials';
import type { Application, Registration, Unit } from '../domain/model';
import { applicantParties } from '../ledger/contract-parties';
import { checkSameDistrict } from '../ledger/registration-units';
import { registrationUnits } from '../domain/rules';
import { EstateContext } from '../ledger/estate-context';
import { EstateContract } from './estate-contract';

/** The registry gateway's identity for applicants' online filings. */
const ONLINE_INTAKE = 'intake';

const WITHDRAWABLE = new Set(['APPLIED', 'ACCEPTED', 'NEEDS_SUPPLEMENT', 'REVIEWED', 'SUSPENDED']);

@Info({ title: 'Application', description: 'One-window applications (一窗受理): materials and the cases they bundle' })
export class ApplicationContract extends EstateContract {
  constructor() {
    super('Application');
  }

  @Transaction()
  @Returns('string')
  async create(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('application.create');
    const cmd = ctx.parse(LedgerCommands.createApplication, input);
    // The online intake acts only for a named applicant (a clerk may name one too, for a channel's paper filing).
    if (ctx.role === ONLINE_INTAKE && !cmd.filedBy) {
      throw new RuleError('INVALID_INPUT', 'filedBy: the online intake files only for a named applicant', { field: 'filedBy', rule: 'REQUIRED_FOR_ONLINE_INTAKE' });
    }
    if (await ctx.get<Application>(KEY.application, cmd.applicationId)) {
      throw new RuleError('ALREADY_EXISTS', `Application ${cmd.applicationId} already exists`, { field: 'applicationId' });
    }
    const unit = await ctx.storedUnit(cmd.unitNumber);
    await checkSameDistrict(ctx, unit, cmd.additionalUnits ?? []);
    // Refused at intake rather than committed and refused at acceptance (一次性告知); who applies
    // and on what terms is known only with the registration, so any complete checklist will do.
    checkMaterials(cmd.businessType, cmd.materials, 'materials', 'ANY');
    const parties = await applicantParties(ctx, cmd, cmd.contractId !== undefined);
    const app: Application = {
      applicationId: cmd.applicationId,
      businessType: cmd.businessType,
      unitNumber: cmd.unitNumber,
      ...(cmd.additionalUnits && { additionalUnits: cmd.additionalUnits }),
      district: unit.district,
      channel: cmd.channel,
      applicants: cmd.applicants
        ? cmd.applicants.map((slot, i) => parties.resolve(slot, `applicants.${i}`))
        : parties.contractParties().map((h) => h.party),
      materials: cmd.materials,
      contractId: cmd.contractId,
      registrationIds: [],
      status: 'OPEN',
      createdBy: ctx.actor(),
      ...(cmd.filedBy && { filedBy: cmd.filedBy }),
    };
    await ctx.put(KEY.application, [app.applicationId], app);
    ctx.emit({ type: 'APPLICATION_CREATED', district: app.district, unitNumber: app.unitNumber, applicationId: app.applicationId, subject: { kind: 'application', id: app.applicationId } });
    return canonicalJson(app);
  }

  @Transaction()
  @Returns('string')
  async attach(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('application.attach');
    const cmd = ctx.parse(LedgerCommands.attachMaterials, input);
    const app = await this.open(ctx, cmd.applicationId);
    app.materials.push(...cmd.materials);
    await ctx.put(KEY.application, [app.applicationId], app);
    ctx.emit({ type: 'APPLICATION_UPDATED', district: app.district, unitNumber: app.unitNumber, applicationId: app.applicationId, subject: { kind: 'application', id: app.applicationId } });
    return canonicalJson(app);
  }

  /** 撤件: withdraws the application and every case of it not yet recorded. */
  @Transaction()
  @Returns('string')
  async withdraw(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('application.withdraw');
    const cmd = ctx.parse(LedgerCommands.withdrawApplication, input);
    const app = await this.open(ctx, cmd.applicationId);
    const actor = ctx.actor();
    const units = new Map<string, Unit>();
    for (const unitNumber of registrationUnits(app)) units.set(unitNumber, await ctx.mustGet<Unit>(KEY.unit, unitNumber));
    const changed = new Set<Unit>();
    for (const id of app.registrationIds) {
      const reg = await ctx.mustGet<Registration>(KEY.registration, id);
      if (!WITHDRAWABLE.has(reg.status)) continue;
      reg.status = 'WITHDRAWN';
      reg.steps.push({ status: 'WITHDRAWN', actor, note: cmd.reason });
      await ctx.put(KEY.registration, [id], reg);
      for (const unitNumber of registrationUnits(reg)) {
        const unit = units.get(unitNumber) ?? (await ctx.mustGet<Unit>(KEY.unit, unitNumber));
        units.set(unitNumber, unit);
        if (unit.caseInFlight?.registrationId === id) {
          delete unit.caseInFlight;
          changed.add(unit);
        }
      }
    }
    for (const unit of changed) await ctx.saveUnit(unit);
    app.status = 'WITHDRAWN';
    app.withdrawnAt = actor.at;
    await ctx.put(KEY.application, [app.applicationId], app);
    ctx.emit({ type: 'APPLICATION_WITHDRAWN', district: app.district, unitNumber: app.unitNumber, applicationId: app.applicationId, subject: { kind: 'application', id: app.applicationId } });
    return canonicalJson(app);
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: EstateContext, applicationId: string): Promise<string> {
    return canonicalJson(await ctx.mustGet<Application>(KEY.application, applicationId));
  }

  private async open(ctx: EstateContext, applicationId: string): Promise<Application> {
    const app = await ctx.mustGet<Application>(KEY.application, applicationId, 'applicationId');
    if (ctx.role === ONLINE_INTAKE && !app.filedBy) throw new RuleError('ACCESS_DENIED', `Application ${applicationId} was filed at the counter: the online intake may not change it`);
    if (app.status !== 'OPEN') throw new RuleError('INVALID_STATE', `Application ${applicationId} is ${app.status}`);
    return app;
  }
}
