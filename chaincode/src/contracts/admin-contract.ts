import { Info, Returns, Transaction } from 'fabric-contract-api';
import { LedgerCommands } from '../domain/commands';
import { canonicalJson } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY, PARTY_COLLECTION, PRIVATE_KEY } from '../domain/keys';
import type { LedgerConfig } from '../domain/model';
import { droppedDistricts, orphanedDistrictRefusal, type DistrictHolding } from '../domain/registry-offices';
import { EstateContext } from '../ledger/estate-context';
import { EstateContract } from './estate-contract';

@Info({ title: 'Admin', description: 'Ledger configuration by the registry administrator' })
export class AdminContract extends EstateContract {
  constructor() {
    super('Admin');
  }

  /**
   * Sets the names printed on certificate numbers and, once, the consortium secret that keys
   * party references (transient `consortiumSecret`, 64 hex characters).
   */
  @Transaction()
  @Returns('string')
  async configure(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('admin.configure');
    const cmd = ctx.parse(LedgerCommands.configure, input);
    const existing = await ctx.get<LedgerConfig>(KEY.config, 'ledger');
    const secret = ctx.ledger.getTransient().get('consortiumSecret');
    if (!existing) {
      const hex = secret ? new TextDecoder().decode(secret) : '';
      if (!/^[0-9a-f]{64}$/.test(hex)) {
        throw new RuleError('INVALID_INPUT', 'consortiumSecret: the first configuration needs a 256-bit secret as 64 lowercase hex characters', { field: 'consortiumSecret', rule: 'SECRET_FORMAT' });
      }
      await ctx.ledger.putPrivateData(PARTY_COLLECTION, PRIVATE_KEY.consortiumSecret, Buffer.from(hex));
    } else if (secret) {
      throw new RuleError('INVALID_STATE', 'The consortium secret is already set; rotating it would orphan every party reference', { field: 'consortiumSecret' });
    }
    // An office taken out of the configuration must not leave certifications in its numbering queue: nobody could number them.
    for (const gone of (existing?.offices ?? []).filter((o) => !cmd.offices.some((n) => n.code === o.code))) {
      const waiting = await ctx.list(KEY.certificateQueue, gone.code);
      if (waiting.length > 0) {
        throw new RuleError('INVALID_STATE', `Office ${gone.code} still has ${waiting.length} certification(s) awaiting numbers; number them before removing the office`, { field: 'offices' });
      }
    }
    for (const district of droppedDistricts(existing?.offices ?? [], cmd.offices)) {
      const held = await ctx.first<{ kind: DistrictHolding; id: string }>(KEY.districtHolding, district);
      if (held) throw orphanedDistrictRefusal(district, held.value);
    }
    const config: LedgerConfig = { ...cmd, configuredBy: ctx.actor() };
    await ctx.put(KEY.config, ['ledger'], config);
    ctx.emit({ type: 'LEDGER_CONFIGURED', subject: { kind: 'config', id: 'ledger' } });
    return canonicalJson(config);
  }

  @Transaction(false)
  @Returns('string')
  async getConfig(ctx: EstateContext): Promise<string> {
    return canonicalJson(await ctx.config());
  }
}
