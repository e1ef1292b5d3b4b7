import { isContractParty, type ContractPartyRef } from '../domain/commands';
import { RuleError } from '../domain/errors';
import { KEY } from '../domain/keys';
import type { Holder, PartyRef, SaleContract } from '../domain/model';
import type { EstateContext } from './estate-context';

export interface ApplicantParties {
  /** The sale contract the command names, when it was needed. */
  contract?: SaleContract;
  /** A party slot: a key of the transient parties map, or a party of the named sale contract. */
  resolve(slot: string | ContractPartyRef, field: string): PartyRef;
  /** Every seller and buyer of the named sale contract, once each: the applicants when none are given. */
  contractParties(): Holder[];
}

/**
 * The parties of a sale are sent once, with the contract, and referred to afterwards: the contract
 * holds their references (and the private collection their identities), so a later step of the
 * case needs no names or ID numbers. `withContract` loads the named contract; the commands'
 * refinements guarantee a contractId wherever a reference or a missing applicant list needs it.
 */
export async function applicantParties(ctx: EstateContext, cmd: { contractId?: string; unitNumber: string }, withContract: boolean): Promise<ApplicantParties> {
  const party = await ctx.transientParties();
  const contract = withContract && cmd.contractId ? await ctx.mustGet<SaleContract>(KEY.contract, cmd.contractId, 'contractId') : undefined;
  if (contract && contract.unitNumber !== cmd.unitNumber) {
    throw new RuleError('INVALID_INPUT', `contractId: contract ${contract.contractId} is for unit ${contract.unitNumber}`, { field: 'contractId', rule: 'CONTRACT_UNIT' });
  }
  const named = (): SaleContract => {
    if (!contract) throw new Error('applicantParties: the contract was not loaded (withContract)');
    return contract;
  };
  return {
    contract,
    resolve: (slot, field) => {
      if (!isContractParty(slot)) return party(slot);
      const [side, index] = slot.contractParty.split(':');
      const c = named();
      const holders = side === 'seller' ? c.sellers : c.buyers;
      const holder = holders[Number(index)];
      if (!holder) {
        throw new RuleError('INVALID_INPUT', `${field}: contract ${c.contractId} has ${holders.length} ${side}(s), so no ${slot.contractParty}`, { field, rule: 'CONTRACT_PARTY' });
      }
      return holder.party;
    },
    contractParties: () => {
      const c = named();
      const once = new Map<PartyRef, Holder>();
      for (const h of [...c.sellers, ...c.buyers]) if (!once.has(h.party)) once.set(h.party, h);
      return [...once.values()];
    },
  };
}
