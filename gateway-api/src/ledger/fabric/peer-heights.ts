import type { Network } from '@hyperledger/fabric-gateway';
import { EventEmitter, once } from 'node:events';

/**
 * The committed height of every peer, followed from each peer's filtered block events (a few
 * bytes a block) rather than asked for: a submission can then wait until the other agencies'
 * peers have its block without a query per peer per submission. A peer whose stream is broken
 * (stopped, unreachable) counts as unknown and is not waited for until it streams again.
 */
export class PeerHeights {
  private readonly heights: Array<number | undefined>;
  private readonly changed = new EventEmitter();
  private readonly stop = new AbortController();
  private started = false;

  constructor(
    private readonly peerCount: number,
    /** A channel view through peer `i`, and that peer's current height. */
    private readonly peer: (i: number) => { network: Network; height: () => Promise<number> },
    private readonly retryMs = 1_000,
  ) {
    this.heights = new Array<number | undefined>(peerCount).fill(undefined);
    this.changed.setMaxListeners(0);
  }

  /** Resolves when every peer that streams has committed `blockNumber`, or after `timeoutMs`. */
  async reached(blockNumber: number, timeoutMs: number): Promise<void> {
    this.start();
    const until = Date.now() + timeoutMs;
    while (this.heights.some((h) => h !== undefined && h <= blockNumber)) {
      const left = until - Date.now();
      if (left <= 0) return;
      await once(this.changed, 'height', { signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(left)]) }).catch(() => undefined);
      if (this.stop.signal.aborted) return;
    }
  }

  close(): void {
    this.stop.abort();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < this.peerCount; i++) void this.follow(i);
  }

  private set(i: number, height: number | undefined): void {
    this.heights[i] = height;
    this.changed.emit('height');
  }

  private async follow(i: number): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        const { network, height } = this.peer(i);
        const from = await height();
        this.set(i, from);
        const events = await network.getFilteredBlockEvents({ startBlock: BigInt(from) });
        const close = () => events.close();
        this.stop.signal.addEventListener('abort', close, { once: true });
        try {
          for await (const block of events) this.set(i, Number(block.getNumber()) + 1);
        } finally {
          this.stop.signal.removeEventListener('abort', close);
          events.close();
        }
      } catch {
        this.set(i, undefined);
      }
      if (!this.stop.signal.aborted) await new Promise((r) => setTimeout(r, this.retryMs));
    }
  }
}
