import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { createSealingKey, PrivateDataSealer, readSealingKey } from './private-data-sealer';

/**
 * LevelDB layout of the embedded ledger. A block and every state, history, private-data and
 * index update it causes are written in one synced batch, so a crash leaves either all or none.
 * Private data (names, ID numbers, certificate documents) is sealed with AES-256-GCM under a key
 * kept beside the store (`<dir>.key`, mode 600); the directory is mode 700.
 */
export interface Version {
  block: number;
  tx: number;
}

export interface StateEntry {
  value: Buffer;
  version: Version;
}

export interface HistoryEntry {
  txId: string;
  timestamp: string;
  isDelete: boolean;
  value: string | null;
}

export interface BlockUpdates {
  number: number;
  hash: string;
  bytes: Buffer;
  state: Array<{ key: string; value: Buffer | null; version: Version }>;
  history: Array<{ key: string; version: Version; entry: HistoryEntry }>;
  privateData: Array<{ collection: string; key: string; value: Buffer | null }>;
  txIndex: Array<{ txId: string; block: number; index: number; code: string }>;
}

const MAX_RUNE = '\u{10FFFF}';
/** Key spaces within the one LevelDB. */
const P = { state: 's!', history: 'h!', block: 'b!', txIndex: 't!', privateData: 'p!', meta: 'm!' } as const;
const STATE_CACHE_LIMIT = 250_000;
const PRIVATE_CACHE_LIMIT = 50_000;
/** Set once every private-data value is sealed; a store without it predates sealing (or is new). */
const SEALED = P.meta + 'privateDataSealed';
/** The last plaintext key sealed so far, so an interrupted migration resumes where it stopped. */
const SEALED_UP_TO = P.meta + 'privateDataSealedUpTo';
/** Migrated values still have plaintext copies in older table and log files until a compaction. */
const PURGE_PENDING = P.meta + 'plaintextPurgePending';
const MIGRATION_BATCH = 10_000;

/** Another process (a running gateway, most likely) holds the store: LevelDB lets one process open it at a time. */
export class LedgerLockedError extends Error {
  constructor(
    readonly dir: string,
    /** The process holding the lock, where the system tells (Linux /proc/locks). */
    readonly pid: number | undefined,
  ) {
    super(`the ledger in ${dir} is open in another process${pid ? ` (pid ${pid})` : ''}`);
    this.name = 'LedgerLockedError';
  }
}

/** The pid holding a POSIX lock on `file`, found by its inode in /proc/locks; undefined where that is not available. */
async function lockHolder(file: string): Promise<number | undefined> {
  try {
    const { ino } = await stat(file);
    for (const line of (await readFile('/proc/locks', 'utf8')).split('\n')) {
      // "1: POSIX  ADVISORY  WRITE 2414 fe:00:9994271 0 EOF"; waiters are marked "->" and hold nothing.
      const f = line.trim().split(/\s+/);
      if (f[1] === '->' || f.length < 6) continue;
      if (f[5].split(':')[2] === String(ino)) return Number(f[4]);
    }
  } catch {
    // No /proc (not Linux) or the lock file is gone: the holder stays unknown.
  }
  return undefined;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function encodeState(value: Buffer, v: Version): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(v.block, 0);
  header.writeUInt32BE(v.tx, 4);
  return Buffer.concat([header, value]);
}

function decodeState(raw: Buffer): StateEntry {
  return { version: { block: raw.readUInt32BE(0), tx: raw.readUInt32BE(4) }, value: raw.subarray(8) };
}

/** History keys: a fixed-width digest of the state key, so no key's history prefixes another's. */
function historyPrefix(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class LedgerStore {
  private readonly db: ClassicLevel<string, Buffer>;
  private readonly cache = new Map<string, StateEntry | null>();
  /** Opened private values by store key (the consortium secret and parties are read by most transactions). */
  private readonly privateCache = new Map<string, Buffer | null>();
  /** Set by open(). */
  private sealer!: PrivateDataSealer;
  /** Bumped on every commit: a read that straddles a commit must not refill the cache. */
  private epoch = 0;
  height = 0;
  lastHash = '';

  /** The key sits outside the LevelDB directory, so a copy of that directory alone reveals no one. */
  constructor(
    private readonly dir: string,
    private readonly keyFile = `${resolve(dir)}.key`,
  ) {
    this.db = new ClassicLevel<string, Buffer>(dir, { keyEncoding: 'utf8', valueEncoding: 'buffer' });
  }

  async open(): Promise<void> {
    // 700 before LevelDB creates anything: the umask is process-wide, so the files LevelDB
    // creates later are 644, but no other user can reach them through this directory.
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    try {
      await this.db.open();
    } catch (err) {
      if ((err as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') throw new LedgerLockedError(resolve(this.dir), await lockHolder(join(this.dir, 'LOCK')));
      throw err;
    }
    const height = await this.db.get(P.meta + 'height');
    this.height = height ? Number(height.toString()) : 0;
    this.lastHash = (await this.db.get(P.meta + 'lastHash'))?.toString() ?? '';
    try {
      await this.openSealing();
    } catch (err) {
      // Release LevelDB's lock: the caller never gets a store to close.
      await this.db.close();
      throw err;
    }
    // Files of a store written by an older version (or copied in) are tightened as well.
    for (const f of await readdir(this.dir, { withFileTypes: true })) if (f.isFile()) await chmod(join(this.dir, f.name), 0o600);
  }

  /** Loads (or creates) the sealing key; an older store's plaintext private data is sealed first. */
  private async openSealing(): Promise<void> {
    const sealed = (await this.db.get(SEALED)) !== undefined;
    let key = await readSealingKey(this.keyFile);
    if (!key && sealed) {
      throw new Error(`${this.keyFile} is missing: the private data in ${this.dir} is encrypted with the key it held; restore it from the backup of the data directory`);
    }
    key ??= await createSealingKey(this.keyFile);
    this.sealer = new PrivateDataSealer(key);
    if (!sealed) await this.sealPlaintext();
    if ((await this.db.get(PURGE_PENDING)) !== undefined) {
      // LevelDB drops the overwritten plaintext versions only when it compacts the files holding them.
      await this.db.compactRange(P.privateData, P.privateData + MAX_RUNE);
      await this.db.del(PURGE_PENDING, { sync: true });
    }
  }

  /**
   * Seals every private-data value of a store written before values were sealed (or marks a new
   * one), in bounded batches that each record how far they got: a crash resumes, never seals twice.
   */
  private async sealPlaintext(): Promise<void> {
    const after = (await this.db.get(SEALED_UP_TO))?.toString();
    const range = { ...(after ? { gt: after } : { gte: P.privateData }), lt: P.privateData + MAX_RUNE };
    let batch = this.db.batch();
    let inBatch = 0;
    let migrated = false;
    // The iterator reads a snapshot: the sealed values written meanwhile are not read back.
    for await (const [k, plain] of this.db.iterator(range)) {
      batch.put(k, this.sealer.seal(k, plain));
      migrated = true;
      if (++inBatch === MIGRATION_BATCH) {
        await batch.put(SEALED_UP_TO, Buffer.from(k)).put(PURGE_PENDING, Buffer.alloc(0)).write({ sync: true });
        batch = this.db.batch();
        inBatch = 0;
      }
    }
    if (migrated) batch.put(PURGE_PENDING, Buffer.alloc(0));
    await batch.put(SEALED, Buffer.from('aes-256-gcm')).del(SEALED_UP_TO).write({ sync: true });
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  async getState(key: string): Promise<StateEntry | undefined> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const epoch = this.epoch;
    const raw = await this.db.get(P.state + key);
    const entry = raw ? decodeState(raw) : null;
    if (epoch === this.epoch) this.remember(key, entry);
    return entry ?? undefined;
  }

  /** Keys in [prefix, prefix + max rune), in key order. */
  async rangeByPrefix(prefix: string): Promise<Array<{ key: string } & StateEntry>> {
    const out: Array<{ key: string } & StateEntry> = [];
    for await (const [key, raw] of this.db.iterator({ gte: P.state + prefix, lt: P.state + prefix + MAX_RUNE })) {
      out.push({ key: key.slice(P.state.length), ...decodeState(raw) });
    }
    return out;
  }

  async getHistory(key: string): Promise<HistoryEntry[]> {
    const prefix = historyPrefix(key);
    const out: HistoryEntry[] = [];
    for await (const raw of this.db.values({ gte: `${P.history}${prefix}:`, lt: `${P.history}${prefix};` })) out.push(JSON.parse(raw.toString()) as HistoryEntry);
    return out;
  }

  async getPrivate(collection: string, key: string): Promise<Buffer | undefined> {
    const dbKey = `${P.privateData}${collection}\u0000${key}`;
    const cached = this.privateCache.get(dbKey);
    if (cached !== undefined) return cached ?? undefined;
    const epoch = this.epoch;
    const sealed = await this.db.get(dbKey);
    const value = sealed ? this.sealer.open(dbKey, sealed) : null;
    if (epoch === this.epoch) this.rememberPrivate(dbKey, value);
    return value ?? undefined;
  }

  async getBlock(n: number): Promise<Buffer | undefined> {
    return (await this.db.get(P.block + pad(n, 12))) ?? undefined;
  }

  async txLocation(txId: string): Promise<{ block: number; index: number; code: string } | undefined> {
    const raw = await this.db.get(P.txIndex + txId);
    return raw ? (JSON.parse(raw.toString()) as { block: number; index: number; code: string }) : undefined;
  }

  /** Which of `txIds` the ledger already holds, in one read. */
  async committedTxIds(txIds: string[]): Promise<string[]> {
    const found = await this.db.getMany(txIds.map((id) => P.txIndex + id));
    return txIds.filter((_, i) => found[i] !== undefined);
  }

  async commit(u: BlockUpdates): Promise<void> {
    const batch = this.db.batch();
    for (const st of u.state) {
      if (st.value) batch.put(P.state + st.key, encodeState(st.value, st.version));
      else batch.del(P.state + st.key);
    }
    for (const h of u.history) {
      batch.put(`${P.history}${historyPrefix(h.key)}:${pad(h.version.block, 12)}${pad(h.version.tx, 6)}`, Buffer.from(JSON.stringify(h.entry)));
    }
    for (const p of u.privateData) {
      const key = `${P.privateData}${p.collection}\u0000${p.key}`;
      if (p.value) batch.put(key, this.sealer.seal(key, p.value));
      else batch.del(key);
    }
    for (const t of u.txIndex) batch.put(P.txIndex + t.txId, Buffer.from(JSON.stringify({ block: t.block, index: t.index, code: t.code })));
    batch.put(P.block + pad(u.number, 12), u.bytes);
    batch.put(P.meta + 'height', Buffer.from(String(u.number + 1)));
    batch.put(P.meta + 'lastHash', Buffer.from(u.hash));
    this.epoch += 1;
    await batch.write({ sync: true });
    this.epoch += 1;
    for (const st of u.state) this.remember(st.key, st.value ? { value: st.value, version: st.version } : null);
    for (const p of u.privateData) this.rememberPrivate(`${P.privateData}${p.collection}\u0000${p.key}`, p.value);
    this.height = u.number + 1;
    this.lastHash = u.hash;
  }

  /** Overwrites a stored block's bytes: only for tamper-detection tests and tools. */
  async overwriteBlock(n: number, bytes: Buffer): Promise<void> {
    await this.db.put(P.block + pad(n, 12), bytes);
  }

  private remember(key: string, entry: StateEntry | null): void {
    if (this.cache.size >= STATE_CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, entry);
  }

  private rememberPrivate(dbKey: string, value: Buffer | null): void {
    if (this.privateCache.size >= PRIVATE_CACHE_LIMIT) this.privateCache.clear();
    this.privateCache.set(dbKey, value);
  }
}
