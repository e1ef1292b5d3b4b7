import type { Logger } from 'pino';
import { canonicalJson, type Anchor, type AnchorConfirmation, type AnchorHead, type AnchorIntent } from '@estate-ledger/chaincode';
import type { CallerIdentity, LedgerPort } from '../ledger/ledger-port';
import { sleep } from '../abortable-sleep';
import { BackgroundLoop } from '../background-loop';
import type { Clock } from '../register-clock';
import type { AnchorChain } from './anchor-chain';
import { encodeAnchorPayload } from './anchor-payload';
import { readBlocks } from '../ledger/read-blocks';
import { merkleRoot } from './merkle';

export interface AnchorSchedule {
  /** Anchor once this many blocks with business transactions wait. */
  everyBlocks?: number;
  /** Anchor once this long has passed since the last anchor, if any business block waits. */
  everyMinutes?: number;
  /** Chain blocks (the receipt's included) before an anchor counts as confirmed. */
  confirmations: number;
  /** How often the loop looks. */
  pollMs: number;
  chainName: string;
}

/** What one step did. */
export type AnchorStep = 'idle' | 'sent' | 'waiting' | 'confirmed';

/** Anchors are recorded by the registry's administrator identity. */
const ANCHORER: CallerIdentity = { msp: 'RegistryMSP', role: 'admin' };

/** Blocks holding only anchor records are covered by the next anchor, but never make one due. */
const isBusiness = (fn: string) => !fn.startsWith('Anchor:');

/**
 * The registry gateway's anchoring loop. Each step either settles the one pending anchor or, when
 * one is due, starts the next. Starting records the signed chain transaction on the ledger before
 * it is broadcast; settling looks up its receipt and records it, broadcasts the same bytes again
 * while the chain has not mined them, and signs anew (same range and root) only when the nonce was
 * taken by another transaction. So a crash or an unreachable chain node at any point leaves
 * exactly one chain transaction per range: none is lost, none sent twice.
 */
export class AnchorService {
  /** Block number → hash and whether it holds business, for the range waiting to be anchored. */
  private readonly leaves = new Map<number, { hash: string; business: boolean }>();
  private lastAnchorAt: number;
  private readonly background = new BackgroundLoop((signal) => this.loop(signal));

  constructor(
    private readonly ledger: LedgerPort,
    private readonly chain: AnchorChain,
    private readonly schedule: AnchorSchedule,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.lastAnchorAt = clock.now().getTime();
  }

  start(): void {
    this.background.start();
  }

  async stop(): Promise<void> {
    await this.background.stop();
    this.chain.destroy();
  }

  async step(): Promise<AnchorStep> {
    const head = JSON.parse(await this.ledger.evaluate({ identity: ANCHORER, fn: 'Anchor:head', args: [] })) as AnchorHead & { pending: Anchor | null };
    if (head.pending) return this.settle(head.pending);
    const range = await this.dueRange(head.nextFromBlock);
    if (!range) return 'idle';
    const root = merkleRoot(range.hashes);
    await this.send({ fromBlock: range.fromBlock, toBlock: range.toBlock, root });
    this.lastAnchorAt = this.clock.now().getTime();
    return 'sent';
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.step();
      } catch (err) {
        if (signal.aborted) return;
        // An unreachable chain node or ledger: the gateway goes on committing, anchoring resumes later.
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'anchoring paused; retrying');
      }
      await sleep(this.schedule.pollMs, signal);
    }
  }

  private async send(range: { fromBlock: number; toBlock: number; root: string }): Promise<void> {
    const signed = await this.chain.sign(encodeAnchorPayload(range));
    const intent: AnchorIntent = {
      ...range, chainId: this.chain.options.chainId, chainName: this.schedule.chainName, anchorer: this.chain.address,
      nonce: signed.nonce, txHash: signed.txHash, rawTx: signed.rawTx,
    };
    await this.ledger.submit({ identity: ANCHORER, fn: 'Anchor:intend', args: [canonicalJson(intent)] });
    this.log.info({ fromBlock: range.fromBlock, toBlock: range.toBlock, txHash: signed.txHash }, 'anchor intended');
    await this.chain.broadcast(signed.rawTx);
  }

  private async settle(pending: Anchor): Promise<AnchorStep> {
    let receipt = await this.chain.receipt(pending.txHash);
    if (!receipt && (await this.chain.nonceUsed(pending.nonce))) {
      // Mined between the two calls, or the nonce went to another transaction.
      receipt = await this.chain.receipt(pending.txHash);
      if (!receipt) {
        this.log.warn({ fromBlock: pending.fromBlock, txHash: pending.txHash }, 'anchor transaction replaced: its nonce was used by another');
        await this.send(pending);
        return 'sent';
      }
    }
    if (!receipt) {
      await this.chain.broadcast(pending.rawTx);
      return 'waiting';
    }
    if (!receipt.succeeded) {
      this.log.warn({ fromBlock: pending.fromBlock, txHash: pending.txHash }, 'anchor transaction failed on chain; sending it again');
      await this.send(pending);
      return 'sent';
    }
    if (receipt.confirmations < this.schedule.confirmations) return 'waiting';
    const confirmation: AnchorConfirmation = { fromBlock: pending.fromBlock, txHash: pending.txHash, chainBlockNumber: receipt.blockNumber, chainBlockHash: receipt.blockHash, chainTime: receipt.time };
    await this.ledger.submit({ identity: ANCHORER, fn: 'Anchor:confirm', args: [canonicalJson(confirmation)] });
    this.log.info({ fromBlock: pending.fromBlock, toBlock: pending.toBlock, chainBlock: receipt.blockNumber, gasUsed: receipt.gasUsed.toString() }, 'anchor confirmed');
    return 'confirmed';
  }

  /** The range from `fromBlock` to the last committed block, when the schedule says it is due. */
  private async dueRange(fromBlock: number): Promise<{ fromBlock: number; toBlock: number; hashes: string[] } | undefined> {
    for (const n of this.leaves.keys()) if (n < fromBlock) this.leaves.delete(n);
    const toBlock = (await this.ledger.height()) - 1;
    if (toBlock < fromBlock) return undefined;
    let missing = fromBlock;
    while (this.leaves.has(missing)) missing++;
    for (const b of await readBlocks(this.ledger, missing, toBlock)) {
      this.leaves.set(b.number, { hash: b.hash, business: b.transactions.some((t) => isBusiness(t.fn)) });
    }
    const range = Array.from({ length: toBlock - fromBlock + 1 }, (_, i) => this.leaves.get(fromBlock + i));
    if (range.some((l) => !l)) return undefined;
    const business = range.filter((l) => l?.business).length;
    const { everyBlocks, everyMinutes } = this.schedule;
    const due = (everyBlocks !== undefined && business >= everyBlocks) || (everyMinutes !== undefined && business > 0 && this.clock.now().getTime() - this.lastAnchorAt >= everyMinutes * 60_000);
    return due ? { fromBlock, toBlock, hashes: range.map((l) => l?.hash ?? '') } : undefined;
  }
}
