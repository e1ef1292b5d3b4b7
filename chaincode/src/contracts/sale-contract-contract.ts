import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerCommands } from '../domain/commands';
import { canonicalJson } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY } from '../domain/keys';
import type { Project, SaleContract } from '../domain/model';
import { checkAct } from '../domain/rules';
import { EstateContext } from '../ledger/estate-context';
import { EstateContract } from './estate-contract';

@Info({ title: 'SaleContract', description: 'Online-signed sale contracts (网签) and their filing (备案) by Housing' })
export class SaleContractContract extends EstateContract {
  constructor() {
    super('SaleContract');
  }

  @Transaction()
  @Returns('string')
  async sign(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('contract.sign');
    const cmd = ctx.parse(LedgerCommands.signContract, input);
    const party = await ctx.transientParties();
    if (await ctx.get<SaleContract>(KEY.contract, cmd.contractId)) {
      throw new RuleError('ALREADY_EXISTS', `Contract ${cmd.contractId} already exists`, { field: 'contractId' });
    }
    const { unit, lapsed } = await ctx.unit(cmd.unitNumber);
    const project = await ctx.mustGet<Project>(KEY.project, unit.projectId);
    const sellers = cmd.sellers.map((h) => ({ party: party(h.party), share: h.share }));
    const buyers = cmd.buyers.map((h) => ({ party: party(h.party), share: h.share }));
    checkAct(unit, {
      kind: 'CONTRACT',
      contractKind: cmd.kind,
      sellers: sellers.map((s) => s.party),
      developer: project.developer,
      presalePermit: project.presalePermit !== undefined,
    });
    const actor = ctx.actor();
    const contract: SaleContract = {
      contractId: cmd.contractId,
      kind: cmd.kind,
      unitNumber: unit.unitNumber,
      houseCode: unit.houseCode,
      district: unit.district,
      sellers,
      buyers,
      buyerCoOwnership: cmd.buyerCoOwnership,
      price: cmd.price,
      status: 'SIGNED',
      signedAt: actor.at,
      applicationId: cmd.applicationId,
      history: [{ status: 'SIGNED', actor }],
    };
    await ctx.put(KEY.contract, [contract.contractId], contract);
    if (lapsed.length > 0) await ctx.saveUnit(unit);
    ctx.emit({ type: 'CONTRACT_SIGNED', district: unit.district, unitNumber: unit.unitNumber, applicationId: cmd.applicationId, subject: { kind: 'contract', id: contract.contractId } });
    return canonicalJson(contract);
  }

  /** Files a signed contract; at most one filed contract per unit (anti 一房多卖). */
  @Transaction()
  @Returns('string')
  async file(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('contract.file');
    const cmd = ctx.parse(LedgerCommands.fileContract, input);
    const contract = await ctx.mustGet<SaleContract>(KEY.contract, cmd.contractId, 'contractId');
    if (contract.status !== 'SIGNED') throw new RuleError('INVALID_STATE', `Contract ${contract.contractId} is ${contract.status}, not SIGNED`);
    const { unit } = await ctx.unit(contract.unitNumber);
    const project = await ctx.mustGet<Project>(KEY.project, unit.projectId);
    checkAct(unit, {
      kind: 'CONTRACT',
      contractKind: contract.kind,
      sellers: contract.sellers.map((s) => s.party),
      developer: project.developer,
      presalePermit: project.presalePermit !== undefined,
    });
    const actor = ctx.actor();
    contract.status = 'FILED';
    contract.filedAt = actor.at;
    contract.history.push({ status: 'FILED', actor });
    unit.filedContract = { contractId: contract.contractId, sellers: contract.sellers.map((s) => s.party), buyers: contract.buyers.map((b) => b.party) };
    await ctx.put(KEY.contract, [contract.contractId], contract);
    await ctx.saveUnit(unit);
    ctx.emit({ type: 'CONTRACT_FILED', district: unit.district, unitNumber: unit.unitNumber, applicationId: contract.applicationId, subject: { kind: 'contract', id: contract.contractId } });
    return canonicalJson(contract);
  }

  @Transaction()
  @Returns('string')
  async cancel(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('contract.cancel');
    const cmd = ctx.parse(LedgerCommands.cancelContract, input);
    const contract = await ctx.mustGet<SaleContract>(KEY.contract, cmd.contractId, 'contractId');
    if (contract.status !== 'SIGNED' && contract.status !== 'FILED') {
      throw new RuleError('INVALID_STATE', `Contract ${contract.contractId} is ${contract.status} and cannot be cancelled`);
    }
    const { unit } = await ctx.unit(contract.unitNumber);
    if (unit.filedContract?.contractId === contract.contractId) delete unit.filedContract;
    const actor = ctx.actor();
    contract.status = 'CANCELLED';
    contract.endedAt = actor.at;
    contract.cancelReason = cmd.reason;
    contract.history.push({ status: 'CANCELLED', actor });
    await ctx.put(KEY.contract, [contract.contractId], contract);
    await ctx.saveUnit(unit);
    ctx.emit({ type: 'CONTRACT_CANCELLED', district: unit.district, unitNumber: unit.unitNumber, applicationId: contract.applicationId, subject: { kind: 'contract', id: contract.contractId } });
    return canonicalJson(contract);
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: EstateContext, contractId: string): Promise<string> {
    return canonicalJson(await ctx.mustGet<SaleContract>(KEY.contract, contractId));
  }
}
