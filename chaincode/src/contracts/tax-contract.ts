import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerCommands } from '../domain/commands';
import { canonicalJson } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY } from '../domain/keys';
import type { SaleContract, TaxRecord } from '../domain/model';
import { checkMoney, formatFen } from '../domain/validators';
import { EstateContext } from '../ledger/estate-context';
import { EstateContract } from './estate-contract';

@Info({ title: 'Tax', description: 'Transaction tax assessment and clearance (完税) per sale contract' })
export class TaxContract extends EstateContract {
  constructor() {
    super('Tax');
  }

  @Transaction()
  @Returns('string')
  async assess(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('tax.assess');
    const cmd = ctx.parse(LedgerCommands.assessTax, input);
    if (await ctx.get<TaxRecord>(KEY.tax, cmd.taxId)) throw new RuleError('ALREADY_EXISTS', `Tax record ${cmd.taxId} already exists`, { field: 'taxId' });
    const contract = await ctx.mustGet<SaleContract>(KEY.contract, cmd.contractId, 'contractId');
    if (contract.status !== 'FILED') {
      throw new RuleError('NO_FILED_CONTRACT', `Contract ${cmd.contractId} is not a filed sale contract`, { field: 'contractId' });
    }
    const total = cmd.items.reduce((sum, item) => {
      const check = checkMoney(item.amount);
      return check.ok ? sum + check.value.fen : sum;
    }, 0n);
    const record: TaxRecord = {
      taxId: cmd.taxId,
      contractId: contract.contractId,
      unitNumber: contract.unitNumber,
      district: contract.district,
      items: cmd.items,
      total: formatFen(total),
      status: 'ASSESSED',
      assessedBy: ctx.actor(),
      applicationId: cmd.applicationId ?? contract.applicationId,
    };
    await ctx.put(KEY.tax, [record.taxId], record);
    ctx.emit({ type: 'TAX_ASSESSED', district: record.district, unitNumber: record.unitNumber, applicationId: record.applicationId, subject: { kind: 'tax', id: record.taxId } });
    return canonicalJson(record);
  }

  @Transaction()
  @Returns('string')
  async clear(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('tax.clear');
    const cmd = ctx.parse(LedgerCommands.clearTax, input);
    const record = await this.assessed(ctx, cmd.taxId);
    record.status = 'CLEARED';
    record.voucherHash = cmd.voucherHash;
    record.clearedBy = ctx.actor();
    return this.save(ctx, record);
  }

  @Transaction()
  @Returns('string')
  async exempt(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('tax.clear');
    const cmd = ctx.parse(LedgerCommands.exemptTax, input);
    const record = await this.assessed(ctx, cmd.taxId);
    record.status = 'EXEMPT';
    record.exemptionBasis = cmd.basis;
    record.clearedBy = ctx.actor();
    return this.save(ctx, record);
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: EstateContext, taxId: string): Promise<string> {
    return canonicalJson(await ctx.mustGet<TaxRecord>(KEY.tax, taxId));
  }

  private async assessed(ctx: EstateContext, taxId: string): Promise<TaxRecord> {
    const record = await ctx.mustGet<TaxRecord>(KEY.tax, taxId, 'taxId');
    if (record.status !== 'ASSESSED') throw new RuleError('INVALID_STATE', `Tax record ${taxId} is already ${record.status}`);
    return record;
  }

  private async save(ctx: EstateContext, record: TaxRecord): Promise<string> {
    await ctx.put(KEY.tax, [record.taxId], record);
    ctx.emit({ type: 'TAX_CLEARED', district: record.district, unitNumber: record.unitNumber, applicationId: record.applicationId, subject: { kind: 'tax', id: record.taxId } });
    return canonicalJson(record);
  }
}
