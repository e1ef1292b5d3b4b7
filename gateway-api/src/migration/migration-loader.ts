import { appendFile, readFile } from 'node:fs/promises';
import { MAX_UNITS_PER_TRANSACTION, apiMigrationCommand, firstIssue, type Today } from '@estate-ledger/chaincode';
import { LedgerRuleRefusal, TransactionInvalidError } from '../ledger/ledger-errors';
import type { CallerIdentity, LedgerPort, SubmitRequest } from '../ledger/ledger-port';
import { READ_CONFLICTS } from '../ledger/validation-codes';
import { splitParties } from '../application/split-parties';

/** The registry identity that signs migrations (the chaincode allows only it: `migration.load`). */
export const MIGRATION_SIGNER: CallerIdentity = { msp: 'RegistryMSP', role: 'registrar' };

export type MigrationOutcome =
  | { legacyId: string; unitNumber?: string; outcome: 'LOADED'; txId: string; blockNumber: number }
  | { legacyId: string; unitNumber?: string; outcome: 'WOULD_LOAD'; writes: unknown }
  | { legacyId: string; unitNumber?: string; outcome: 'ALREADY_ON_LEDGER'; message: string }
  | { legacyId: string; unitNumber?: string; outcome: 'REFUSED'; code: string; field?: string; rule?: string; message: string };

export interface MigrationReport {
  batchId: string;
  /** Records read from the input (one per unit). */
  records: number;
  loaded: number;
  alreadyOnLedger: number;
  /** Skipped without a round trip: the journal of an earlier run acknowledged them. */
  journaled: number;
  refused: Array<Extract<MigrationOutcome, { outcome: 'REFUSED' }>>;
}

export interface LoaderOptions {
  /** Transactions in flight at once. */
  concurrency?: number;
  /**
   * Append-only file of acknowledged legacy ids: a rerun skips them without asking the ledger.
   * Only an optimisation: the ledger itself refuses a second migration of a legacy id.
   */
  journalPath?: string;
  onOutcome?: (o: MigrationOutcome) => void;
  /**
   * Units per transaction (default 1, at most MAX_UNITS_PER_TRANSACTION): a group commits all or
   * none, and a refused group is loaded again unit by unit so each refusal names its own unit.
   */
  unitsPerTransaction?: number;
}

type Ids = { legacyId: string; unitNumber?: string };
type Item = { input: Record<string, unknown>; ids: Ids };

const MVCC_RETRIES = 3;
const asRecord = (input: unknown): Record<string, unknown> => (input && typeof input === 'object' ? (input as Record<string, unknown>) : {});

/**
 * Loads migration commands (one per legacy unit) onto the ledger. Resumable and idempotent: the
 * ledger keeps one migration record per batch and legacy id and refuses a second one, so a crash
 * at any point followed by a rerun of the same input records every unit exactly once. Each
 * command is checked here first with the same schema the chaincode applies, so a bad record is
 * reported without a round trip and never half-written.
 */
export class MigrationLoader {
  constructor(
    private readonly ledger: LedgerPort,
    private readonly today: Today,
    private readonly signer: CallerIdentity = MIGRATION_SIGNER,
  ) {}

  /** What loading each record would write, or why it would be refused; nothing is ordered. */
  async preview(batchId: string, records: AsyncIterable<unknown> | Iterable<unknown>, opts: LoaderOptions = {}): Promise<MigrationOutcome[]> {
    const out: MigrationOutcome[] = [];
    await this.each(batchId, records, opts.concurrency ?? 8, 1, async ([{ input, ids }]) => {
      const request = this.request('Migration:migrateUnit', input);
      try {
        const writes = JSON.parse(await this.ledger.evaluate(request)) as unknown;
        out.push({ ...ids, outcome: 'WOULD_LOAD', writes });
      } catch (err) {
        out.push(this.refusal(ids, err));
      }
    }, (o) => out.push(o));
    return out;
  }

  async load(batchId: string, records: AsyncIterable<unknown> | Iterable<unknown>, opts: LoaderOptions = {}): Promise<MigrationReport> {
    const report: MigrationReport = { batchId, records: 0, loaded: 0, alreadyOnLedger: 0, journaled: 0, refused: [] };
    const journal = opts.journalPath ? await readJournal(opts.journalPath, batchId) : new Set<string>();
    const acknowledged: string[] = [];
    let flushing: Promise<void> = Promise.resolve();
    const note = (o: MigrationOutcome) => {
      opts.onOutcome?.(o);
      if (o.outcome === 'LOADED') report.loaded++;
      else if (o.outcome === 'ALREADY_ON_LEDGER') report.alreadyOnLedger++;
      else if (o.outcome === 'REFUSED') report.refused.push(o);
      if (opts.journalPath && (o.outcome === 'LOADED' || o.outcome === 'ALREADY_ON_LEDGER')) {
        acknowledged.push(`${batchId}\t${o.legacyId}\n`);
        if (acknowledged.length >= 256) flushing = flushing.then(() => appendFile(opts.journalPath as string, acknowledged.splice(0).join('')));
      }
    };
    const size = Math.min(Math.max(1, opts.unitsPerTransaction ?? 1), MAX_UNITS_PER_TRANSACTION);
    await this.each(batchId, records, opts.concurrency ?? 32, size, async (items) => {
      report.records += items.length;
      const todo = items.filter((item) => !journal.has(item.ids.legacyId));
      report.journaled += items.length - todo.length;
      if (todo.length === 0) return;
      if (todo.length > 1) {
        const group = await this.submit(this.request('Migration:migrateUnits', { batchId, units: todo.map((t) => withoutBatch(t.input)) }), todo[0].ids);
        if (group.outcome === 'LOADED') {
          for (const t of todo) note({ ...t.ids, outcome: 'LOADED', txId: group.txId, blockNumber: group.blockNumber });
          return;
        }
      }
      for (const t of todo) note(await this.submit(this.request('Migration:migrateUnit', t.input), t.ids));
    }, (o) => {
      report.records++;
      note(o);
    });
    await flushing;
    if (opts.journalPath && acknowledged.length > 0) await appendFile(opts.journalPath, acknowledged.join(''));
    return report;
  }

  private request(fn: string, input: Record<string, unknown>): SubmitRequest {
    const { args, parties } = splitParties(input);
    return { identity: this.signer, fn, args: [JSON.stringify(args)], transient: Object.keys(parties).length ? { parties: JSON.stringify(parties) } : undefined };
  }

  private async submit(request: SubmitRequest, ids: Ids): Promise<MigrationOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.ledger.submit(request);
        return { ...ids, outcome: 'LOADED', txId: r.txId, blockNumber: r.blockNumber };
      } catch (err) {
        if (err instanceof TransactionInvalidError && READ_CONFLICTS.has(err.code) && attempt < MVCC_RETRIES) continue;
        // A ledger that cannot be reached ends the run: the rerun picks up where it stopped.
        if (!(err instanceof LedgerRuleRefusal) && !(err instanceof TransactionInvalidError)) throw err;
        return this.refusal(ids, err);
      }
    }
  }

  private refusal(ids: { legacyId: string; unitNumber?: string }, err: unknown): MigrationOutcome {
    if (err instanceof LedgerRuleRefusal && err.code === 'ALREADY_MIGRATED') return { ...ids, outcome: 'ALREADY_ON_LEDGER', message: err.message };
    if (err instanceof LedgerRuleRefusal) return { ...ids, outcome: 'REFUSED', code: err.code, field: err.field, rule: err.rule, message: err.message };
    if (err instanceof TransactionInvalidError) return { ...ids, outcome: 'REFUSED', code: err.code, message: err.message };
    throw err;
  }

  /**
   * Validates each record and hands groups of `size` valid ones to `work`, at most `concurrency`
   * groups at once, in input order; an invalid record goes to `invalid` instead.
   */
  private async each(
    batchId: string,
    records: AsyncIterable<unknown> | Iterable<unknown>,
    concurrency: number,
    size: number,
    work: (items: Item[]) => Promise<void>,
    invalid: (o: MigrationOutcome) => void,
  ): Promise<void> {
    const schema = apiMigrationCommand(this.today);
    const running = new Set<Promise<void>>();
    const group: Item[] = [];
    let failure: unknown;
    const start = async (items: Item[]) => {
      const p = work(items).catch((err: unknown) => {
        failure ??= err;
      });
      running.add(p);
      void p.finally(() => running.delete(p));
      if (running.size >= concurrency) await Promise.race(running);
    };
    for await (const raw of records) {
      if (failure) break;
      const input: Record<string, unknown> = { ...asRecord(raw), batchId };
      const ids = { legacyId: String(input.legacyId ?? ''), unitNumber: typeof input.unitNumber === 'string' ? input.unitNumber : undefined };
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const issue = firstIssue(parsed.error);
        invalid({ ...ids, outcome: 'REFUSED', code: 'VALIDATION_FAILED', field: issue.field, rule: issue.rule, message: issue.message });
        continue;
      }
      group.push({ input: parsed.data as Record<string, unknown>, ids });
      if (group.length >= size) await start(group.splice(0));
    }
    if (group.length > 0 && !failure) await start(group.splice(0));
    await Promise.all(running);
    if (failure) throw failure;
  }
}

function withoutBatch(input: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...input };
  delete rest.batchId;
  return rest;
}

async function readJournal(path: string, batchId: string): Promise<Set<string>> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const done = new Set<string>();
  // A crash can cut the last line short; only lines that end in a newline were written whole.
  const lines = text.split('\n');
  lines.pop();
  for (const line of lines) {
    const [batch, legacyId] = line.split('\t');
    if (batch === batchId && legacyId) done.add(legacyId);
  }
  return done;
}
