import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerCommands } from '../domain/commands';
import { canonicalJson } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY } from '../domain/keys';
import type { Household, Project, Unit } from '../domain/model';
import { EstateContext } from '../ledger/estate-context';
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
    await ctx.put(KEY.household, [household.houseCode], { ...household, unitNumber: cmd.unitNumber, linkedBy: actor });
    ctx.emit({ type: 'UNIT_LINKED', district: unit.district, unitNumber: unit.unitNumber, subject: { kind: 'unit', id: unit.unitNumber } });
    return canonicalJson(unit);
  }
}
