import { Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalJson } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY } from '../domain/keys';
import type { Household, Project, Unit } from '../domain/model';
import { refreshUnit, unitFlags } from '../domain/register';
import { EstateContext } from '../ledger/estate-context';
import { EstateContract } from './estate-contract';

@Info({ title: 'Unit', description: 'Read-only views of a unit: register, book, title chain, history' })
export class UnitQueryContract extends EstateContract {
  constructor() {
    super('Unit');
  }

  /** The unit as of this transaction's time (lapses applied, not written). */
  @Transaction(false)
  @Returns('string')
  async get(ctx: EstateContext, unitNumber: string): Promise<string> {
    const unit = refreshUnit(await ctx.storedUnit(unitNumber), ctx.now, ctx.txId).unit;
    return canonicalJson({ unit, flags: unitFlags(unit) });
  }

  /** Restriction flags only: safe for the public. */
  @Transaction(false)
  @Returns('string')
  async status(ctx: EstateContext, unitNumber: string): Promise<string> {
    const unit = refreshUnit(await ctx.storedUnit(unitNumber), ctx.now, ctx.txId).unit;
    return canonicalJson({ unitNumber, registerVersion: unit.registerVersion, flags: unitFlags(unit) });
  }

  @Transaction(false)
  @Returns('string')
  async book(ctx: EstateContext, unitNumber: string): Promise<string> {
    return canonicalJson(await ctx.list(KEY.bookEntry, unitNumber));
  }

  @Transaction(false)
  @Returns('string')
  async titleChain(ctx: EstateContext, unitNumber: string): Promise<string> {
    return canonicalJson(await ctx.list(KEY.title, unitNumber));
  }

  @Transaction(false)
  @Returns('string')
  async history(ctx: EstateContext, unitNumber: string): Promise<string> {
    return canonicalJson(await ctx.history<Unit>(KEY.unit, unitNumber));
  }

  @Transaction(false)
  @Returns('string')
  async household(ctx: EstateContext, houseCode: string): Promise<string> {
    return canonicalJson(await ctx.mustGet<Household>(KEY.household, houseCode));
  }

  @Transaction(false)
  @Returns('string')
  async project(ctx: EstateContext, projectId: string): Promise<string> {
    return canonicalJson(await ctx.mustGet<Project>(KEY.project, projectId));
  }

  /** A party's name and ID number from the private collection, for staff who may see them. */
  @Transaction(false)
  @Returns('string')
  async party(ctx: EstateContext, ref: string): Promise<string> {
    ctx.authorise('party.read');
    const party = await ctx.party(ref);
    if (!party) throw new RuleError('PARTY_NOT_FOUND', `No party ${ref}`, { field: 'ref' });
    return canonicalJson(party);
  }
}
