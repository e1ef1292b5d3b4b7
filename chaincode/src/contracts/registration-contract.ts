import { Info, Returns, Transaction } from 'fabric-contract-api';
import { isContractParty, LedgerCommands } from '../domain/commands';
import { canonicalJson } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY } from '../domain/keys';
import { CERTIFICATE_OF, checkMaterials, REQUIRED_FIELDS } from '../domain/materials';
import type { Application, BookEntry, MortgageTerms, Registration, RegistrationStatus, RegistryCorrection, SaleContract, TaxRecord, Unit } from '../domain/model';
import { reasonFingerprint } from '../domain/register';
import { checkAct, checklistVariant, checkRegistryCorrection, locksUnit, mortgageCancellationSituation, otherUnitsOfRight, registrationUnits, seizedRefusal, type Act } from '../domain/rules';
import { ANNOUNCEMENT_WORKING_DAYS, checkPeriodEnded, CORRECTION_NOTICE_WORKING_DAYS } from '../domain/time-limits';
import { DEFAULT_WORKING_CALENDAR } from '../domain/working-calendar';
import { EstateContext } from '../ledger/estate-context';
import { issueCertificate, queueForNumbering } from '../ledger/certificates';
import { applicantParties } from '../ledger/contract-parties';
import { applyRecording, residenceHolders } from '../ledger/recording';
import { checkSameDistrict } from '../ledger/registration-units';
import { EstateContract } from './estate-contract';

const BEFORE_RECORDING: ReadonlySet<RegistrationStatus> = new Set(['APPLIED', 'ACCEPTED', 'NEEDS_SUPPLEMENT', 'REVIEWED', 'SUSPENDED']);

type Lapsed = Array<{ kind: string; id: string; reason: string }>;

@Info({ title: 'Registration', description: 'Registrations (登记) through accept, review, record (登簿), certify and issue; objections (异议)' })
export class RegistrationContract extends EstateContract {
  constructor() {
    super('Registration');
  }

  @Transaction()
  @Returns('string')
  async apply(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.apply');
    const cmd = ctx.parse(LedgerCommands.applyRegistration, input);
    await this.refuseExisting(ctx, cmd.registrationId);
    // A mortgage naming a mortgage notice (targetRightId) converts it and takes its terms (细则 78 二款).
    const converting = cmd.type === 'MORTGAGE' && cmd.targetRightId !== undefined;
    if (converting && cmd.mortgage) {
      throw new RuleError('INVALID_INPUT', `mortgage: a conversion takes the terms of mortgage advance notice ${cmd.targetRightId}; send none`, { field: 'mortgage', rule: 'TERMS_FROM_NOTICE' });
    }
    for (const field of REQUIRED_FIELDS[cmd.type]) {
      if (cmd[field] === undefined && !(converting && field === 'mortgage')) {
        throw new RuleError('INVALID_INPUT', `${field}: required for a ${cmd.type} registration`, { field, rule: 'REQUIRED_FOR_TYPE' });
      }
    }
    const { unit, lapsed } = await ctx.unit(cmd.unitNumber);
    const additionalUnits = cmd.additionalUnits ?? otherUnitsOfRight(unit, cmd.type, cmd.targetRightId);
    await checkSameDistrict(ctx, unit, cmd.additionalUnits ?? []);
    const parties = await applicantParties(ctx, cmd, !cmd.applicants || cmd.applicants.some((a) => isContractParty(a.party)));
    const applicants = cmd.applicants
      ? cmd.applicants.map((h, i) => ({ party: parties.resolve(h.party, `applicants.${i}.party`), share: h.share }))
      : parties.contractParties();
    const actor = ctx.actor();
    const reg: Registration = {
      registrationId: cmd.registrationId,
      type: cmd.type,
      unitNumber: unit.unitNumber,
      ...(additionalUnits && { additionalUnits }),
      district: unit.district,
      status: 'APPLIED',
      applicants,
      coOwnership: cmd.coOwnership ?? (applicants.length === 1 ? 'SOLE' : 'JOINT'),
      contractId: cmd.contractId,
      taxId: cmd.taxId,
      mortgage: converting ? noticeTerms(unit, cmd.targetRightId) : cmd.mortgage && { ...cmd.mortgage, creditor: parties.resolve(cmd.mortgage.creditor, 'mortgage.creditor') },
      notice: cmd.type === 'NOTICE' ? { contractId: cmd.contractId } : undefined,
      targetRightId: cmd.targetRightId,
      newCreditor: cmd.newCreditor && parties.resolve(cmd.newCreditor, 'newCreditor'),
      mortgageChange: cmd.mortgageChange,
      change: cmd.change,
      residence: cmd.residence && { until: cmd.residence.until, holders: cmd.residence.holders?.map((h, i) => parties.resolve(h, `residence.holders.${i}`)) },
      riskUndertakingHash: cmd.riskUndertakingHash,
      consents: cmd.consents,
      documents: cmd.documents,
      applicationId: cmd.applicationId,
      channel: cmd.channel,
      steps: [{ status: 'APPLIED', actor }],
      appliedAt: actor.at,
    };
    if (cmd.applicationId) {
      const app = await ctx.mustGet<Application>(KEY.application, cmd.applicationId, 'applicationId');
      if (app.status !== 'OPEN') throw new RuleError('INVALID_STATE', `Application ${app.applicationId} is ${app.status}`);
      if (app.unitNumber !== unit.unitNumber) {
        throw new RuleError('INVALID_INPUT', `unitNumber: application ${app.applicationId} is for unit ${app.unitNumber}`, { field: 'unitNumber', rule: 'APPLICATION_UNIT' });
      }
      if ((app.additionalUnits ?? []).join() !== (cmd.additionalUnits ?? []).join()) {
        throw new RuleError('INVALID_INPUT', `additionalUnits: application ${app.applicationId} is for units ${registrationUnits(app).join(', ')}`, { field: 'additionalUnits', rule: 'APPLICATION_UNIT' });
      }
      app.registrationIds.push(reg.registrationId);
      await ctx.put(KEY.application, [app.applicationId], app);
    }
    if (reg.type === 'RESIDENCE' && residenceHolders(reg, unit).length === 0) {
      throw new RuleError('INVALID_INPUT', 'residence.holders: name the residence-right holder (居住权人), who is not the owner granting it', { field: 'residence.holders', rule: 'REQUIRED_FOR_TYPE' });
    }
    await ctx.put(KEY.registration, [reg.registrationId], reg);
    if (lapsed.length > 0) await ctx.saveUnit(unit);
    return this.step(ctx, reg, lapsed);
  }

  /** Intake (受理): materials complete and every blocking rule passes; takes the unit's case lock. */
  @Transaction()
  @Returns('string')
  async accept(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.accept');
    const reg = await this.inStatus(ctx, input, ['APPLIED']);
    const materials = [...reg.documents];
    if (reg.applicationId) materials.push(...(await ctx.mustGet<Application>(KEY.application, reg.applicationId)).materials);
    const { units } = await this.units(ctx, reg);
    checkMaterials(reg.type, materials, 'documents', checklistVariant(reg, units[0]));
    await this.checkRules(ctx, reg, units);
    for (const unit of units) {
      if (locksUnit(reg.type)) unit.caseInFlight = { registrationId: reg.registrationId, type: reg.type };
      await ctx.saveUnit(unit);
    }
    return this.advance(ctx, reg, 'ACCEPTED');
  }

  @Transaction()
  @Returns('string')
  async notAccept(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.accept');
    const reg = await this.inStatus(ctx, input, ['APPLIED', 'NEEDS_SUPPLEMENT']);
    return this.advance(ctx, reg, 'NOT_ACCEPTED', this.note(ctx, input));
  }

  /** Asks for missing materials at once (一次性告知); the case returns to intake when supplied. */
  @Transaction()
  @Returns('string')
  async requestSupplement(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.accept');
    const cmd = ctx.parse(LedgerCommands.requestSupplement, input);
    const reg = await this.load(ctx, cmd.registrationId, ['APPLIED', 'ACCEPTED']);
    await this.releaseCase(ctx, reg);
    if (cmd.missing) reg.awaitedMaterials = [...new Set(cmd.missing)];
    return this.advance(ctx, reg, 'NEEDS_SUPPLEMENT', cmd.note);
  }

  @Transaction()
  @Returns('string')
  async supplement(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.supplement');
    const cmd = ctx.parse(LedgerCommands.supplement, input);
    const reg = await this.load(ctx, cmd.registrationId, ['NEEDS_SUPPLEMENT']);
    const supplied = new Set(cmd.documents.map((d) => d.type));
    const still = (reg.awaitedMaterials ?? []).filter((t) => !supplied.has(t));
    if (still.length > 0) throw new RuleError('MATERIALS_INCOMPLETE', `documents: still missing ${still.join(', ')}`, { field: 'documents' });
    reg.documents.push(...cmd.documents);
    delete reg.awaitedMaterials;
    return this.advance(ctx, reg, 'APPLIED');
  }

  /** Review (审核): approval re-checks every rule; refusal (不予登记) needs a reason and releases the unit. */
  @Transaction()
  @Returns('string')
  async review(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.review');
    const cmd = ctx.parse(LedgerCommands.review, input);
    const { type } = await ctx.mustGet<Registration>(KEY.registration, cmd.registrationId, 'registrationId');
    // A registry correction is approved after its announcement; the registry may drop its finding at any time before.
    const from: RegistrationStatus[] = type !== 'REGISTRY_CORRECTION' ? ['ACCEPTED'] : cmd.decision === 'REFUSE' ? ['NOTIFIED', 'ANNOUNCED'] : ['ANNOUNCED'];
    const reg = await this.load(ctx, cmd.registrationId, from);
    if (cmd.decision === 'REFUSE') {
      if (!cmd.note) throw new RuleError('INVALID_INPUT', 'note: a refusal must state its reason', { field: 'note', rule: 'REASON_REQUIRED' });
      await this.releaseCase(ctx, reg);
      return this.advance(ctx, reg, 'REFUSED', cmd.note);
    }
    if (reg.registryCorrection?.announcedAt) {
      checkPeriodEnded('The announcement runs at least 15 working days (细则 17)', reg.registryCorrection.announcedAt, ANNOUNCEMENT_WORKING_DAYS, ctx.now, DEFAULT_WORKING_CALENDAR);
    }
    const { units, lapsed } = await this.units(ctx, reg);
    await this.checkRules(ctx, reg, units);
    // The registry's own correction takes the unit's case lock only now (its intake is the review).
    if (reg.type === 'REGISTRY_CORRECTION') for (const unit of units) unit.caseInFlight = { registrationId: reg.registrationId, type: reg.type };
    if (lapsed.length > 0 || reg.type === 'REGISTRY_CORRECTION') for (const unit of units) await ctx.saveUnit(unit);
    return this.advance(ctx, reg, 'REVIEWED', cmd.note);
  }

  /** Recording (登簿): the rules are checked again and the right arises now (Civil Code 214). */
  @Transaction()
  @Returns('string')
  async record(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.record');
    const reg = await this.inStatus(ctx, input, ['REVIEWED']);
    const { units, lapsed } = await this.units(ctx, reg);
    const { contract, tax } = await this.checkRules(ctx, reg, units);
    // One right on every unit, recorded in one transaction: all of them or none.
    for (const unit of units) {
      await applyRecording(ctx, reg, unit, contract, tax);
      if (unit.caseInFlight?.registrationId === reg.registrationId) delete unit.caseInFlight;
      await ctx.saveUnit(unit);
    }
    reg.recordedAt = ctx.now;
    reg.registerVersion = units[0].registerVersion;
    return this.advance(ctx, reg, 'RECORDED', undefined, lapsed);
  }

  /** 缮证: fixes what the certificate states and queues it for its office's numbering step (Certificate:number). */
  @Transaction()
  @Returns('string')
  async certify(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.certify');
    const reg = await this.inStatus(ctx, input, ['RECORDED']);
    const { unit, lapsed } = await ctx.unit(reg.unitNumber);
    await queueForNumbering(ctx, reg, unit);
    if (lapsed.length > 0) await ctx.saveUnit(unit);
    return this.advance(ctx, reg, 'CERTIFIED', undefined, lapsed);
  }

  /** 发证: the certificate becomes VALID; the one it replaces names it as successor. */
  @Transaction()
  @Returns('string')
  async issue(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.issue');
    const reg = await this.inStatus(ctx, input, ['CERTIFIED']);
    const { unit, lapsed } = await ctx.unit(reg.unitNumber);
    await issueCertificate(ctx, reg, unit);
    if (lapsed.length > 0) await ctx.saveUnit(unit);
    return this.advance(ctx, reg, 'ISSUED', undefined, lapsed);
  }

  /**
   * 依职权更正 (细则 81): the registrar found an entry of the register wrong and notified the party,
   * who has 30 working days to apply for the correction. The case has no applicants and takes no
   * lock until review: the party's own CORRECTION goes ahead and, once recorded, closes this case.
   */
  @Transaction()
  @Returns('string')
  async startRegistryCorrection(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registryCorrection.start');
    const cmd = ctx.parse(LedgerCommands.startRegistryCorrection, input);
    await this.refuseExisting(ctx, cmd.registrationId);
    const { unit, lapsed } = await ctx.unit(cmd.unitNumber);
    const entry = await ctx.mustGet<Registration>(KEY.registration, cmd.entryRegistrationId, 'entryRegistrationId');
    if (entry.unitNumber !== unit.unitNumber || entry.registerVersion === undefined || CERTIFICATE_OF[entry.type] !== 'TITLE') {
      throw new RuleError('INVALID_INPUT', `entryRegistrationId: registration ${entry.registrationId} recorded no ownership entry of unit ${unit.unitNumber}`, { field: 'entryRegistrationId', rule: 'NOT_AN_OWNERSHIP_ENTRY' });
    }
    if (unit.registryCorrection) throw new RuleError('INVALID_STATE', `Unit ${unit.unitNumber} already has registry correction ${unit.registryCorrection} open`);
    checkRegistryCorrection(unit, await this.bookAfter(ctx, unit.unitNumber, entry.registerVersion));
    const actor = ctx.actor();
    const reg: Registration = {
      registrationId: cmd.registrationId,
      type: 'REGISTRY_CORRECTION',
      unitNumber: unit.unitNumber,
      district: unit.district,
      status: 'NOTIFIED',
      applicants: [],
      change: cmd.change,
      registryCorrection: {
        entryRegistrationId: entry.registrationId,
        entryVersion: entry.registerVersion,
        noticeHash: cmd.noticeHash,
        notifiedAt: actor.at,
        announceFrom: DEFAULT_WORKING_CALENDAR.addWorkingDays(actor.at, CORRECTION_NOTICE_WORKING_DAYS),
      },
      consents: [],
      documents: [],
      steps: [{ status: 'NOTIFIED', actor, note: cmd.change.reason }],
      appliedAt: actor.at,
    };
    unit.registryCorrection = reg.registrationId;
    await ctx.put(KEY.registration, [reg.registrationId], reg);
    await ctx.saveUnit(unit);
    return this.step(ctx, reg, lapsed);
  }

  /**
   * The party did not apply within 30 working days of the notice: the registry announces the
   * correction (公告, 细则 17), refused earlier on the working calendar the chaincode ships with.
   */
  @Transaction()
  @Returns('string')
  async announceRegistryCorrection(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registryCorrection.announce');
    const cmd = ctx.parse(LedgerCommands.announceRegistryCorrection, input);
    const reg = await this.load(ctx, cmd.registrationId, ['NOTIFIED']);
    const found = reg.registryCorrection as RegistryCorrection;
    checkPeriodEnded('The party has 30 working days from the notice to apply for the correction (细则 81)', found.notifiedAt, CORRECTION_NOTICE_WORKING_DAYS, ctx.now, DEFAULT_WORKING_CALENDAR);
    const { unit, lapsed } = await ctx.unit(reg.unitNumber);
    checkRegistryCorrection(unit, await this.bookAfter(ctx, unit.unitNumber, found.entryVersion));
    if (lapsed.length > 0) await ctx.saveUnit(unit);
    reg.registryCorrection = {
      ...found,
      announcementHash: cmd.announcementHash,
      announcedAt: ctx.now,
      reviewFrom: DEFAULT_WORKING_CALENDAR.addWorkingDays(ctx.now, ANNOUNCEMENT_WORKING_DAYS),
    };
    return this.advance(ctx, reg, 'ANNOUNCED', undefined, lapsed);
  }

  @Transaction()
  @Returns('string')
  async withdraw(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.withdraw');
    const reg = await this.inStatus(ctx, input, [...BEFORE_RECORDING]);
    if (reg.type === 'REGISTRY_CORRECTION') throw new RuleError('INVALID_STATE', `Registration ${reg.registrationId} is the registry's own correction: the reviewer refuses it`);
    await this.releaseCase(ctx, reg);
    return this.advance(ctx, reg, 'WITHDRAWN', this.note(ctx, input));
  }

  /** Resumes a case suspended by a seizure once the unit is free again. */
  @Transaction()
  @Returns('string')
  async resume(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registration.resume');
    const reg = await this.inStatus(ctx, input, ['SUSPENDED']);
    const { units, lapsed } = await this.units(ctx, reg);
    const seized = units.find((u) => u.seizures.length > 0);
    if (seized) throw seizedRefusal(seized, 'the case stays suspended until the seizure is lifted');
    if (lapsed.length > 0) for (const unit of units) await ctx.saveUnit(unit);
    const previous = reg.suspendedFrom ?? 'ACCEPTED';
    delete reg.suspendedFrom;
    return this.advance(ctx, reg, previous, this.note(ctx, input));
  }

  /** An objection (异议, Civil Code 220) is recorded at once, outside the step flow. */
  @Transaction()
  @Returns('string')
  async recordObjection(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('objection.record');
    const cmd = ctx.parse(LedgerCommands.recordObjection, input);
    const party = await ctx.transientParties();
    const { unit, lapsed } = await ctx.unit(cmd.unitNumber);
    const applicant = party(cmd.applicant);
    if (unit.objections.some((o) => o.rightId === cmd.objectionId)) {
      throw new RuleError('ALREADY_EXISTS', `Objection ${cmd.objectionId} is already recorded`, { field: 'objectionId' });
    }
    checkAct(unit, { kind: 'OBJECTION', applicant, reason: cmd.reason });
    unit.objections.push({ rightId: cmd.objectionId, applicant, reason: cmd.reason, recordedAt: ctx.now, lawsuitFiled: false, recordedBy: ctx.actor() });
    await ctx.changeRegister(unit, { kind: 'OBJECTION', ref: cmd.objectionId });
    await ctx.saveUnit(unit);
    ctx.emit({ type: 'OBJECTION_RECORDED', district: unit.district, unitNumber: unit.unitNumber, subject: { kind: 'objection', id: cmd.objectionId }, lapsed, registerVersion: unit.registerVersion });
    return canonicalJson({ objectionId: cmd.objectionId, reasonFingerprint: reasonFingerprint(cmd.reason), registerVersion: unit.registerVersion });
  }

  /** A lawsuit filed within 15 days keeps the objection effective. */
  @Transaction()
  @Returns('string')
  async fileObjectionLawsuit(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('objection.lawsuit');
    const cmd = ctx.parse(LedgerCommands.fileObjectionLawsuit, input);
    const { unit, lapsed } = await ctx.unit(cmd.unitNumber);
    const objection = unit.objections.find((o) => o.rightId === cmd.objectionId);
    if (!objection) throw new RuleError('OBJECTION_NOT_FOUND', `No effective objection ${cmd.objectionId} on unit ${unit.unitNumber}`, { field: 'objectionId' });
    objection.lawsuitFiled = true;
    objection.lawsuitDocHash = cmd.documentHash;
    await ctx.saveUnit(unit);
    ctx.emit({ type: 'OBJECTION_LAWSUIT_FILED', district: unit.district, unitNumber: unit.unitNumber, subject: { kind: 'objection', id: cmd.objectionId }, lapsed });
    return canonicalJson(objection);
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: EstateContext, registrationId: string): Promise<string> {
    return canonicalJson(await ctx.mustGet<Registration>(KEY.registration, registrationId));
  }

  /**
   * The blocking rules for this registration against each unit's current register. A refusal on
   * one of a mortgage's other units refuses the whole registration, naming that unit.
   */
  private async checkRules(ctx: EstateContext, reg: Registration, units: Unit[]): Promise<{ contract?: SaleContract; tax?: TaxRecord }> {
    const found = await this.checkUnitRules(ctx, reg, units[0]);
    for (const [i, unit] of units.slice(1).entries()) {
      try {
        await this.checkUnitRules(ctx, reg, unit);
      } catch (err) {
        if (!(err instanceof RuleError)) throw err;
        const message = err.body.message.includes(unit.unitNumber) ? err.body.message : `Unit ${unit.unitNumber}: ${err.body.message}`;
        throw new RuleError(err.code, message, { field: err.body.field ?? `additionalUnits.${i}`, rule: err.body.rule });
      }
    }
    return found;
  }

  private async checkUnitRules(ctx: EstateContext, reg: Registration, unit: Unit): Promise<{ contract?: SaleContract; tax?: TaxRecord }> {
    let contract: SaleContract | undefined;
    let tax: TaxRecord | undefined;
    if (reg.type === 'TRANSFER') {
      contract = await ctx.mustGet<SaleContract>(KEY.contract, reg.contractId ?? '', 'contractId');
      if (contract.status !== 'FILED' || contract.unitNumber !== unit.unitNumber) {
        throw new RuleError('NO_FILED_CONTRACT', `No filed sale contract ${reg.contractId} for unit ${unit.unitNumber}`, { field: 'contractId' });
      }
      const applicants = reg.applicants.map((a) => a.party);
      if (![...contract.sellers, ...contract.buyers].every((p) => applicants.includes(p.party))) {
        throw new RuleError('CONTRACT_PARTIES_MISMATCH', `Every seller and buyer of contract ${contract.contractId} must apply`, { field: 'applicants' });
      }
      tax = await ctx.mustGet<TaxRecord>(KEY.tax, reg.taxId ?? '', 'taxId');
      // Before the contract check: a used clearance names another (consumed) contract, and reusing it is the fault to report.
      if (tax.consumedBy && tax.consumedBy !== reg.registrationId) {
        throw new RuleError('TAX_CLEARANCE_CONSUMED', `Tax clearance ${tax.taxId} was already used by registration ${tax.consumedBy}; a new sale needs its own clearance`, { field: 'taxId' });
      }
      if (tax.contractId !== contract.contractId || (tax.status !== 'CLEARED' && tax.status !== 'EXEMPT')) {
        throw new RuleError('TAX_NOT_CLEARED', `No tax clearance or exemption for contract ${contract.contractId} (契税法 11)`, { field: 'taxId' });
      }
    }
    if (reg.type === 'MORTGAGE_CANCELLATION') mortgageCancellationSituation(unit, reg.targetRightId ?? '', reg.applicants.map((a) => a.party));
    const after = reg.registryCorrection ? await this.bookAfter(ctx, unit.unitNumber, reg.registryCorrection.entryVersion) : [];
    checkAct(unit, this.act(reg, unit, contract?.sellers.map((s) => s.party) ?? [], contract?.buyers.map((b) => b.party) ?? [], after), {
      ownCase: reg.registrationId,
    });
    return { contract, tax };
  }

  private async refuseExisting(ctx: EstateContext, registrationId: string): Promise<void> {
    if (await ctx.get<Registration>(KEY.registration, registrationId)) {
      throw new RuleError('ALREADY_EXISTS', `Registration ${registrationId} already exists`, { field: 'registrationId' });
    }
  }

  /** The unit's book entries registered after register version `version`. */
  private async bookAfter(ctx: EstateContext, unitNumber: string, version: number): Promise<BookEntry[]> {
    return (await ctx.book(unitNumber)).filter((e) => e.registerVersion > version);
  }

  private act(reg: Registration, unit: Unit, sellers: string[], buyers: string[], after: BookEntry[]): Act {
    const applicants = reg.applicants.map((a) => a.party);
    const riskUndertaking = reg.riskUndertakingHash !== undefined;
    switch (reg.type) {
      case 'FIRST':
        return { kind: 'FIRST' };
      case 'TRANSFER':
        return { kind: 'TRANSFER', sellers, buyers, consents: reg.consents, riskUndertaking };
      case 'MORTGAGE':
        return { kind: 'MORTGAGE', mortgagors: applicants, consents: reg.consents, riskUndertaking, converts: reg.targetRightId };
      case 'NOTICE':
        return { kind: 'NOTICE', holders: applicants, consents: reg.consents, riskUndertaking };
      case 'MORTGAGE_CANCELLATION':
        return { kind: 'MORTGAGE_CANCELLATION', rightId: reg.targetRightId ?? '' };
      case 'RESIDENCE':
        return { kind: 'RESIDENCE', owners: unit.ownership ? applicants : [], holders: residenceHolders(reg, unit), consents: reg.consents, riskUndertaking };
      case 'CANCELLATION':
        return { kind: 'CANCELLATION', owners: unit.ownership ? applicants : [], consents: reg.consents, riskUndertaking };
      case 'CHANGE':
      case 'CORRECTION':
        return { kind: reg.type, owners: unit.ownership ? applicants : [] };
      case 'NOTICE_CANCELLATION':
        return { kind: reg.type, rightId: reg.targetRightId ?? '', applicants, consents: reg.consents };
      case 'OBJECTION_CANCELLATION':
        return { kind: reg.type, rightId: reg.targetRightId ?? '', applicants };
      case 'MORTGAGE_NOTICE':
        return { kind: 'MORTGAGE_NOTICE', basedOn: reg.targetRightId ?? '', mortgagors: applicants, consents: reg.consents, riskUndertaking };
      case 'MORTGAGE_TRANSFER':
        return { kind: 'MORTGAGE_TRANSFER', rightId: reg.targetRightId ?? '', applicants, newCreditor: reg.newCreditor ?? '' };
      case 'MORTGAGE_CHANGE':
        return { kind: 'MORTGAGE_CHANGE', rightId: reg.targetRightId ?? '', applicants, change: reg.mortgageChange ?? { reason: '' }, consents: reg.consents, riskUndertaking };
      case 'REGISTRY_CORRECTION':
        return { kind: 'REGISTRY_CORRECTION', after };
    }
  }

  private note(ctx: EstateContext, input: string): string | undefined {
    return ctx.parse(LedgerCommands.registrationStep, input).note;
  }

  private async inStatus(ctx: EstateContext, input: string, from: RegistrationStatus[]): Promise<Registration> {
    return this.load(ctx, ctx.parse(LedgerCommands.registrationStep, input).registrationId, from);
  }

  private async load(ctx: EstateContext, registrationId: string, from: RegistrationStatus[]): Promise<Registration> {
    const reg = await ctx.mustGet<Registration>(KEY.registration, registrationId, 'registrationId');
    if (!from.includes(reg.status)) {
      // A case a seizure suspended names that seizure: the caller needs the court, not the state machine.
      if (reg.status === 'SUSPENDED') {
        const { units } = await this.units(ctx, reg);
        const seized = units.find((u) => u.seizures.length > 0);
        if (seized) throw seizedRefusal(seized, `registration ${registrationId} is suspended until the seizure is lifted`);
      }
      throw new RuleError('INVALID_STATE', `Registration ${registrationId} is ${reg.status}; expected ${from.join(' or ')}`);
    }
    return reg;
  }

  private async releaseCase(ctx: EstateContext, reg: Registration): Promise<void> {
    for (const unit of (await this.units(ctx, reg)).units) {
      if (unit.caseInFlight?.registrationId === reg.registrationId) delete unit.caseInFlight;
      if (unit.registryCorrection === reg.registrationId) delete unit.registryCorrection;
      await ctx.saveUnit(unit);
    }
  }

  /** The units the registration covers, in order (its own first), each with lapses due now applied. */
  private async units(ctx: EstateContext, reg: Registration): Promise<{ units: Unit[]; lapsed: Lapsed }> {
    const units: Unit[] = [];
    const lapsed: Lapsed = [];
    for (const unitNumber of registrationUnits(reg)) {
      const loaded = await ctx.unit(unitNumber);
      units.push(loaded.unit);
      lapsed.push(...loaded.lapsed);
    }
    return { units, lapsed };
  }

  private async advance(
    ctx: EstateContext,
    reg: Registration,
    status: RegistrationStatus,
    note?: string,
    lapsed: Lapsed = [],
  ): Promise<string> {
    reg.status = status;
    reg.steps.push({ status, actor: ctx.actor(), note });
    await ctx.put(KEY.registration, [reg.registrationId], reg);
    if (reg.applicationId && isConcluded(reg)) await this.completeApplication(ctx, reg);
    return this.step(ctx, reg, lapsed);
  }

  /** A one-window application is complete once every registration it started is concluded. */
  private async completeApplication(ctx: EstateContext, reg: Registration): Promise<void> {
    const app = await ctx.get<Application>(KEY.application, reg.applicationId as string);
    if (!app || app.status !== 'OPEN') return;
    for (const id of app.registrationIds) {
      const other = id === reg.registrationId ? reg : await ctx.get<Registration>(KEY.registration, id);
      if (!other || !isConcluded(other)) return;
    }
    app.status = 'COMPLETED';
    await ctx.put(KEY.application, [app.applicationId], app);
  }

  private step(ctx: EstateContext, reg: Registration, lapsed: Lapsed): string {
    ctx.emit({
      type: 'REGISTRATION_STEP',
      district: reg.district,
      unitNumber: reg.unitNumber,
      applicationId: reg.applicationId,
      subject: { kind: 'registration', id: reg.registrationId },
      registration: { type: reg.type, status: reg.status },
      registerVersion: reg.registerVersion,
      lapsed: lapsed.length > 0 ? lapsed : undefined,
    });
    return canonicalJson(reg);
  }
}

/** Issued, or recorded when the type issues no certificate: nothing is left to do for the case. */
function isConcluded(reg: Registration): boolean {
  return reg.status === 'ISSUED' || (reg.status === 'RECORDED' && !CERTIFICATE_OF[reg.type]);
}

/** The terms of the mortgage notice a conversion names: refused when it is not on the unit. */
function noticeTerms(unit: Unit, rightId: string | undefined): MortgageTerms {
  const notice = unit.notices.find((n) => n.rightId === rightId && n.mortgage);
  if (!notice?.mortgage) throw new RuleError('RIGHT_NOT_FOUND', `No effective mortgage advance notice ${rightId} on unit ${unit.unitNumber}`, { field: 'targetRightId' });
  return notice.mortgage.terms;
}
