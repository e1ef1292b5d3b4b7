import { Info, Returns, Transaction } from 'fabric-contract-api';
import { zAnchorConfirmation, zAnchorIntent, type Anchor, type AnchorHead } from '../domain/anchors';
import { canonicalJson } from '../domain/canonical-json';
import { RuleError } from '../domain/errors';
import { KEY, seqKey } from '../domain/keys';
import { EstateContext } from '../ledger/estate-context';
import { EstateContract } from './estate-contract';

const HEAD: AnchorHead = { nextFromBlock: 0, pendingFromBlock: null };

@Info({ title: 'Anchor', description: "Anchors of the ledger's block hashes on a public EVM chain: intended range first, then the chain's receipt" })
export class AnchorContract extends EstateContract {
  constructor() {
    super('Anchor');
  }

  /**
   * Records the chain transaction about to be sent for the next range. The range must start where
   * the last one ended. While a range is pending, only the same range and root may be intended
   * again, with a new chain transaction replacing one whose nonce another transaction took.
   */
  @Transaction()
  @Returns('string')
  async intend(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('anchor.record');
    const cmd = ctx.parse(zAnchorIntent, input);
    const head = (await ctx.get<AnchorHead>(KEY.anchorHead, 'ledger')) ?? HEAD;
    let replaced: string[] = [];
    if (head.pendingFromBlock !== null) {
      const pending = await this.anchorAt(ctx, head.pendingFromBlock);
      if (pending.fromBlock !== cmd.fromBlock || pending.toBlock !== cmd.toBlock || pending.root !== cmd.root || pending.chainId !== cmd.chainId) {
        throw new RuleError('ANCHOR_PENDING', `Blocks ${pending.fromBlock}-${pending.toBlock} wait for their chain receipt (${pending.txHash})`, { field: 'fromBlock' });
      }
      if (pending.txHash === cmd.txHash) return canonicalJson(pending);
      replaced = [...pending.replacedTxHashes, pending.txHash];
    } else if (cmd.fromBlock !== head.nextFromBlock) {
      throw new RuleError('ANCHOR_RANGE', `The next anchor starts at block ${head.nextFromBlock}`, { field: 'fromBlock', rule: 'CONTIGUOUS' });
    }
    const anchor: Anchor = { ...cmd, status: 'PENDING', replacedTxHashes: replaced, intendedBy: ctx.actor() };
    await ctx.put(KEY.anchor, [seqKey(cmd.fromBlock)], anchor);
    await ctx.put(KEY.anchorHead, ['ledger'], { nextFromBlock: cmd.toBlock + 1, pendingFromBlock: cmd.fromBlock } satisfies AnchorHead);
    ctx.emit({ type: 'ANCHOR_INTENDED', subject: { kind: 'anchor', id: String(cmd.fromBlock) } });
    return canonicalJson(anchor);
  }

  /** Records the chain's receipt of the pending anchor's transaction. */
  @Transaction()
  @Returns('string')
  async confirm(ctx: EstateContext, input: string): Promise<string> {
    ctx.authorise('anchor.record');
    const cmd = ctx.parse(zAnchorConfirmation, input);
    const anchor = await this.anchorAt(ctx, cmd.fromBlock);
    if (anchor.status === 'CONFIRMED') throw new RuleError('INVALID_STATE', `The anchor of block ${cmd.fromBlock} is already confirmed`, { field: 'fromBlock' });
    if (anchor.txHash !== cmd.txHash) throw new RuleError('INVALID_INPUT', `The anchor of block ${cmd.fromBlock} was sent as ${anchor.txHash}`, { field: 'txHash', rule: 'INTENDED_TX' });
    const confirmed: Anchor = { ...anchor, status: 'CONFIRMED', chainBlockNumber: cmd.chainBlockNumber, chainBlockHash: cmd.chainBlockHash, chainTime: cmd.chainTime, confirmedBy: ctx.actor() };
    await ctx.put(KEY.anchor, [seqKey(cmd.fromBlock)], confirmed);
    await ctx.put(KEY.anchorHead, ['ledger'], { nextFromBlock: anchor.toBlock + 1, pendingFromBlock: null } satisfies AnchorHead);
    ctx.emit({ type: 'ANCHOR_CONFIRMED', subject: { kind: 'anchor', id: String(cmd.fromBlock) } });
    return canonicalJson(confirmed);
  }

  /** Where the next anchor starts and the pending anchor, if any. */
  @Transaction(false)
  @Returns('string')
  async head(ctx: EstateContext): Promise<string> {
    const head = (await ctx.get<AnchorHead>(KEY.anchorHead, 'ledger')) ?? HEAD;
    const pending = head.pendingFromBlock === null ? null : await this.anchorAt(ctx, head.pendingFromBlock);
    return canonicalJson({ ...head, pending });
  }

  private async anchorAt(ctx: EstateContext, fromBlock: number): Promise<Anchor> {
    const anchor = await ctx.get<Anchor>(KEY.anchor, seqKey(fromBlock));
    if (!anchor) throw new RuleError('ANCHOR_NOT_FOUND', `No anchor starts at block ${fromBlock}`, { field: 'fromBlock' });
    return anchor;
  }
}
