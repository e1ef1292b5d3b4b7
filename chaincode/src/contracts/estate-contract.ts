import { Contract } from 'fabric-contract-api';
import { EstateContext } from '../ledger/estate-context';

/** Base of every contract: one context type with the typed ledger helpers. */
export abstract class EstateContract extends Contract {
  override createContext(): EstateContext {
    return new EstateContext();
  }

  /** Every transaction, before anything is read: its timestamp must agree with this endorser's clock. */
  override async beforeTransaction(ctx: EstateContext): Promise<void> {
    ctx.checkTimestamp();
  }
}
