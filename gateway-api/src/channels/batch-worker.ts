import type { Logger } from 'pino';
import { inject, injectable, type InjectionToken } from 'tsyringe';
import type { Registration } from '@estate-ledger/chaincode';
import { CommandService, identityOf } from '../application/command-service';
import type { StaffPrincipal } from '../auth/principal';
import { LedgerRuleRefusal } from '../ledger/ledger-errors';
import type { LedgerPort } from '../ledger/ledger-port';
import { PiiVault } from '../read-model/pii-vault';
import type { ReadDb } from '../read-model/read-db';
import type { Clock } from '../register-clock';
import { CLOCK, LEDGER, LOGGER, READ_DB } from '../tokens';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { BATCH_QUEUE, type BatchQueue, type QueuedItem } from './batch-queue';
import type { ItemRegistration } from './batch-request';
import type { ItemStatus } from './channel-batches';
import { NEXT_STAGE, STAGE_OF_STATUS, type ItemStage } from './item-stage';

export interface BatchWorkerOptions {
  /** Items processed at once (each runs its steps one after another); lanes of up to ITEMS_PER_TAKE items. */
  concurrency: number;
  /** How long a taken item is the worker's; after a crash it is free again at restart. */
  leaseMs: number;
  /** Attempts of an item whose ledger was unreachable before it is given up as FAILED. */
  maxAttempts: number;
  pollIntervalMs: number;
}

export const BATCH_WORKER_OPTIONS: InjectionToken<Partial<BatchWorkerOptions>> = Symbol('BatchWorkerOptions');
const DEFAULTS: BatchWorkerOptions = { concurrency: 32, leaseMs: 120_000, maxAttempts: 5, pollIntervalMs: 1_000 };
/** Items a lane takes from the queue at once and processes side by side (one fetch, load, result write and settle for all of them). */
const ITEMS_PER_TAKE = 8;

interface ItemRow {
  batch_id: string;
  seq: number;
  channel_id: string;
  district: string;
  registration_id: string;
  payload_sealed: string;
  stage: ItemStage;
  attempts: number;
}

type Finish = { status: Exclude<ItemStatus, 'PENDING'>; code?: string; message?: string };

/**
 * Processes channel items from the durable queue. Every step is a state change the ledger makes
 * at most once (a registration id cannot be applied twice, a case accepted once), and the item's
 * stage is saved after each: an item interrupted anywhere (SIGKILL included) resumes from its
 * saved stage, and a step that did commit before the crash is recognised by reading the
 * registration back. So each item leads to exactly one registration, recorded once.
 *
 * Channel business is examined automatically (集中办理 秒批): intake, review and recording are
 * signed with the registry's clerk, reviewer and registrar identities, and every blocking rule
 * is checked by the chaincode at each step as for any case. An item a rule refuses ends REFUSED
 * with the rule's code (a case refused at intake is marked 不予受理 on the ledger).
 */
@injectable()
export class BatchWorker {
  private readonly options: BatchWorkerOptions;
  private readonly perTake: number;
  private running = false;
  private lanes: Array<Promise<void>> = [];
  private readonly waiting = new Set<() => void>();
  /** Whether an idle lane is polling the queue on a timer. */
  private polling = false;

  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(LEDGER) private readonly ledger: LedgerPort,
    @inject(CommandService) private readonly commands: CommandService,
    @inject(PiiVault) private readonly vault: PiiVault,
    @inject(BATCH_QUEUE) private readonly queue: BatchQueue,
    @inject(WebhookOutbox) private readonly outbox: WebhookOutbox,
    @inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(BATCH_WORKER_OPTIONS, { isOptional: true }) options: Partial<BatchWorkerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.perTake = Math.min(ITEMS_PER_TAKE, this.options.concurrency);
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.queue.releaseAll();
    this.running = true;
    this.lanes = Array.from({ length: Math.ceil(this.options.concurrency / this.perTake) }, () => this.lane());
    void this.completeFinishedBatches().catch((err: unknown) => this.logger.warn({ err }, 'batch completion sweep failed'));
  }

  /** New items were queued: idle lanes look now instead of at the next poll. */
  kick(): void {
    for (const wake of [...this.waiting]) wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await Promise.allSettled(this.lanes);
    await this.queue.close();
  }

  private async lane(): Promise<void> {
    /** Batches this lane finished items of since it last looked whether they are complete. */
    const finished = new Set<string>();
    while (this.running) {
      let taken: QueuedItem[] = [];
      try {
        taken = await this.queue.take(this.perTake, this.options.leaseMs);
      } catch (err) {
        this.logger.warn({ err }, 'batch queue unavailable');
      }
      // Work found: lanes asleep (all but the poller) take the rest.
      if (taken.length > 0) {
        this.kick();
        await this.processTaken(taken, finished);
      }
      // A batch can only be complete once the queue runs short; the lane that finished its last
      // item then takes nothing more and looks, after its own finish committed.
      if (taken.length < this.perTake && finished.size > 0) {
        for (const batchId of finished) await this.completeIfFinished(batchId).catch((err: unknown) => this.logger.warn({ err, batchId }, 'batch completion check failed; retried at start'));
        finished.clear();
      }
      if (taken.length === 0 && this.running) await this.idle();
    }
  }

  /**
   * The items one lane took, side by side; their rows are loaded, their results written and
   * their queue entries settled together (an item whose result is not written yet when the
   * gateway stops is taken again and finds its registration where it left it).
   */
  private async processTaken(taken: QueuedItem[], finished: Set<string>): Promise<void> {
    const results: Array<{ item: ItemRow; result: Finish; at: string }> = [];
    const retry: QueuedItem[] = [];
    try {
      const rows = await this.load(taken);
      await Promise.all(
        taken.map(async (q) => {
          const row = rows.get(`${q.batchId}:${q.seq}`);
          if (!row) return;
          try {
            results.push({ item: row, result: await this.process(row), at: this.clock.now().toISOString() });
          } catch (err) {
            this.logger.warn({ err, item: q }, 'batch item processing interrupted; the item is taken again later');
            retry.push(q);
          }
        }),
      );
      await this.finish(results);
    } catch (err) {
      this.logger.warn({ err, items: taken.length }, 'batch items could not be loaded or finished; they are taken again later');
      await this.queue.settle(taken, 'retry').catch(() => undefined);
      return;
    }
    results.forEach((r) => finished.add(r.item.batch_id));
    const done = taken.filter((q) => !retry.includes(q));
    await this.queue.settle(done, 'done').catch((err: unknown) => this.logger.warn({ err }, 'batch queue settle failed; the items are taken again and found finished'));
    await this.queue.settle(retry, 'retry').catch(() => undefined);
  }

  /**
   * Waits for work. One idle lane polls the queue every pollIntervalMs (items whose lease ran
   * out, items queued through another gateway); the other idle lanes sleep until kicked, by new
   * items here or by a lane that found some, so an idle gateway asks the database once per
   * interval instead of once per lane.
   */
  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const polls = !this.polling;
      this.polling = true;
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        if (polls) this.polling = false;
        resolve();
      };
      const timer = polls ? setTimeout(wake, this.options.pollIntervalMs) : undefined;
      this.waiting.add(wake);
    });
  }

  /** The taken items still pending, each counted as one more attempt: one statement per batch they come from (by its key). */
  private async load(taken: QueuedItem[]): Promise<Map<string, ItemRow>> {
    const out = new Map<string, ItemRow>();
    for (const [batchId, seqs] of seqsByBatch(taken.map((q) => ({ batchId: q.batchId, seq: q.seq })))) {
      const rows = await this.db.query<ItemRow>(
        `UPDATE channel_batch_items SET attempts = attempts + 1 WHERE batch_id = $1 AND seq = ANY($2::int[]) AND status = 'PENDING'
         RETURNING batch_id, seq, channel_id, district, registration_id, payload_sealed, stage, attempts`,
        [batchId, seqs],
        'batch_items_load',
      );
      for (const r of rows) out.set(`${r.batch_id}:${r.seq}`, r);
    }
    return out;
  }

  /**
   * Runs an item's remaining steps. Its stage is not saved after each step: the ledger knows it,
   * and an item taken again after a crash finds it there (resumedStage); what the channel sees
   * meanwhile is read from the registration's projected status (pendingStage).
   */
  private async process(item: ItemRow): Promise<Finish> {
    const registration = JSON.parse(this.vault.decrypt(item.payload_sealed)) as ItemRegistration;
    let stage = item.stage;
    try {
      while (stage !== 'DONE') {
        // Requests that arrived meanwhile go first: the batch is background work beside callers waiting on the API.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const outcome = await this.step(item, stage, registration);
        if ('finish' in outcome) return outcome.finish;
        stage = outcome.next;
      }
      return { status: 'RECORDED' };
    } catch (err) {
      // The ledger or database is unreachable: the lease runs out and the item is taken again.
      if (item.attempts >= this.options.maxAttempts) {
        return { status: 'FAILED', code: err instanceof Error ? err.name : 'ERROR', message: err instanceof Error ? err.message.slice(0, 300) : String(err) };
      }
      throw err;
    }
  }

  /** One ledger step; a refusal ends the item. A step already taken before a crash moves the item on. */
  private async step(item: ItemRow, stage: Exclude<ItemStage, 'DONE'>, registration: ItemRegistration): Promise<{ next: ItemStage } | { finish: Finish }> {
    const id = item.registration_id;
    try {
      if (stage === 'APPLY') await this.submit(item, this.intake(item), 'Registration:apply', { ...registration, registrationId: id, channel: item.channel_id });
      if (stage === 'ACCEPT') await this.submit(item, this.examiner(item, 'clerk'), 'Registration:accept', { registrationId: id });
      if (stage === 'REVIEW') await this.submit(item, this.examiner(item, 'reviewer'), 'Registration:review', { registrationId: id, decision: 'APPROVE' });
      if (stage === 'RECORD') await this.submit(item, this.examiner(item, 'registrar'), 'Registration:record', { registrationId: id });
      return { next: NEXT_STAGE[stage] };
    } catch (err) {
      if (!(err instanceof LedgerRuleRefusal)) throw err;
      const resumed = await this.resumedStage(item, err);
      if (resumed) return resumed;
      const refusal: Finish = { status: 'REFUSED', code: err.code === 'INVALID_INPUT' ? 'VALIDATION_FAILED' : err.code, message: err.message.slice(0, 500) };
      // 不予受理 / 不予登记 on the ledger, so the case does not stay open; after review it waits for the registrar.
      if (stage === 'ACCEPT') await this.submit(item, this.examiner(item, 'clerk'), 'Registration:notAccept', { registrationId: id, note: `${refusal.code}: ${err.message}`.slice(0, 500) });
      if (stage === 'REVIEW') await this.submit(item, this.examiner(item, 'reviewer'), 'Registration:review', { registrationId: id, decision: 'REFUSE', note: `${refusal.code}: ${err.message}`.slice(0, 500) });
      return { finish: refusal };
    }
  }

  /**
   * ALREADY_EXISTS on apply or INVALID_STATE on a later step: the step committed before the
   * worker could save it (a crash). The registration on the ledger says where the item is.
   */
  private async resumedStage(item: ItemRow, err: LedgerRuleRefusal): Promise<{ next: ItemStage } | { finish: Finish } | undefined> {
    if (err.code !== 'ALREADY_EXISTS' && err.code !== 'INVALID_STATE') return undefined;
    const reg = JSON.parse(await this.ledger.evaluate({ identity: identityOf(this.examiner(item, 'clerk')), fn: 'Registration:get', args: [item.registration_id] })) as Registration;
    if (reg.channel !== item.channel_id) return undefined;
    const at = STAGE_OF_STATUS[reg.status];
    if (at) return { next: at };
    // Refused at intake or review before the crash: the step's note carries the rule's code.
    const note = reg.steps[reg.steps.length - 1]?.note ?? '';
    return { finish: { status: 'REFUSED', code: note.split(':')[0] || reg.status, message: note || `registration is ${reg.status}` } };
  }

  private async submit(item: ItemRow, principal: StaffPrincipal, fn: string, input: Record<string, unknown>): Promise<void> {
    await this.commands.submit({ principal, fn, input, tenancy: { from: 'given', district: item.district }, requestId: `batch:${item.batch_id}:${item.seq}`, skipProjectionWait: true });
  }

  /** Writes the items' results, each with the time it finished: one statement per batch (by its key). */
  private async finish(results: Array<{ item: ItemRow; result: Finish; at: string }>): Promise<void> {
    for (const [batchId, seqs] of seqsByBatch(results.map((r) => ({ batchId: r.item.batch_id, seq: r.item.seq })))) {
      const rows = results.filter((r) => r.item.batch_id === batchId);
      await this.db.query(
        `UPDATE channel_batch_items i SET status = f.status, stage = 'DONE', result = f.result, finished_at = f.at, leased_until = NULL
         FROM jsonb_to_recordset($3::jsonb) AS f(seq int, status text, result jsonb, at timestamptz)
         WHERE i.batch_id = $1 AND i.seq = ANY($2::int[]) AND i.seq = f.seq AND i.status = 'PENDING'`,
        [batchId, seqs, JSON.stringify(rows.map(({ item, result, at }) => ({ seq: item.seq, status: result.status, result: { code: result.code, message: result.message }, at })))],
        'batch_items_finish',
      );
    }
  }

  /** Batches whose last item finished while the gateway stopped are completed at start. */
  private async completeFinishedBatches(): Promise<void> {
    const open = await this.db.query<{ batch_id: string }>("SELECT batch_id FROM channel_batches WHERE status = 'ACCEPTED'");
    for (const b of open) await this.completeIfFinished(b.batch_id);
  }

  /** Marks the batch COMPLETED once no item is pending, and queues its callback (once: the outbox key is the batch). */
  private async completeIfFinished(batchId: string): Promise<void> {
    // One statement while items are pending, instead of a transaction. The lane whose finish
    // commits last sees no pending item here, so one of them always goes on.
    const [pending] = await this.db.query("SELECT 1 FROM channel_batch_items WHERE batch_id = $1 AND status = 'PENDING' LIMIT 1", [batchId], 'channel_batch_pending');
    if (pending) return;
    const queued = await this.db.transaction(async (tx) => {
      const [done] = await tx.query<{ channel_id: string; callback_subscription_id: string | null; item_count: number }>(
        `UPDATE channel_batches SET status = 'COMPLETED', completed_at = $2::timestamptz
         WHERE batch_id = $1 AND status = 'ACCEPTED' AND NOT EXISTS (SELECT 1 FROM channel_batch_items WHERE batch_id = $1 AND status = 'PENDING')
         RETURNING channel_id, callback_subscription_id, item_count`,
        [batchId, this.clock.now().toISOString()],
        'channel_batch_complete',
      );
      if (!done?.callback_subscription_id) return false;
      const counts = await tx.query<{ status: ItemStatus; n: string | number }>('SELECT status, count(*) AS n FROM channel_batch_items WHERE batch_id = $1 GROUP BY status', [batchId], 'channel_batch_counts');
      const n = (s: ItemStatus) => Number(counts.find((c) => c.status === s)?.n ?? 0);
      return this.outbox.enqueueBatchCompleted(tx, done.callback_subscription_id, { type: 'BATCH_COMPLETED', batchId, channelId: done.channel_id, items: done.item_count, recorded: n('RECORDED'), refused: n('REFUSED'), failed: n('FAILED') });
    });
    if (queued) this.dispatcher.kick();
  }

  /** The channel's registration is applied at the registry's intake counter for bulk business (the clerk's identity; the audit log names the channel). */
  private intake(item: ItemRow): StaffPrincipal {
    return { kind: 'staff', subject: item.channel_id, name: 'channel intake', msp: 'RegistryMSP', role: 'clerk', districts: [item.district] };
  }

  private examiner(item: ItemRow, role: 'clerk' | 'reviewer' | 'registrar'): StaffPrincipal {
    return { kind: 'staff', subject: `auto-examination:${role}`, name: '集中办理自动审查', msp: 'RegistryMSP', role, districts: [item.district] };
  }
}

/** Item positions grouped by batch, so each statement finds its rows by the items' key (batch, seq). */
function seqsByBatch(items: QueuedItem[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const i of items) out.set(i.batchId, [...(out.get(i.batchId) ?? []), i.seq]);
  return out;
}
