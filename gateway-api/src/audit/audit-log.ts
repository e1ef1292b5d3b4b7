import type { Logger } from 'pino';
import { inject, injectable, type InjectionToken } from 'tsyringe';
import type { Json } from '@estate-ledger/chaincode';
import { isUnavailable, type ReadDb } from '../read-model/read-db';
import { CLOCK, LOGGER, READ_DB } from '../tokens';
import type { Clock } from '../register-clock';
import { GENESIS_HASH, chainHash } from './audit-chain';
import type { AuditEntry, StoredAuditEntry } from './audit-entry';

export interface AuditLogOptions {
  /** Entries per INSERT. */
  batchSize: number;
  /** How long the writer lets entries gather before it writes. */
  flushIntervalMs: number;
  /** Entries held while the database is away; beyond that new entries are dropped (and counted). */
  maxQueued: number;
  /** Pause between attempts while writes fail. */
  retryDelayMs: number;
}

export const AUDIT_LOG_OPTIONS: InjectionToken<Partial<AuditLogOptions>> = Symbol('AuditLogOptions');

// 100 ms: one INSERT serves a busy gateway's requests of that time (each an INSERT of its own costs
// both processes CPU), and readers of the log wait for the writer first (caughtUp).
const DEFAULTS: AuditLogOptions = { batchSize: 500, flushIntervalMs: 100, maxQueued: 200_000, retryDelayMs: 1_000 };

type QueuedEntry = Omit<StoredAuditEntry, 'seq'>;

interface ChainTail {
  seq: number;
  hash: string;
}

const INSERT = `
  INSERT INTO audit_log (seq, at, request_id, kind, actor, msp, role, district, method, path, status, duration_ms, tx_id, fn, client_ip, detail, prev_hash, hash)
  SELECT seq, at, request_id, kind, actor, msp, role, district, method, path, status, duration_ms, tx_id, fn, client_ip, detail, prev_hash, hash
  FROM jsonb_to_recordset($1::jsonb) AS r(seq bigint, at timestamptz, request_id text, kind text, actor text, msp text, role text, district text,
    method text, path text, status int, duration_ms double precision, tx_id text, fn text, client_ip text, detail jsonb, prev_hash text, hash text)`;

/**
 * The append-only, hash-chained audit log. record() only queues, so a request never waits on the
 * database; one background writer numbers the entries, chains their hashes and inserts them in
 * batches. The chain needs a single writer: one gateway instance per agency database, and one
 * AuditLog per process (register it as a singleton).
 *
 * While the database is away entries stay queued in order and are written when it returns. The
 * queue is bounded (maxQueued, about 100 MB at the default): past it the process would rather
 * keep serving than run out of memory, so new entries are dropped, logged as an error, and the
 * gap is itself written to the log as a SYSTEM entry (AUDIT_ENTRIES_DROPPED) once there is room.
 */
@injectable()
export class AuditLog {
  private readonly options: AuditLogOptions;
  private readonly queue: QueuedEntry[] = [];
  private tail?: ChainTail;
  /** The batch whose INSERT is under way or failed: a failure can still have committed it. */
  private attempt?: { count: number; last: ChainTail };
  private queued = 0;
  private written = 0;
  private readonly waiters: Array<{ upTo: number; resolve: () => void }> = [];
  private dropped?: { count: number; firstAt: string; lastAt: string };
  private nearlyFull = false;
  private failing = false;
  private started = false;
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;

  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(AUDIT_LOG_OPTIONS, { isOptional: true }) options: Partial<AuditLogOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Starts writing; the chain continues from the last row in the table. */
  start(): void {
    this.started = true;
    this.scheduleWrite();
  }

  /** Queues one entry, time-stamped now. Never throws, never waits. */
  record(entry: AuditEntry): void {
    const at = this.clock.now().toISOString();
    if (this.queue.length >= this.options.maxQueued) {
      if (!this.dropped) this.logger.error({ queued: this.queue.length }, 'audit log queue full: dropping entries until the database catches up');
      this.dropped = { count: (this.dropped?.count ?? 0) + 1, firstAt: this.dropped?.firstAt ?? at, lastAt: at };
      return;
    }
    if (!this.nearlyFull && this.queue.length >= this.options.maxQueued * 0.8) {
      this.nearlyFull = true;
      this.logger.warn({ queued: this.queue.length, max: this.options.maxQueued }, 'audit log queue 80% full: entries will be dropped when it is full');
    }
    this.enqueue(normalize(entry, at));
  }

  /** Entries queued and not yet written. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Resolves when every entry recorded before the call is in the database. */
  flush(): Promise<void> {
    if (this.written >= this.queued) return Promise.resolve();
    const upTo = this.queued;
    return new Promise((resolve) => this.waiters.push({ upTo, resolve }));
  }

  /**
   * Waits, `timeoutMs` at most, for what was recorded before the call to be written: a reader of
   * the log sees the requests that came before its own (not only those of the last flush).
   */
  async caughtUp(timeoutMs = 2_000): Promise<void> {
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (deadline = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(deadline);
  }

  /** Writes what it can within `timeoutMs`, then stops; what is left is reported as lost. */
  async stop(timeoutMs = 5_000): Promise<void> {
    await this.caughtUp(timeoutMs);
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    if (this.queue.length > 0) this.logger.error({ lost: this.queue.length }, 'audit entries not written at shutdown');
  }

  private enqueue(entry: QueuedEntry): void {
    this.queue.push(entry);
    this.queued++;
    this.scheduleWrite();
  }

  private scheduleWrite(): void {
    if (!this.started || this.timer || this.writing || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.drain().finally(() => {
        this.writing = undefined;
        this.scheduleWrite();
      });
    }, this.options.flushIntervalMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    while (this.started && this.queue.length > 0) {
      try {
        await this.writeBatch();
        if (this.failing) this.logger.info({ queued: this.queue.length }, 'audit log writes resumed');
        this.failing = false;
      } catch (err) {
        // Re-read the tail: the failed INSERT may have committed, or another writer appended.
        this.tail = undefined;
        if (!this.failing) {
          const level = isUnavailable(err) ? 'warn' : 'error';
          this.logger[level]({ err, queued: this.queue.length }, 'audit log write failed: entries stay queued and are retried');
        }
        this.failing = true;
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs).unref());
      }
    }
  }

  private async writeBatch(): Promise<void> {
    this.tail ??= await this.readTail();
    if (this.attempt) {
      const { count, last } = this.attempt;
      this.attempt = undefined;
      if (this.tail.seq === last.seq && this.tail.hash === last.hash) return this.settle(count);
    }
    const batch = this.queue.slice(0, this.options.batchSize);
    let { seq, hash } = this.tail;
    const rows = batch.map((entry) => {
      const stored: StoredAuditEntry = { ...entry, seq: ++seq };
      const prev = hash;
      hash = chainHash(prev, stored);
      return toRow(stored, prev, hash);
    });
    this.attempt = { count: batch.length, last: { seq, hash } };
    await this.db.query(INSERT, [JSON.stringify(rows)], 'audit_log_insert');
    this.attempt = undefined;
    this.tail = { seq, hash };
    this.settle(batch.length);
  }

  private async readTail(): Promise<ChainTail> {
    const [last] = await this.db.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  private settle(count: number): void {
    this.queue.splice(0, count);
    this.written += count;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].upTo <= this.written) this.waiters.splice(i, 1)[0].resolve();
    }
    if (this.queue.length < this.options.maxQueued / 2) this.nearlyFull = false;
    if (this.dropped && this.queue.length < this.options.maxQueued) {
      const { count: lost, firstAt, lastAt } = this.dropped;
      this.dropped = undefined;
      this.enqueue(normalize({ kind: 'SYSTEM', actor: 'gateway', detail: { event: 'AUDIT_ENTRIES_DROPPED', count: lost, firstAt, lastAt } }, this.clock.now().toISOString()));
    }
  }
}

function toRow(e: StoredAuditEntry, prevHash: string, hash: string): Record<string, Json | undefined> {
  return {
    seq: e.seq,
    at: e.at,
    request_id: e.requestId,
    kind: e.kind,
    actor: e.actor,
    msp: e.msp,
    role: e.role,
    district: e.district,
    method: e.method,
    path: e.path,
    status: e.status,
    duration_ms: e.durationMs,
    tx_id: e.txId,
    fn: e.fn,
    client_ip: e.clientIp,
    detail: e.detail,
    prev_hash: prevHash,
    hash,
  };
}

const MAX_TEXT = 512;
const MAX_PATH = 2048;
const MAX_DETAIL = 4096;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// In JSON.stringify output a lone surrogate or NUL appears as an escape; a backslash before it must not be escaped itself.
const BAD_JSON_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;

/**
 * Makes the entry storable exactly as hashed: PostgreSQL refuses NUL in text and jsonb and would
 * replace lone surrogates, either of which would fail the batch or break the hash.
 */
function normalize(entry: AuditEntry, at: string): QueuedEntry {
  return {
    at,
    kind: entry.kind,
    actor: text(entry.actor) || 'anonymous',
    msp: text(entry.msp),
    role: text(entry.role),
    district: text(entry.district),
    method: text(entry.method),
    path: text(entry.path, MAX_PATH),
    status: Number.isInteger(entry.status) && Math.abs(entry.status ?? 0) < 2 ** 31 ? entry.status : undefined,
    durationMs: Number.isFinite(entry.durationMs) ? Math.round((entry.durationMs ?? 0) * 1000) / 1000 : undefined,
    requestId: text(entry.requestId),
    txId: text(entry.txId),
    fn: text(entry.fn),
    clientIp: text(entry.clientIp),
    detail: detail(entry.detail),
  };
}

function text(value: string | undefined, max = MAX_TEXT): string | undefined {
  if (value == null) return undefined;
  return String(value).slice(0, max).replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

function detail(value: Record<string, unknown> | undefined): { [key: string]: Json } | undefined {
  if (value == null) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return { unserialisable: true };
  }
  if (json === undefined) return undefined;
  if (json.length > MAX_DETAIL) return { truncated: true, length: json.length };
  const parsed = JSON.parse(json.replace(BAD_JSON_ESCAPE, '$1\\ufffd')) as Json;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : { value: parsed };
}
