import { RuleError } from '../domain/errors';
import { KEY, seqKey } from '../domain/keys';
import type { Certificate, Ownership, Registration, SaleContract, TaxRecord, Unit } from '../domain/model';
import type { EstateContext } from './estate-context';

/**
 * The effect of recording (登簿) each registration type on the unit's register. Called after the
 * rules were re-checked; mutates `unit` and writes the records the recording consumes or ends.
 */
export async function applyRecording(
  ctx: EstateContext,
  reg: Registration,
  unit: Unit,
  contract: SaleContract | undefined,
  tax: TaxRecord | undefined,
): Promise<void> {
  const now = ctx.now;
  const rightId = `R-${reg.registrationId}`;
  reg.rightId = rightId;

  switch (reg.type) {
    case 'FIRST': {
      unit.ownership = { rightId, holders: reg.applicants, coOwnership: reg.coOwnership ?? 'SOLE', registrationId: reg.registrationId, recordedAt: now };
      unit.firstRegisteredAt = now;
      // Final registration is now possible: presale notices start their 90 days; pre-seizures convert.
      for (const n of unit.notices) if (!n.mortgage) n.possibleFrom ??= now;
      startMortgageNotices(unit, reg.applicants.map((a) => a.party), now);
      for (const s of unit.seizures) s.kind = 'SEIZURE';
      await putTitle(ctx, unit, unit.ownership);
      break;
    }
    case 'TRANSFER': {
      if (!contract || !tax) throw new Error('transfer recorded without its contract and tax clearance');
      const previous = unit.ownership as Ownership;
      await endOwnership(ctx, unit, previous, reg, 'SUPERSEDED');
      unit.ownership = {
        rightId,
        holders: contract.buyers,
        coOwnership: contract.buyerCoOwnership,
        registrationId: reg.registrationId,
        recordedAt: now,
        predecessor: previous.rightId,
      };
      await putTitle(ctx, unit, unit.ownership);
      // A notice held by the buyers converts into the final registration.
      const buyers = contract.buyers.map((b) => b.party);
      unit.notices = unit.notices.filter((n) => n.mortgage || !n.holders.every((h) => buyers.includes(h)));
      startMortgageNotices(unit, buyers, now);
      // Mortgages stay on the unit (带押过户, Civil Code 406); consented no-transfer ones too.
      delete unit.filedContract;
      contract.status = 'CONSUMED';
      contract.consumedBy = reg.registrationId;
      contract.endedAt = now;
      contract.history.push({ status: 'CONSUMED', actor: ctx.actor() });
      await ctx.put(KEY.contract, [contract.contractId], contract);
      tax.consumedBy = reg.registrationId;
      await ctx.put(KEY.tax, [tax.taxId], tax);
      break;
    }
    case 'CHANGE':
    case 'CORRECTION':
    case 'REGISTRY_CORRECTION': {
      if (reg.type !== 'CHANGE') await closeRegistryCorrection(ctx, unit, reg);
      const change = reg.change;
      if (change?.location) unit.location = change.location;
      if (change?.use) unit.use = change.use;
      if (change?.areas) unit.areas = change.areas;
      const previous = unit.ownership as Ownership;
      await endOwnership(ctx, unit, previous, reg, 'SUPERSEDED');
      unit.ownership = { ...previous, rightId, registrationId: reg.registrationId, recordedAt: now, predecessor: previous.rightId };
      await putTitle(ctx, unit, unit.ownership);
      break;
    }
    case 'CANCELLATION': {
      await endOwnership(ctx, unit, unit.ownership as Ownership, reg, 'CANCELLED');
      delete unit.ownership;
      break;
    }
    case 'MORTGAGE': {
      const m = reg.mortgage;
      if (!m) throw new Error('mortgage recorded without its terms');
      const rank = unit.mortgages.reduce((max, x) => Math.max(max, x.rank), 0) + 1; // Civil Code 414: by registration time
      if (reg.targetRightId !== undefined) {
        // The mortgage notice becomes the mortgage (细则 78 二款); its proof gives way to this registration's.
        const notice = unit.notices.find((n) => n.rightId === reg.targetRightId && n.mortgage);
        if (!notice) throw new RuleError('RIGHT_NOT_FOUND', `No effective mortgage advance notice ${reg.targetRightId}`, { field: 'targetRightId' });
        unit.notices = unit.notices.filter((n) => n !== notice);
        await endCertificateOf(ctx, notice, 'SUPERSEDED', `mortgage advance notice converted by ${reg.registrationId}`);
      }
      const units = reg.additionalUnits ? { units: [reg.unitNumber, ...reg.additionalUnits] } : {};
      unit.mortgages.push({ rightId, mortgagors: reg.applicants.map((a) => a.party), ...m, rank, ...units, registrationId: reg.registrationId, recordedAt: now });
      break;
    }
    case 'MORTGAGE_CANCELLATION': {
      const mortgage = unit.mortgages.find((x) => x.rightId === reg.targetRightId);
      if (!mortgage) throw new RuleError('RIGHT_NOT_FOUND', `No active mortgage ${reg.targetRightId}`, { field: 'targetRightId' });
      unit.mortgages = unit.mortgages.filter((x) => x !== mortgage);
      await endCertificateOf(ctx, mortgage, 'CANCELLED', `mortgage cancelled by ${reg.registrationId}`);
      break;
    }
    case 'NOTICE': {
      unit.notices.push({
        rightId,
        holders: reg.applicants.map((a) => a.party),
        contractId: reg.notice?.contractId,
        registrationId: reg.registrationId,
        recordedAt: now,
        possibleFrom: unit.firstRegisteredAt ? now : undefined,
      });
      break;
    }
    case 'MORTGAGE_NOTICE': {
      const terms = reg.mortgage;
      const purchase = unit.notices.find((n) => n.rightId === reg.targetRightId);
      if (!terms || !purchase) throw new RuleError('RIGHT_NOT_FOUND', `No effective purchase advance notice ${reg.targetRightId}`, { field: 'targetRightId' });
      const mortgagors = reg.applicants.map((a) => a.party);
      const owners = unit.ownership?.holders.map((h) => h.party) ?? [];
      unit.notices.push({
        rightId,
        holders: [terms.creditor],
        contractId: purchase.contractId,
        mortgage: { basedOn: purchase.rightId, mortgagors, terms },
        registrationId: reg.registrationId,
        recordedAt: now,
        possibleFrom: mortgagors.every((m) => owners.includes(m)) ? now : undefined,
      });
      break;
    }
    case 'NOTICE_CANCELLATION': {
      const notice = unit.notices.find((n) => n.rightId === reg.targetRightId);
      if (!notice) throw new RuleError('RIGHT_NOT_FOUND', `No effective advance notice ${reg.targetRightId}`, { field: 'targetRightId' });
      unit.notices = unit.notices.filter((n) => n !== notice);
      await endCertificateOf(ctx, notice, 'CANCELLED', `advance notice cancelled by ${reg.registrationId}`);
      break;
    }
    case 'MORTGAGE_TRANSFER': {
      const mortgage = unit.mortgages.find((x) => x.rightId === reg.targetRightId);
      if (!mortgage || !reg.newCreditor) throw new RuleError('RIGHT_NOT_FOUND', `No active mortgage ${reg.targetRightId}`, { field: 'targetRightId' });
      // The same mortgage (rank and terms kept) under the assignee; its proof is replaced by this registration's.
      await endCertificateOf(ctx, mortgage, 'SUPERSEDED', `secured claim assigned by ${reg.registrationId}`);
      mortgage.creditor = reg.newCreditor;
      mortgage.registrationId = reg.registrationId;
      // A migrated mortgage names its old proof; from now on the proof is this registration's.
      delete mortgage.certNo;
      reg.rightId = mortgage.rightId;
      break;
    }
    case 'MORTGAGE_CHANGE': {
      const mortgage = unit.mortgages.find((x) => x.rightId === reg.targetRightId);
      if (!mortgage || !reg.mortgageChange) throw new RuleError('RIGHT_NOT_FOUND', `No active mortgage ${reg.targetRightId}`, { field: 'targetRightId' });
      // The same mortgage (right id, rank, mortgagee) on the changed terms; its proof is replaced by this registration's.
      await endCertificateOf(ctx, mortgage, 'SUPERSEDED', `mortgage changed by ${reg.registrationId}`);
      const { amount, termStart, termEnd, scope } = reg.mortgageChange;
      if (amount !== undefined) mortgage.amount = amount;
      if (termStart !== undefined) mortgage.termStart = termStart;
      if (termEnd !== undefined) mortgage.termEnd = termEnd;
      if (scope !== undefined) mortgage.scope = scope;
      mortgage.registrationId = reg.registrationId;
      delete mortgage.certNo;
      reg.rightId = mortgage.rightId;
      break;
    }
    case 'OBJECTION_CANCELLATION':
      unit.objections = unit.objections.filter((o) => o.rightId !== reg.targetRightId);
      break;
    case 'RESIDENCE': {
      unit.residence.push({ rightId, holders: residenceHolders(reg, unit), registrationId: reg.registrationId, recordedAt: now, until: reg.residence?.until });
      break;
    }
  }
  await ctx.changeRegister(unit, { kind: reg.type, ref: rightId, registrationId: reg.registrationId });
}

/**
 * A correction recorded ends the registry's own correction open on the unit: its own, or, when the
 * holder corrected the entry first (细则 81: the party applies within the notice's 30 working
 * days), the registry's case is withdrawn, naming the correction that made it moot.
 */
async function closeRegistryCorrection(ctx: EstateContext, unit: Unit, reg: Registration): Promise<void> {
  const open = unit.registryCorrection;
  if (!open) return;
  delete unit.registryCorrection;
  if (open === reg.registrationId) return;
  const registryCase = await ctx.get<Registration>(KEY.registration, open);
  if (!registryCase) return;
  registryCase.status = 'WITHDRAWN';
  registryCase.steps.push({ status: 'WITHDRAWN', actor: ctx.actor(), note: `the holder corrected the entry first: ${reg.registrationId}` });
  await ctx.put(KEY.registration, [open], registryCase);
}

/**
 * The residence-right holders: those the application names (Civil Code 367: the contract names
 * the 居住权人); without them, the applicants other than the owners who grant the right.
 */
export function residenceHolders(reg: Registration, unit: Unit): string[] {
  if (reg.residence?.holders?.length) return reg.residence.holders;
  const owners = unit.ownership?.holders.map((h) => h.party) ?? [];
  return reg.applicants.map((a) => a.party).filter((p) => !owners.includes(p));
}

/**
 * A mortgage notice can be converted once its mortgagors own the unit: from then its 90 days run
 * (Civil Code 221), as a purchase notice's run from the first registration.
 */
function startMortgageNotices(unit: Unit, owners: readonly string[], now: string): void {
  for (const n of unit.notices) if (n.mortgage && n.mortgage.mortgagors.every((m) => owners.includes(m))) n.possibleFrom ??= now;
}

/** Title chain (上下手): one record per ownership, in order. */
async function putTitle(ctx: EstateContext, unit: Unit, own: Ownership): Promise<void> {
  await ctx.put(KEY.title, [unit.unitNumber, seqKey(unit.registerVersion + 1)], { unitNumber: unit.unitNumber, ...own, endedAt: null, successor: null });
}

async function endOwnership(ctx: EstateContext, unit: Unit, own: Ownership, reg: Registration, certStatus: 'SUPERSEDED' | 'CANCELLED'): Promise<void> {
  const titles = await ctx.entries<Ownership & { unitNumber: string }>(KEY.title, unit.unitNumber);
  const title = titles.find((t) => t.value.rightId === own.rightId);
  if (title) await ctx.put(KEY.title, title.attrs, { ...title.value, endedAt: ctx.now, successor: `R-${reg.registrationId}` });
  await endCertificateOf(ctx, own, certStatus, `${reg.type.toLowerCase()} recorded by ${reg.registrationId}`);
}

/** Ends the certificate of a right: the one its registration issued, or the legacy one a migration brought in with it. */
export async function endCertificateOf(ctx: EstateContext, right: { registrationId: string; certNo?: string }, status: 'SUPERSEDED' | 'CANCELLED', reason: string): Promise<void> {
  const certNo = right.certNo ?? (await ctx.get<Registration>(KEY.registration, right.registrationId))?.certNo;
  if (!certNo) return;
  const cert = await ctx.get<Certificate>(KEY.certificate, certNo);
  if (!cert || cert.status !== 'VALID') return;
  cert.status = status;
  cert.statusReason = reason;
  cert.statusAt = ctx.now;
  await ctx.put(KEY.certificate, [cert.certNo], cert);
}
