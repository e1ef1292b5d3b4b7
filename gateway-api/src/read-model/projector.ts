import { EventEmitter } from 'node:events';
import { inject, injectable, type InjectionToken } from 'tsyringe';
import type { Logger } from 'pino';
import { mayPerform, ORGANISATIONS, type MspId, type PartyRecord, type WorkingCalendar } from '@estate-ledger/chaincode';
import { sleep } from '../abortable-sleep';
import { BackgroundLoop } from '../background-loop';
import type { GatewayConfig } from '../config/gateway-config';
import { blockTime, type CallerIdentity, type CommittedBlock, type LedgerPort } from '../ledger/ledger-port';
import { CONFIG, LEDGER, LOGGER, READ_DB } from '../tokens';
import { PROJECTION_TABLES } from './migrations';
import { PiiVault } from './pii-vault';
import { deleteStatement, TABLE_SPECS, upsertStatement, type Row, type TableSpec } from './projection-rows';
import { isUnavailable, type ReadDb, type SqlExecutor } from './read-db';

/** Something else that must happen in the same SQL transaction as a block's projection. */
export interface ProjectionHook {
  onBlock(tx: SqlExecutor, block: CommittedBlock): Promise<unknown>;
}
export const PROJECTION_HOOKS: InjectionToken<ProjectionHook[]> = Symbol('ProjectionHooks');

export interface ProjectedBatch {
  fromBlock: number;
  toBlock: number;
  blocks: CommittedBlock[];
  /** Units and certificate hashes whose rows changed: caches keyed by them must drop them. */
  units: Set<string>;
  certificateHashes: Set<string>;
}

export interface ProjectorOptions {
  /** Largest number of transactions written in one SQL transaction. */
  maxBatchTx: number;
  retryMinMs: number;
  retryMaxMs: number;
}

export const PROJECTOR_OPTIONS: InjectionToken<Partial<ProjectorOptions>> = Symbol('ProjectorOptions');

const MAX_QUEUED_BLOCKS = 2_000;

const DEFAULTS: ProjectorOptions = { maxBatchTx: 5_000, retryMinMs: 200, retryMaxMs: 5_000 };

/**
 * The identity of the gateway's own organisation that reads private party records (names, IDs)
 * for the sealed party table: its first role the chaincode lets read parties. None for an
 * organisation without such a role (only the registry has one): its read model shows no names.
 */
export function partyReaderOf(msp: MspId): CallerIdentity | undefined {
  const role = ORGANISATIONS[msp].roles.find((r) => mayPerform('party.read', msp, r));
  return role ? { msp, role } : undefined;
}

/**
 * Feeds the read model from the ledger's committed blocks, in order. Each batch of blocks is
 * written with its checkpoint in one SQL transaction, so every block is applied exactly once and
 * a restart resumes after the last committed checkpoint. When the database is unavailable it
 * waits and retries from the checkpoint; the ledger keeps committing meanwhile.
 */
@injectable()
export class Projector {
  private readonly events = new EventEmitter();
  private readonly options: ProjectorOptions;
  private readonly partyReader?: CallerIdentity;
  private readonly calendar: WorkingCalendar;
  private readonly background = new BackgroundLoop((signal) => this.loop(signal));
  private projected = -1;
  private healthy = false;
  private lastError?: string;

  constructor(
    @inject(LEDGER) private readonly ledger: LedgerPort,
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(PiiVault) private readonly vault: PiiVault,
    @inject(LOGGER) private readonly log: Logger,
    @inject(PROJECTION_HOOKS) private readonly hooks: ProjectionHook[],
    @inject(CONFIG) config: GatewayConfig,
    @inject(PROJECTOR_OPTIONS, { isOptional: true }) options: Partial<ProjectorOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.partyReader = partyReaderOf(config.orgMsp);
    this.calendar = config.workingCalendar;
    this.events.setMaxListeners(0);
  }

  /** Last block whose effects are visible in the read model (-1 before the first). */
  get projectedHeight(): number {
    return this.projected;
  }

  status(): { healthy: boolean; projectedBlock: number; lastError?: string } {
    return { healthy: this.healthy, projectedBlock: this.projected, lastError: this.healthy ? undefined : this.lastError };
  }

  onProjected(listener: (batch: ProjectedBatch) => void): () => void {
    this.events.on('projected', listener);
    return () => this.events.off('projected', listener);
  }

  /** Resolves once block `number` is visible, or false after `timeoutMs` or while unhealthy. */
  async waitFor(number: number, timeoutMs: number): Promise<boolean> {
    if (this.projected >= number) return true;
    if (!this.healthy) return false;
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        off();
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      const off = this.onProjected((b) => b.toBlock >= number && done(true));
    });
  }

  async checkpoint(): Promise<number> {
    const rows = await this.db.query<{ block_number: string }>('SELECT block_number FROM projector_checkpoint WHERE id = 1');
    return rows.length ? Number(rows[0].block_number) : -1;
  }

  start(): void {
    this.background.start();
  }

  async stop(): Promise<void> {
    await this.background.stop();
  }

  /** Projects every block up to the ledger's current height, then returns (CLI rebuild, tests). */
  async catchUp(): Promise<number> {
    const target = (await this.ledger.height()) - 1;
    this.projected = await this.checkpoint();
    if (this.projected >= target) return 0;
    return this.follow(this.projected + 1, new AbortController().signal, target);
  }

  /** Empties the projection tables (never the audit log or webhook tables) and replays from block 0. */
  async rebuild(): Promise<number> {
    await this.db.transaction(async (tx) => {
      await tx.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
    });
    this.projected = -1;
    return this.catchUp();
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let delay = this.options.retryMinMs;
    while (!signal.aborted) {
      try {
        this.projected = await this.checkpoint();
        this.healthy = true;
        delay = this.options.retryMinMs;
        await this.follow(this.projected + 1, signal);
      } catch (err) {
        if (signal.aborted) return;
        this.healthy = false;
        this.lastError = err instanceof Error ? err.message : String(err);
        if (isUnavailable(err)) this.log.warn({ err: this.lastError, retryInMs: delay }, 'read model unavailable; projection paused');
        else this.log.error({ err }, 'projection failed; retrying from the checkpoint');
        await sleep(delay, signal);
        delay = Math.min(delay * 2, this.options.retryMaxMs);
      }
    }
  }

  /**
   * Follows the ledger, until `until` is projected or `outer` aborts: blocks that arrive while a
   * batch is being written form the next batch. Returns the number of transactions projected.
   */
  private async follow(from: number, outer: AbortSignal, until = Number.POSITIVE_INFINITY): Promise<number> {
    // An abort listener added to an already aborted signal never fires: stop() would wait forever.
    if (outer.aborted) return 0;
    const inner = new AbortController();
    const forward = () => inner.abort();
    outer.addEventListener('abort', forward, { once: true });
    const queue: CommittedBlock[] = [];
    let wake: (() => void) | undefined;
    let resume: (() => void) | undefined;
    let ended = false;
    let failure: unknown;
    const reader = (async () => {
      try {
        for await (const block of this.ledger.blocks(from, inner.signal)) {
          queue.push(block);
          wake?.();
          // Far behind (a rebuild, a long outage): read no further ahead than the writer needs.
          if (queue.length >= MAX_QUEUED_BLOCKS) await new Promise<void>((r) => (resume = r));
        }
      } catch (err) {
        failure = err;
      } finally {
        ended = true;
        wake?.();
      }
    })();
    let projected = 0;
    try {
      while (!inner.signal.aborted && this.projected < until) {
        if (queue.length === 0) {
          if (ended) break;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        const batch: CommittedBlock[] = [];
        let txs = 0;
        while (queue.length > 0 && (batch.length === 0 || txs + queue[0].transactions.length <= this.options.maxBatchTx)) {
          const block = queue.shift() as CommittedBlock;
          txs += block.transactions.length;
          batch.push(block);
        }
        resume?.();
        resume = undefined;
        await this.apply(batch);
        projected += txs;
      }
      if (failure) throw failure;
      return projected;
    } finally {
      // A failed write stops the reader too; the loop restarts both from the checkpoint.
      inner.abort();
      resume?.();
      outer.removeEventListener('abort', forward);
      await reader;
    }
  }

  /**
   * Writes a batch of consecutive blocks and the checkpoint in one SQL transaction. What the
   * batch needs from the ledger is read before that transaction opens, so a slow ledger never
   * holds a database transaction (and its locks) open.
   */
  async apply(blocks: CommittedBlock[]): Promise<void> {
    if (blocks.length === 0) return;
    const expected = this.projected + 1;
    if (blocks[0].number !== expected) throw new Error(`projection gap: expected block ${expected}, got ${blocks[0].number}`);

    const upserts = new Map<TableSpec, Map<string, Row>>();
    const deletes = new Map<TableSpec, Map<string, Row>>();
    const blockRows: Row[] = [];
    const txRows: Row[] = [];
    const units = new Set<string>();
    const certificateHashes = new Set<string>();
    const refs = new Set<string>();
    const counters = new Map<string, { kind: string; key: string; value: number }>();
    const count = (kind: string, key: string) => {
      const id = `${kind}\u0000${key}`;
      const c = counters.get(id) ?? { kind, key, value: 0 };
      c.value += 1;
      counters.set(id, c);
    };
    const activity = new Map<string, { minute: string; blocks: number; transactions: number; invalid: number }>();

    for (const block of blocks) {
      const committedAt = blockTime(block);
      blockRows.push({
        number: block.number, hash: block.hash, previous_hash: block.previousHash, data_hash: block.dataHash, committed_at: committedAt,
        tx_count: block.transactions.length, valid_count: block.transactions.filter((t) => t.code === 'VALID').length,
      });
      const minute = new Date(Math.floor(Date.parse(committedAt) / 60_000) * 60_000).toISOString();
      const bucket = activity.get(minute) ?? { minute, blocks: 0, transactions: 0, invalid: 0 };
      activity.set(minute, bucket);
      bucket.blocks += 1;
      for (const t of block.transactions) {
        const e = t.event;
        bucket.transactions += 1;
        if (t.code !== 'VALID') bucket.invalid += 1;
        count('code', t.code);
        count('creator', t.creatorMsp);
        for (const m of t.endorsers) count('endorser', m);
        txRows.push({
          tx_id: t.txId, block_number: block.number, tx_index: t.index, code: t.code, committed_at: t.timestamp, creator_msp: t.creatorMsp,
          fn: t.fn, endorsers: t.endorsers, event_type: e?.type ?? null, district: e?.district ?? null, unit_number: e?.unitNumber ?? null,
          application_id: e?.applicationId ?? null, subject_kind: e?.subject.kind ?? null, subject_id: e?.subject.id ?? null, event: e ?? null,
          args: t.args.map(decodeArg),
          // Keys only: the values are the rows of the record tables. Composite keys contain U+0000,
          // which jsonb cannot hold, so they are stored as type and attributes.
          writes: t.writes.map((w) => ({ objectType: w.objectType, attributes: w.attributes, key: w.objectType ? null : w.key, isDelete: w.isDelete })),
        });
        if (t.code !== 'VALID') continue;
        for (const w of t.writes) {
          const spec = TABLE_SPECS[w.objectType];
          if (!spec) continue;
          const id = w.attributes.join('\u0000');
          if (w.isDelete || w.value === undefined) {
            upserts.get(spec)?.delete(id);
            const keyRow = Object.fromEntries(spec.key.map((k, i) => [k, w.attributes[i]]));
            (deletes.get(spec) ?? deletes.set(spec, new Map()).get(spec))?.set(id, keyRow);
            continue;
          }
          const row = spec.toRow(JSON.parse(w.value), w.attributes, block.number, this.calendar);
          deletes.get(spec)?.delete(id);
          (upserts.get(spec) ?? upserts.set(spec, new Map()).get(spec))?.set(id, row);
          for (const r of spec.partyRefs(row)) refs.add(r);
          if (spec.table === 'units') units.add(row.unit_number as string);
          if (spec.table === 'certificates') {
            certificateHashes.add(row.doc_hash as string);
            if (row.pdf_hash) certificateHashes.add(row.pdf_hash as string);
            units.add(row.unit_number as string);
          }
        }
      }
    }

    const partyRows = await this.readNewParties([...refs]);
    const last = blocks[blocks.length - 1];
    const txCount = txRows.length;
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO blocks SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(number bigint, hash text, previous_hash text, data_hash text, committed_at timestamptz, tx_count int, valid_count int)`,
        [JSON.stringify(blockRows)],
      );
      await tx.query(
        `INSERT INTO transactions (tx_id, block_number, tx_index, code, committed_at, creator_msp, fn, endorsers, event_type, district, unit_number, application_id, subject_kind, subject_id, event, args, writes)
         SELECT tx_id, block_number, tx_index, code, committed_at, creator_msp, fn, endorsers, event_type, district, unit_number, application_id, subject_kind, subject_id, event, args, writes
         FROM jsonb_to_recordset($1::jsonb) AS x(tx_id text, block_number bigint, tx_index int, code text, committed_at timestamptz, creator_msp text, fn text, endorsers text[], event_type text, district text, unit_number text, application_id text, subject_kind text, subject_id text, event jsonb, args jsonb, writes jsonb)
         ON CONFLICT (tx_id) DO NOTHING`,
        [JSON.stringify(txRows)],
      );
      for (const [spec, rows] of deletes) if (rows.size) await tx.query(deleteStatement(spec), [JSON.stringify([...rows.values()])]);
      for (const [spec, rows] of upserts) if (rows.size) await tx.query(upsertStatement(spec), [JSON.stringify([...rows.values()])]);
      if (partyRows.length) {
        await tx.query(
          `INSERT INTO parties SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ref text, kind text, name_enc text, id_enc text, id_blind text) ON CONFLICT (ref) DO NOTHING`,
          [JSON.stringify(partyRows)],
        );
      }
      await tx.query(
        `INSERT INTO ledger_counters SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(kind text, key text, value bigint)
         ON CONFLICT (kind, key) DO UPDATE SET value = ledger_counters.value + EXCLUDED.value`,
        [JSON.stringify([...counters.values()])],
      );
      await tx.query(
        `INSERT INTO activity_by_minute SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(minute timestamptz, blocks int, transactions int, invalid int)
         ON CONFLICT (minute) DO UPDATE SET blocks = activity_by_minute.blocks + EXCLUDED.blocks,
           transactions = activity_by_minute.transactions + EXCLUDED.transactions, invalid = activity_by_minute.invalid + EXCLUDED.invalid`,
        [JSON.stringify([...activity.values()])],
      );
      for (const block of blocks) for (const hook of this.hooks) await hook.onBlock(tx, block);
      await tx.query(
        `INSERT INTO projector_checkpoint (id, block_number, block_hash, tx_count) VALUES (1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash, tx_count = projector_checkpoint.tx_count + EXCLUDED.tx_count`,
        [last.number, last.hash, txCount],
      );
    });
    this.projected = last.number;
    this.events.emit('projected', { fromBlock: blocks[0].number, toBlock: last.number, blocks, units, certificateHashes } satisfies ProjectedBatch);
  }

  /**
   * Rows for the parties seen for the first time: their private record read from the ledger and
   * sealed, or, when this organisation may not read parties, a row that only marks the reference
   * as not readable. Read before the batch's SQL transaction; its insert ignores refs that are
   * there by then.
   */
  private async readNewParties(refs: string[]): Promise<Row[]> {
    if (refs.length === 0) return [];
    const known = new Set((await this.db.query<{ ref: string }>('SELECT ref FROM parties WHERE ref = ANY($1)', [refs])).map((r) => r.ref));
    const rows: Row[] = [];
    for (const ref of refs) {
      if (known.has(ref)) continue;
      if (!this.partyReader) {
        rows.push({ ref, kind: null, name_enc: null, id_enc: null, id_blind: null });
        continue;
      }
      const party = JSON.parse(await this.ledger.evaluate({ identity: this.partyReader, fn: 'Unit:party', args: [ref] })) as PartyRecord;
      rows.push({ ref, kind: party.kind, name_enc: this.vault.encrypt(party.name), id_enc: this.vault.encrypt(party.idNumber), id_blind: this.vault.blindIndex(party.idNumber) });
    }
    return rows;
  }
}

/** Arguments are JSON documents; anything else is kept as the string it is. */
function decodeArg(arg: string): unknown {
  try {
    return JSON.parse(arg) as unknown;
  } catch {
    return arg;
  }
}
