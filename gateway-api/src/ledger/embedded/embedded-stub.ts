import { createHash } from 'node:crypto';
import type { EndorserClock, LedgerIterator, LedgerStub } from '@estate-ledger/chaincode';
import { createCompositeKey, splitCompositeKey } from '../composite-key';
import type { LedgerStore, Version } from './ledger-store';

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export interface ReadWriteSet {
  reads: Array<{ key: string; version: Version | null }>;
  ranges: Array<{ prefix: string; results: Array<{ key: string; version: Version }> }>;
  writes: Array<{ key: string; isDelete: boolean; value?: string }>;
  privateWrites: Array<{ collection: string; keyHash: string; valueHash: string; isDelete: boolean }>;
}

function iterator<T>(items: T[]): LedgerIterator<T> {
  let i = 0;
  return {
    next: async () => (i < items.length ? { value: items[i++], done: false } : { value: undefined as unknown as T, done: true }),
    close: async () => undefined,
  };
}

/**
 * The ChaincodeStub calls the contracts use, over the embedded store. Reads see committed state
 * only (as in Fabric, a transaction does not read its own writes); every read is recorded with
 * its version for MVCC validation at commit.
 */
export class EmbeddedStub implements LedgerStub, EndorserClock {
  private readonly reads = new Map<string, Version | null>();
  private readonly ranges: ReadWriteSet['ranges'] = [];
  private readonly writes = new Map<string, Buffer | null>();
  private readonly privateWrites = new Map<string, { collection: string; key: string; value: Buffer | null }>();
  event?: { name: string; payload: Buffer };

  constructor(
    private readonly store: LedgerStore,
    private readonly txId: string,
    private readonly timestamp: Date,
    private readonly transient: Map<string, Uint8Array>,
    private readonly endorserTime: Date,
  ) {}

  getTxID(): string {
    return this.txId;
  }

  getEndorserTime(): Date {
    return this.endorserTime;
  }

  getDateTimestamp(): Date {
    return this.timestamp;
  }

  getTransient(): Map<string, Uint8Array> {
    return this.transient;
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    return createCompositeKey(objectType, attributes);
  }

  splitCompositeKey(key: string): { objectType: string; attributes: string[] } {
    return splitCompositeKey(key);
  }

  async getState(key: string): Promise<Uint8Array> {
    const entry = await this.store.getState(key);
    if (!this.reads.has(key)) this.reads.set(key, entry?.version ?? null);
    return entry?.value ?? Buffer.alloc(0);
  }

  async putState(key: string, value: Uint8Array): Promise<void> {
    this.writes.set(key, Buffer.from(value));
  }

  async deleteState(key: string): Promise<void> {
    this.writes.set(key, null);
  }

  async getStateByPartialCompositeKey(objectType: string, attributes: string[]) {
    const prefix = createCompositeKey(objectType, attributes);
    const rows = await this.store.rangeByPrefix(prefix);
    this.ranges.push({ prefix, results: rows.map((r) => ({ key: r.key, version: r.version })) });
    return iterator(rows.map((r) => ({ key: r.key, value: r.value as Uint8Array })));
  }

  async getHistoryForKey(key: string) {
    const entries = await this.store.getHistory(key);
    return iterator(
      entries.map((e) => {
        const ms = Date.parse(e.timestamp);
        return {
          txId: e.txId,
          isDelete: e.isDelete,
          value: e.value === null ? new Uint8Array() : Buffer.from(e.value, 'utf8'),
          timestamp: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
        };
      }),
    );
  }

  async getPrivateData(collection: string, key: string): Promise<Uint8Array> {
    return (await this.store.getPrivate(collection, key)) ?? Buffer.alloc(0);
  }

  async putPrivateData(collection: string, key: string, value: Uint8Array): Promise<void> {
    this.privateWrites.set(`${collection}\u0000${key}`, { collection, key, value: Buffer.from(value) });
  }

  setEvent(name: string, payload: Uint8Array): void {
    this.event = { name, payload: Buffer.from(payload) };
  }

  /** The public read/write set; private values appear only as hashes (they stay out of blocks). */
  readWriteSet(): ReadWriteSet {
    const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      reads: sorted(this.reads).map(([key, version]) => ({ key, version })),
      ranges: this.ranges,
      writes: sorted(this.writes).map(([key, v]) => (v ? { key, isDelete: false, value: v.toString('utf8') } : { key, isDelete: true })),
      privateWrites: sorted(this.privateWrites).map(([, p]) => ({
        collection: p.collection,
        keyHash: sha256Hex(p.key),
        valueHash: p.value ? sha256Hex(p.value) : '',
        isDelete: p.value === null,
      })),
    };
  }

  privateData(): Array<{ collection: string; key: string; value: Buffer | null }> {
    return [...this.privateWrites.values()];
  }
}
