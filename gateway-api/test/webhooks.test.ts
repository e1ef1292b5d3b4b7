import 'reflect-metadata';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { container } from 'tsyringe';
import type { EventType } from '@estate-ledger/chaincode';
import type { CommittedBlock, CommittedTransaction } from '../src/ledger/ledger-port';
import type { ValidationCode } from '../src/ledger/validation-codes';
import type { ReadDb } from '../src/read-model/read-db';
import { CLOCK, LOGGER, READ_DB } from '../src/tokens';
import { systemClock } from '../src/register-clock';
import { WebhookDispatcher, type WebhookDispatcherOptions } from '../src/webhooks/webhook-dispatcher';
import { WebhookOutbox, type WebhookPayload } from '../src/webhooks/webhook-outbox';
import { WebhookReconciler } from '../src/webhooks/webhook-reconciler';
import { signWebhook, verifyWebhookSignature } from '../src/webhooks/webhook-signature';
import { WebhookSubscriptions } from '../src/webhooks/webhook-subscriptions';
import { freshPostgres, type TestDatabase } from './support/test-database';

jest.setTimeout(30_000);

const silent = pino({ level: 'silent' });
const AT = '2024-05-01T08:00:00.000Z';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({ deliveryId: 's:1', event: { type: 'CONTRACT_FILED' } });
  const now = new Date('2024-05-01T08:00:00Z');
  const t = now.getTime() / 1000;

  it('verifies what it signed, over the raw bytes', () => {
    const header = signWebhook(secret, t, body);
    expect(header).toMatch(/^t=1714550400,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, { now })).toBe(true);
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), { now })).toBe(true);
  });

  it('refuses another body, another secret, a stale timestamp and malformed headers', () => {
    const header = signWebhook(secret, t, body);
    expect(verifyWebhookSignature(secret, header, body.replace('FILED', 'SIGNED'), { now })).toBe(false);
    expect(verifyWebhookSignature('whsec_other', header, body, { now })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { now: new Date(now.getTime() + 600_000), toleranceSec: 900 })).toBe(true);
    const v1 = header.split('v1=')[1];
    for (const bad of [undefined, '', `v1=${v1}`, `t=${t}`, `t=abc,v1=${v1}`, `t=${t},v1=${v1.slice(2)}`, `t=${t + 1},v1=${v1}`]) {
      expect(verifyWebhookSignature(secret, bad, body, { now })).toBe(false);
    }
  });
});

type Failure = 'status500' | 'hang' | 'reset';

/** A subscriber's endpoint on 127.0.0.1 that fails as scripted, then acknowledges. */
class Receiver {
  /** Deliveries acknowledged with 2xx, in the order they were acknowledged. */
  readonly acked: Array<{ payload: WebhookPayload; deliveryHeader: string; eventHeader: string; signatureOk: boolean }> = [];
  requests = 0;
  secret = '';
  /** While set, every request gets a 500. */
  down = false;
  private readonly server: Server;

  private constructor(private readonly failures: Failure[]) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(failures: Failure[] = []): Promise<Receiver> {
    const r = new Receiver([...failures]);
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  ids(): string[] {
    return this.acked.map((a) => a.payload.deliveryId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests++;
    const failure = this.failures.shift();
    if (failure === 'hang') return;
    if (failure === 'reset') return void req.socket.destroy();
    if (failure === 'status500' || this.down) return void res.writeHead(500).end('not now');
    const raw = Buffer.concat(chunks);
    this.acked.push({
      payload: JSON.parse(raw.toString('utf8')) as WebhookPayload,
      deliveryHeader: String(req.headers['x-estate-delivery']),
      eventHeader: String(req.headers['x-estate-event']),
      signatureOk: req.headers['content-type'] === 'application/json' && verifyWebhookSignature(this.secret, req.headers['x-estate-signature'] as string, raw),
    });
    res.writeHead(204).end();
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let txCounter = 0;

function tx(index: number, type: EventType | undefined, district: string, code: ValidationCode = 'VALID'): CommittedTransaction {
  const txId = `tx${String(++txCounter).padStart(4, '0')}`;
  return {
    txId,
    index,
    code,
    timestamp: AT,
    creatorMsp: 'RegistryMSP',
    fn: 'Registration:advance',
    args: [],
    endorsers: ['RegistryMSP', 'HousingMSP', 'TaxMSP'],
    writes: [],
    privateWrites: [],
    envelope: new Uint8Array(),
    event: type && { type, txId, at: AT, msp: 'RegistryMSP', role: 'registrar', district, unitNumber: '511702001001GB00001F00010001', subject: { kind: 'registration', id: `R-${txCounter}` } },
  };
}

function block(number: number, transactions: CommittedTransaction[]): CommittedBlock {
  return { number, hash: `h${number}`, previousHash: `h${number - 1}`, dataHash: `d${number}`, transactions };
}

const deliveryIds = (subscriptionId: string, txs: CommittedTransaction[]) => txs.map((t) => `${subscriptionId}:${t.txId}`);

describe('webhooks on PostgreSQL', () => {
  let database: TestDatabase;
  let db: ReadDb;
  let outbox: WebhookOutbox;
  let subscriptions: WebhookSubscriptions;
  let dispatcher: WebhookDispatcher;
  let reconciler: WebhookReconciler;
  const receivers: Receiver[] = [];

  const fast: Partial<WebhookDispatcherOptions> = { pollIntervalMs: 10, timeoutMs: 300, backoffBaseMs: 10, backoffMaxMs: 40 };

  function wire(options: Partial<WebhookDispatcherOptions> = fast): void {
    outbox = new WebhookOutbox(systemClock);
    subscriptions = new WebhookSubscriptions(db, systemClock, outbox);
    dispatcher = new WebhookDispatcher(db, systemClock, silent, options);
    reconciler = new WebhookReconciler(db, systemClock, silent, outbox, dispatcher);
  }

  async function receiver(failures: Failure[] = []): Promise<Receiver> {
    const r = await Receiver.start(failures);
    receivers.push(r);
    return r;
  }

  async function subscribe(r: Receiver, district: string, eventTypes: EventType[] = []): Promise<string> {
    const created = await subscriptions.create({ url: r.url, eventTypes, district, ownerMsp: 'HousingMSP', createdBy: 'ops@bank' });
    r.secret = created.secret;
    return created.id;
  }

  /** What the projector does: the block's rows, its checkpoint and its outbox rows in one transaction. */
  async function project(b: CommittedBlock, options: { outbox?: boolean } = {}): Promise<number> {
    const enqueued = await db.transaction(async (t) => {
      for (const x of b.transactions) await insertTransaction(t, b.number, x);
      await t.query(
        `INSERT INTO projector_checkpoint (id, block_number, block_hash, tx_count) VALUES (1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash, tx_count = projector_checkpoint.tx_count + EXCLUDED.tx_count`,
        [b.number, b.hash, b.transactions.length],
      );
      return options.outbox === false ? 0 : outbox.enqueueBlock(t, b);
    });
    dispatcher.kick();
    return enqueued;
  }

  async function insertTransaction(t: Pick<ReadDb, 'query'>, blockNumber: number, x: CommittedTransaction): Promise<void> {
    await t.query(
      `INSERT INTO transactions (tx_id, block_number, tx_index, code, committed_at, creator_msp, fn, endorsers, event_type, district, event, writes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '[]')`,
      [x.txId, blockNumber, x.index, x.code, x.timestamp, x.creatorMsp, x.fn, x.endorsers, x.event?.type ?? null, x.event?.district ?? null, x.event ? JSON.stringify(x.event) : null],
    );
  }

  const outboxRows = (subscriptionId: string) =>
    db.query<{ tx_id: string; status: string; attempts: number; last_error: string | null; delivered_at: Date | null }>(
      'SELECT tx_id, status, attempts, last_error, delivered_at FROM webhook_outbox WHERE subscription_id = $1 ORDER BY block_number, tx_index',
      [subscriptionId],
    );

  /**
   * A receiver counts a delivery when it answers; the dispatcher records it a moment later. Stopping
   * in between aborts the request and leaves the row PENDING (re-sent after a restart, by design),
   * so a test that looks at the outbox waits for the record, not the answer.
   */
  const untilRecorded = (subscriptionId: string, delivered: number) =>
    until(`${delivered} deliveries recorded`, async () => (await outboxRows(subscriptionId)).filter((row) => row.status === 'DELIVERED').length >= delivered);

  beforeAll(async () => {
    database = await freshPostgres();
    db = database.db;
  });

  afterAll(async () => {
    await database.drop();
  });

  beforeEach(async () => {
    for (const table of ['webhook_outbox', 'webhook_subscriptions', 'transactions', 'projector_checkpoint']) await db.query(`DELETE FROM ${table}`);
    wire();
  });

  afterEach(async () => {
    reconciler.stop();
    await dispatcher.stop();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('delivers every event exactly once, in order, signed, through a 500, a timeout and a reset', async () => {
    const r = await receiver(['status500', 'hang', 'reset']);
    const id = await subscribe(r, 'D1');
    const b1 = [tx(0, 'APPLICATION_CREATED', 'D1'), tx(1, 'CONTRACT_FILED', 'D1', 'MVCC_READ_CONFLICT'), tx(2, 'CONTRACT_FILED', 'D2'), tx(3, undefined, 'D1')];
    const b2 = [tx(0, 'TAX_ASSESSED', 'D1'), tx(1, 'TAX_CLEARED', 'D1')];
    const b3 = [tx(0, 'REGISTRATION_STEP', 'D1'), tx(1, 'CERTIFICATE_ISSUED', 'D1'), tx(2, 'APPLICATION_UPDATED', 'D1')];
    dispatcher.start();
    expect(await project(block(1, b1))).toBe(1);
    expect(await project(block(2, b2))).toBe(2);
    expect(await project(block(3, b3))).toBe(3);

    const expected = deliveryIds(id, [b1[0], ...b2, ...b3]);
    await untilRecorded(id, expected.length);
    await dispatcher.stop();
    expect(r.ids()).toEqual(expected);
    expect(r.requests).toBe(expected.length + 3);
    expect(r.acked.every((a) => a.signatureOk && a.deliveryHeader === a.payload.deliveryId && a.eventHeader === a.payload.event.type)).toBe(true);
    expect(r.acked[0].payload).toEqual({ deliveryId: expected[0], subscriptionId: id, blockNumber: 1, txIndex: 0, txId: b1[0].txId, event: b1[0].event });

    const rows = await outboxRows(id);
    expect(rows.map((row) => row.status)).toEqual(expected.map(() => 'DELIVERED'));
    expect(rows[0].attempts).toBe(4);
    expect(rows.slice(1).every((row) => row.attempts === 1 && row.delivered_at !== null)).toBe(true);
  });

  it('gives each subscriber its own stream by event type and district', async () => {
    const [steps, sales, other, all] = await Promise.all([receiver(), receiver(), receiver(), receiver()]);
    const stepsId = await subscribe(steps, 'D1', ['REGISTRATION_STEP']);
    const salesId = await subscribe(sales, 'D1', ['CONTRACT_FILED', 'TAX_CLEARED']);
    const otherId = await subscribe(other, 'D2', []);
    const allId = await subscribe(all, 'D1', []);
    const txs = [tx(0, 'CONTRACT_FILED', 'D1'), tx(1, 'REGISTRATION_STEP', 'D2'), tx(2, 'TAX_CLEARED', 'D1'), tx(3, 'REGISTRATION_STEP', 'D1'), tx(4, 'CONTRACT_FILED', 'D2')];
    const later = [tx(0, 'REGISTRATION_STEP', 'D1'), tx(1, 'SEIZURE_RECORDED', 'D1')];
    dispatcher.start();
    await project(block(1, txs));
    await project(block(2, later));

    const want = new Map([
      [steps, deliveryIds(stepsId, [txs[3], later[0]])],
      [sales, deliveryIds(salesId, [txs[0], txs[2]])],
      [other, deliveryIds(otherId, [txs[1], txs[4]])],
      [all, deliveryIds(allId, [txs[0], txs[2], txs[3], ...later])],
    ]);
    await until('every stream', () => [...want].every(([r, ids]) => r.acked.length >= ids.length));
    await dispatcher.stop();
    for (const [r, ids] of want) {
      expect(r.ids()).toEqual(ids);
      expect(r.acked.every((a) => a.signatureOk)).toBe(true);
    }
  });

  it('pauses a subscription on a DEAD delivery and resumes it, with what it missed, after reconciliation', async () => {
    wire({ ...fast, maxAttempts: 3 });
    const r = await receiver();
    r.down = true;
    const healthy = await receiver();
    const id = await subscribe(r, 'D1');
    const healthyId = await subscribe(healthy, 'D1');
    const first = tx(0, 'CONTRACT_FILED', 'D1');
    const missed = tx(0, 'TAX_CLEARED', 'D1');
    const last = tx(0, 'REGISTRATION_STEP', 'D1');
    dispatcher.start();
    await project(block(1, [first]));
    await project(block(2, [missed]), { outbox: false });
    await project(block(3, [last]));

    await until('the first delivery to die', async () => (await outboxRows(id))[0].status === 'DEAD');
    await until('the healthy subscriber', () => healthy.acked.length === 2);
    const paused = await outboxRows(id);
    expect(paused.map((row) => [row.tx_id, row.status, row.attempts])).toEqual([
      [first.txId, 'DEAD', 3],
      [last.txId, 'PENDING', 0],
    ]);
    expect(paused[0].last_error).toBe('HTTP 500');
    expect(r.requests).toBe(3);

    r.down = false;
    expect(await reconciler.reconcile(id)).toEqual({ requeued: 1, recreated: 1 });
    await until('the paused subscriber', () => r.acked.length >= 3);
    expect(r.ids()).toEqual(deliveryIds(id, [first, missed, last]));
    expect(r.acked.every((a) => a.signatureOk)).toBe(true);
    // The healthy subscriber's missed row is back too, after what it already had.
    expect(await reconciler.reconcile()).toEqual({ requeued: 0, recreated: 1 });
    await until('the healthy subscriber catching up', () => healthy.acked.length >= 3);
    expect(healthy.ids()).toEqual(deliveryIds(healthyId, [first, last, missed]));
    expect(await reconciler.reconcile()).toEqual({ requeued: 0, recreated: 0 });
  });

  it('does not duplicate when a block is enqueued twice or replayed by a rebuild, and skips what predates a subscription', async () => {
    const r = await receiver();
    await project(block(4, [tx(0, 'CONTRACT_FILED', 'D1')]));
    const id = await subscribe(r, 'D1');
    expect((await subscriptions.get(id))?.fromBlock).toBe(4);
    const b5 = block(5, [tx(0, 'CONTRACT_FILED', 'D1'), tx(1, 'TAX_CLEARED', 'D1')]);
    expect(await project(b5)).toBe(2);
    expect(await db.transaction((t) => outbox.enqueueBlock(t, b5))).toBe(0);
    // A rebuild replays from block 0 with a fresh process (fresh cache).
    const rebuilt = new WebhookOutbox(systemClock);
    expect(await db.transaction((t) => rebuilt.enqueueBlock(t, block(4, [tx(0, 'CONTRACT_FILED', 'D1')])))).toBe(0);
    expect(await db.transaction((t) => rebuilt.enqueueBlock(t, b5))).toBe(0);
    expect((await outboxRows(id)).map((row) => row.tx_id)).toEqual(b5.transactions.map((t) => t.txId));
    expect(await reconciler.reconcile()).toEqual({ requeued: 0, recreated: 0 });
  });

  it('catches up a subscription created while a block was being projected', async () => {
    const r = await receiver();
    const early = await subscribe(r, 'D1');
    await project(block(1, [tx(0, 'CONTRACT_FILED', 'D1')]));
    // Another instance creates the subscription, so this outbox's cache misses it for block 2.
    const elsewhere = new WebhookSubscriptions(db, systemClock, new WebhookOutbox(systemClock));
    const late = await elsewhere.create({ url: r.url, eventTypes: [], district: 'D1', ownerMsp: 'BankMSP', createdBy: 'ops@bank' });
    const b2 = block(2, [tx(0, 'TAX_CLEARED', 'D1')]);
    const b3 = block(3, [tx(0, 'REGISTRATION_STEP', 'D1')]);
    expect(await project(b2)).toBe(1);
    outbox.invalidate();
    expect(await project(b3)).toBe(3);
    expect((await outboxRows(late.id)).map((row) => row.tx_id)).toEqual([b2.transactions[0].txId, b3.transactions[0].txId]);
    expect((await outboxRows(early)).length).toBe(3);
  });

  it('replays delivered events from a delivery on, and refuses foreign or unknown ones', async () => {
    const r = await receiver();
    const id = await subscribe(r, 'D1');
    const txs = [tx(0, 'CONTRACT_FILED', 'D1'), tx(1, 'TAX_CLEARED', 'D1'), tx(2, 'REGISTRATION_STEP', 'D1')];
    dispatcher.start();
    await project(block(1, txs));
    await untilRecorded(id, 3);
    const ids = deliveryIds(id, txs);
    expect(await reconciler.replay(id, ids[1])).toBe(2);
    await until('the replay', () => r.acked.length === 5);
    expect(r.ids()).toEqual([...ids, ids[1], ids[2]]);
    await expect(reconciler.replay(id, `other:${txs[0].txId}`)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(reconciler.replay(id, `${id}:nope`)).rejects.toMatchObject({ code: 'DELIVERY_NOT_FOUND' });
  });

  it('resolves through tsyringe, the subscription service invalidating the projector\'s outbox', async () => {
    const c = container.createChildContainer();
    c.register(READ_DB, { useValue: db });
    c.register(CLOCK, { useValue: systemClock });
    c.register(LOGGER, { useValue: silent });
    c.registerSingleton(WebhookOutbox);
    c.registerSingleton(WebhookDispatcher);
    c.registerSingleton(WebhookReconciler);
    outbox = c.resolve(WebhookOutbox);
    dispatcher = c.resolve(WebhookDispatcher);
    reconciler = c.resolve(WebhookReconciler);
    expect(await project(block(1, [tx(0, 'TAX_CLEARED', 'D1')]))).toBe(0);
    const r = await receiver();
    const created = await c.resolve(WebhookSubscriptions).create({ url: r.url, eventTypes: [], district: 'D1', ownerMsp: 'BankMSP', createdBy: 'ops@bank' });
    r.secret = created.secret;
    dispatcher.start();
    const b2 = [tx(0, 'TAX_CLEARED', 'D1')];
    expect(await project(block(2, b2))).toBe(1);
    await until('the delivery', () => r.acked.length === 1);
    expect(r.ids()).toEqual(deliveryIds(created.id, b2));
  });

  it('validates subscriptions, shows the secret once and stops after deactivation', async () => {
    const r = await receiver();
    const base = { url: r.url, eventTypes: [] as EventType[], district: 'D1', ownerMsp: 'HousingMSP', createdBy: 'ops@housing' };
    await expect(subscriptions.create({ ...base, url: 'ftp://bank.example/hook' })).rejects.toMatchObject({ code: 'INVALID_INPUT', body: { field: 'url' } });
    await expect(subscriptions.create({ ...base, url: 'https://user:pw@bank.example/hook' })).rejects.toMatchObject({ body: { field: 'url' } });
    await expect(subscriptions.create({ ...base, eventTypes: ['NOT_AN_EVENT' as EventType] })).rejects.toMatchObject({ body: { field: 'eventTypes.0' } });

    const created = await subscriptions.create({ ...base, eventTypes: ['TAX_CLEARED', 'TAX_CLEARED'] });
    expect(created).toMatchObject({ eventTypes: ['TAX_CLEARED'], fromBlock: -1, active: true });
    expect(created.secret).toMatch(/^whsec_[\w-]{43}$/);
    const listed = await subscriptions.list('HousingMSP');
    expect(listed).toEqual([expect.objectContaining({ id: created.id })]);
    expect(listed[0]).not.toHaveProperty('secret');
    expect(await subscriptions.list('TaxMSP')).toEqual([]);
    expect(await subscriptions.get(created.id)).not.toHaveProperty('secret');

    expect(await project(block(1, [tx(0, 'TAX_CLEARED', 'D1')]))).toBe(1);
    expect((await subscriptions.deactivate(created.id))?.active).toBe(false);
    expect(await project(block(2, [tx(0, 'TAX_CLEARED', 'D1')]))).toBe(0);
    expect(await subscriptions.deactivate('unknown')).toBeUndefined();
  });
});
