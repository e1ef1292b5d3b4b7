import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerCommands } from '../domain/commands';
import { canonicalJson } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY } from '../domain/keys';
import type { Household, Project, RegistryUnit, Unit } from '../domain/model';
import { EstateContext } from '../ledger/estate-context';
import { hasLedgerHistory } from '../domain/migration';
import { EstateContract } from './estate-contract';

@Info({ title: 'BuildingTable', description: 'Building tables (楼盘表) published by Housing; unit numbers linked (挂接) by Registry' })
export class BuildingTableContract extends EstateContract {
  constructor() {
    super('BuildingTable');
  }

  /** Publishes a project with its buildings and households; a household already published is refused. */
  @Transaction()
  @Returns('string')
  async publishProject(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('building.publish');
    const cmd = ctx.parse(LedgerCommands.publishProject, input);
    const party = await ctx.transientParties();
    if (await ctx.get<Project>(KEY.project, cmd.projectId)) {
      throw new RuleError('ALREADY_EXISTS', `Project ${cmd.projectId} is already published`, { field: 'projectId' });
    }
    const actor = ctx.actor();
    const seen = new Set<string>();
    for (const b of cmd.buildings) {
      for (const h of b.households) {
        if (seen.has(h.houseCode) || (await ctx.get<Household>(KEY.household, h.houseCode))) {
          throw new RuleError('ALREADY_EXISTS', `House code ${h.houseCode} is already in a building table`, { field: 'houseCode' });
        }
        seen.add(h.houseCode);
        const household: Household = { ...h, projectId: cmd.projectId, buildingId: b.buildingId, district: cmd.district, publishedBy: actor };
        await ctx.put(KEY.household, [h.houseCode], household);
      }
    }
    const project: Project = {
      projectId: cmd.projectId,
      name: cmd.name,
      district: cmd.district,
      developer: party(cmd.developer),
      presalePermit: cmd.presalePermit,
      buildings: cmd.buildings.map((b) => ({
        buildingId: b.buildingId,
        name: b.name,
        floors: new Set(b.households.map((h) => h.floor)).size,
        households: b.households.length,
      })),
      publishedBy: actor,
    };
    await ctx.put(KEY.project, [cmd.projectId], project);
    await ctx.holdInDistrict(cmd.district, 'project', cmd.projectId);
    ctx.emit({ type: 'PROJECT_PUBLISHED', district: cmd.district, subject: { kind: 'project', id: cmd.projectId } });
    return canonicalJson(project);
  }

  /** Assigns a unit number to a published household and creates the unit's register (挂接). */
  @Transaction()
  @Returns('string')
  async linkUnit(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('unit.link');
    const cmd = ctx.parse(LedgerCommands.linkUnit, input);
    const household = await ctx.get<Household>(KEY.household, cmd.houseCode);
    if (!household) throw new RuleError('HOUSEHOLD_NOT_FOUND', `House code ${cmd.houseCode} is not in a published building table`, { field: 'houseCode' });
    if (household.unitNumber) {
      throw new RuleError('HOUSE_ALREADY_LINKED', `House code ${cmd.houseCode} is already linked to unit ${household.unitNumber}`, { field: 'houseCode' });
    }
    if (!cmd.unitNumber.startsWith(household.district)) {
      throw new RuleError('INVALID_INPUT', `unitNumber: must start with the household's county code ${household.district}`, { field: 'unitNumber', rule: 'UNIT_NUMBER_DISTRICT' });
    }
    if (await ctx.get<Unit>(KEY.unit, cmd.unitNumber)) {
      throw new RuleError('ALREADY_EXISTS', `Unit number ${cmd.unitNumber} is already assigned`, { field: 'unitNumber' });
    }
    const actor = ctx.actor();
    const fixture = cmd.unitNumber.slice(20);
    const unit: Unit = {
      unitNumber: cmd.unitNumber,
      houseCode: household.houseCode,
      projectId: household.projectId,
      district: household.district,
      location: household.location,
      use: household.use,
      structure: household.structure,
      areas: household.areas,
      floor: household.floor,
      building: fixture.slice(0, 4),
      room: household.room,
      registerVersion: 0,
      mortgages: [],
      notices: [],
      objections: [],
      residence: [],
      seizures: [],
      lapsedObjections: [],
      linkedBy: actor,
    };
    await ctx.saveUnit(unit);
    await ctx.holdInDistrict(unit.district, 'unit', unit.unitNumber);
    await ctx.put(KEY.household, [household.houseCode], { ...household, unitNumber: cmd.unitNumber, linkedBy: actor });
    ctx.emit({ type: 'UNIT_LINKED', district: unit.district, unitNumber: unit.unitNumber, subject: { kind: 'unit', id: unit.unitNumber } });
    return canonicalJson(unit);
  }

  /**
   * Declares units of the registry's register awaiting linkage (挂接): their descriptions as the
   * register holds them, for the linker to match against the building tables. A unit already
   * linked is refused; declaring an unlinked unit again replaces its description (a corrected export).
   */
  @Transaction()
  @Returns('string')
  async declareRegistryUnits(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('registry.declareUnits');
    const cmd = ctx.parse(LedgerCommands.declareRegistryUnits, input);
    const actor = ctx.actor();
    for (const [i, u] of cmd.units.entries()) {
      if (await ctx.get<Unit>(KEY.unit, u.unitNumber)) {
        throw new RuleError('ALREADY_EXISTS', `units.${i}.unitNumber: unit ${u.unitNumber} is already linked to a house code`, { field: `units.${i}.unitNumber` });
      }
      const declared: RegistryUnit = { ...u, district: cmd.district, declaredBy: actor };
      await ctx.put(KEY.registryUnit, [u.unitNumber], declared);
      await ctx.holdInDistrict(cmd.district, 'registryUnit', u.unitNumber);
    }
    ctx.emit({ type: 'REGISTRY_UNITS_DECLARED', district: cmd.district, subject: { kind: 'district', id: cmd.district } });
    return canonicalJson({ district: cmd.district, declared: cmd.units.length });
  }

  /** Undoes a wrong link (挂接) while the unit's register is still empty: the unit goes, the household is free again. */
  @Transaction()
  @Returns('string')
  async unlinkUnit(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('unit.relink');
    const cmd = ctx.parse(LedgerCommands.unlinkUnit, input);
    const household = await ctx.mustGet<Household>(KEY.household, cmd.houseCode, 'houseCode');
    if (!household.unitNumber) throw new RuleError('INVALID_STATE', `House code ${cmd.houseCode} is not linked to a unit`, { field: 'houseCode' });
    const unit = await ctx.storedUnit(household.unitNumber);
    if (hasLedgerHistory(unit)) {
      throw new RuleError('UNIT_HAS_HISTORY', `Unit ${unit.unitNumber} has a register on the ledger (version ${unit.registerVersion}); relink it to the right household instead`, { field: 'houseCode' });
    }
    const actor = ctx.actor();
    await ctx.ledger.deleteState(ctx.key(KEY.unit, unit.unitNumber));
    await ctx.holdInDistrict(unit.district, 'unit', unit.unitNumber, false);
    await ctx.put(KEY.household, [household.houseCode], this.unlinked(household, 'UNLINKED', cmd.reason, actor));
    ctx.emit({ type: 'UNIT_UNLINKED', district: unit.district, unitNumber: unit.unitNumber, subject: { kind: 'household', id: household.houseCode } });
    return canonicalJson({ houseCode: household.houseCode, unitNumber: unit.unitNumber, reason: cmd.reason });
  }

  /**
   * Moves a unit's link to another household of a published building table. A unit whose register
   * is still empty takes the new household's description; one with a register keeps it (a change
   * of what the register states is a correction registration).
   */
  @Transaction()
  @Returns('string')
  async relinkUnit(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('unit.relink');
    const cmd = ctx.parse(LedgerCommands.relinkUnit, input);
    const unit = await ctx.storedUnit(cmd.unitNumber);
    if (unit.houseCode === cmd.houseCode) throw new RuleError('INVALID_STATE', `Unit ${unit.unitNumber} is already linked to ${cmd.houseCode}`, { field: 'houseCode' });
    const target = await ctx.mustGet<Household>(KEY.household, cmd.houseCode, 'houseCode');
    if (target.unitNumber) throw new RuleError('HOUSE_ALREADY_LINKED', `House code ${cmd.houseCode} is already linked to unit ${target.unitNumber}`, { field: 'houseCode' });
    if (target.district !== unit.district) {
      throw new RuleError('INVALID_INPUT', `houseCode: household ${cmd.houseCode} is in district ${target.district}, unit ${unit.unitNumber} in ${unit.district}`, { field: 'houseCode', rule: 'UNIT_NUMBER_DISTRICT' });
    }
    const actor = ctx.actor();
    const previous = await ctx.get<Household>(KEY.household, unit.houseCode);
    if (previous) await ctx.put(KEY.household, [previous.houseCode], this.unlinked(previous, 'RELINKED_AWAY', cmd.reason, actor));
    const describe = !hasLedgerHistory(unit);
    const relinked: Unit = {
      ...unit,
      houseCode: target.houseCode,
      projectId: target.projectId,
      ...(describe && { location: target.location, use: target.use, structure: target.structure, areas: target.areas, floor: target.floor, room: target.room }),
      linkedBy: actor,
    };
    await ctx.saveUnit(relinked);
    const change = { change: 'RELINKED_HERE' as const, unitNumber: unit.unitNumber, reason: cmd.reason, actor };
    await ctx.put(KEY.household, [target.houseCode], { ...target, unitNumber: unit.unitNumber, linkedBy: actor, linkChanges: [...(target.linkChanges ?? []), change] });
    ctx.emit({ type: 'UNIT_RELINKED', district: unit.district, unitNumber: unit.unitNumber, subject: { kind: 'household', id: target.houseCode } });
    return canonicalJson(relinked);
  }

  private unlinked(household: Household, change: 'UNLINKED' | 'RELINKED_AWAY', reason: string, actor: Household['publishedBy']): Household {
    const rest = { ...household };
    delete rest.unitNumber;
    delete rest.linkedBy;
    return { ...rest, linkChanges: [...(household.linkChanges ?? []), { change, unitNumber: household.unitNumber as string, reason, actor }] };
  }
}
