import 'reflect-metadata';
import pino from 'pino';
import { container } from 'tsyringe';
import { AUDIT_COLUMNS, GENESIS_HASH, chainHash, fromRow, storedPart, type AuditRow } from '../src/audit/audit-chain';
import type { AuditEntry } from '../src/audit/audit-entry';
import { AuditLog, type AuditLogOptions } from '../src/audit/audit-log';
import { AuditQuery } from '../src/audit/audit-query';
import { ReadModelUnavailableError, type ReadDb, type SqlExecutor } from '../src/read-model/read-db';
import { CLOCK, LOGGER, READ_DB } from '../src/tokens';
import type { Clock } from '../src/register-clock';
import { freshPglite, freshPostgres, type TestDatabase } from './support/test-database';

jest.setTimeout(60_000);

// Entries must be recent: the database lets entries older than a year be deleted.
const START = Math.floor(Date.now() / 60_000) * 60_000 - 24 * 3600 * 1000;
const iso = (offsetMs: number) => new Date(START + offsetMs).toISOString();

/** A clock the test moves. */
class TestClock implements Clock {
  constructor(public ms = START) {}
  now(): Date {
    return new Date(this.ms);
  }
}

/** The read model going away and coming back: while `down`, every call fails as a lost server does. */
class FlakyDb implements ReadDb {
  down = false;
  /** The next INSERT commits, then reports the connection lost (the reply never arrived). */
  loseNextReply = false;
  readonly kind: ReadDb['kind'];

  constructor(private readonly inner: ReadDb) {
    this.kind = inner.kind;
  }

  async query<R extends object>(text: string, params?: unknown[], name?: string): Promise<R[]> {
    if (this.down) throw new ReadModelUnavailableError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const rows = await this.inner.query<R>(text, params, name);
    if (this.loseNextReply && text.includes('INSERT')) {
      this.loseNextReply = false;
      throw new ReadModelUnavailableError(new Error('Connection terminated unexpectedly'));
    }
    return rows;
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction(fn);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

const backends: Array<[string, () => Promise<TestDatabase>]> = [
  ['PostgreSQL', freshPostgres],
  ['PGlite', freshPglite],
];

describe.each(backends)('audit log on %s', (_name, open) => {
  let database: TestDatabase;
  let db: ReadDb;
  let clock: TestClock;
  const logs: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
  const writers: AuditLog[] = [];

  function writer(options: Partial<AuditLogOptions> = {}, on: ReadDb = db): AuditLog {
    const log = new AuditLog(on, clock, logger, { flushIntervalMs: 5, retryDelayMs: 20, ...options });
    writers.push(log);
    log.start();
    return log;
  }

  const request = (i: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
    kind: 'REQUEST',
    actor: i % 3 === 0 ? 'alice' : 'bob',
    msp: 'RegistryMSP',
    role: 'clerk',
    district: i % 2 === 0 ? '511702' : '511703',
    method: 'GET',
    path: `/api/v1/units/${i}`,
    status: 200,
    durationMs: 1.25 + i,
    requestId: `req-${i}`,
    clientIp: '10.0.0.7',
    detail: { i },
    ...extra,
  });

  const count = async () => Number((await db.query<{ n: string | number }>('SELECT count(*) AS n FROM audit_log'))[0].n);

  beforeEach(async () => {
    database = await open();
    db = database.db;
    clock = new TestClock();
    logs.length = 0;
  });

  afterEach(async () => {
    await Promise.all(writers.splice(0).map((w) => w.stop(100)));
    await database.drop();
  });

  it('chains entries across batches and restarts, and verifies the chain', async () => {
    const log = writer();
    for (let i = 0; i < 1_200; i++) {
      log.record(request(i));
      clock.ms += 7;
    }
    log.record({ kind: 'SUBMISSION', actor: 'alice', msp: 'RegistryMSP', txId: 'tx-1', fn: 'Registration:record', status: 200, detail: { nested: { list: [1, 'two', null] } } });
    await log.flush();
    await log.stop();

    const rows = await db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 1_201 }, (_, i) => i + 1));
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(fromRow(rows[5])).toMatchObject({ ...request(5), seq: 6, at: iso(35) });
    expect(fromRow(rows[1_200])).toMatchObject({ kind: 'SUBMISSION', txId: 'tx-1', detail: { nested: { list: [1, 'two', null] } } });

    // A new process continues the chain from the last row.
    const next = writer();
    next.record({ kind: 'SYSTEM', actor: 'gateway', detail: { event: 'STARTED' } });
    await next.flush();
    const [last] = await db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq = 1202`);
    expect(last.prev_hash).toBe(rows[1_200].hash);

    const query = new AuditQuery(db);
    expect(await query.verifyChain()).toEqual({ ok: true, checked: 1_202 });
    expect(await query.verifyChain(1_000, 1_100)).toEqual({ ok: true, checked: 101 });
  });

  it('resolves through tsyringe with default options', async () => {
    const c = container.createChildContainer();
    c.register(READ_DB, { useValue: db });
    c.register(CLOCK, { useValue: clock });
    c.register(LOGGER, { useValue: logger });
    c.registerSingleton(AuditLog);
    const log = c.resolve(AuditLog);
    writers.push(log);
    log.start();
    log.record(request(1));
    await log.flush();
    expect(await c.resolve(AuditQuery).verifyChain()).toEqual({ ok: true, checked: 1 });
  });

  it('stores awkward input exactly as hashed', async () => {
    const log = writer();
    log.record({ kind: 'REQUEST', actor: '', path: `/a\u0000b/${'x'.repeat(5_000)}`, method: 'GET\uD800', status: 200.5, durationMs: Number.NaN, detail: { 'k\u0000': 'v\uDC00', n: 0.1 + 0.2, big: 1e21, when: new Date(0) } });
    log.record({ kind: 'REQUEST', actor: 'carol', detail: { blob: 'y'.repeat(10_000) } });
    await log.flush();
    const [first, second] = (await new AuditQuery(db).page({}, { limit: 10 })).items.reverse();
    expect(first).toMatchObject({ actor: 'anonymous', method: 'GET\uFFFD', detail: { 'k\uFFFD': 'v\uFFFD', n: 0.30000000000000004, big: 1e21, when: '1970-01-01T00:00:00.000Z' } });
    expect(first.path).toHaveLength(2_048);
    expect(first.path?.startsWith('/a\uFFFDb/')).toBe(true);
    expect(first.status).toBeUndefined();
    expect(first.durationMs).toBeUndefined();
    expect(second.detail).toEqual({ truncated: true, length: 10_011 });
    expect(await new AuditQuery(db).verifyChain()).toEqual({ ok: true, checked: 2 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE, but lets entries older than a year go', async () => {
    const log = writer();
    const now = clock.ms;
    clock.ms = now - 400 * 24 * 3600 * 1000;
    log.record(request(0));
    log.record(request(1));
    clock.ms = now;
    for (let i = 2; i < 6; i++) log.record(request(i));
    await log.flush();

    await expect(db.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4")).rejects.toThrow(/append-only/);
    await expect(db.query('UPDATE audit_log SET status = 500')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = 4')).rejects.toThrow(/kept at least one year/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/kept at least one year/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/cannot be truncated/);
    expect(await count()).toBe(6);

    await db.query('DELETE FROM audit_log WHERE seq <= 2');
    expect(await count()).toBe(4);
    // The first entry left links to a deleted one: it anchors the chain.
    expect(await new AuditQuery(db).verifyChain()).toEqual({ ok: true, checked: 4 });
  });

  it('detects an entry altered behind the triggers', async () => {
    const log = writer();
    for (let i = 0; i < 20; i++) log.record(request(i));
    await log.flush();
    const query = new AuditQuery(db);
    expect(await query.verifyChain()).toEqual({ ok: true, checked: 20 });

    const tamper = (sql: string, params: unknown[] = []) =>
      db.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_rewrite');
        await tx.query(sql, params);
        await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_rewrite');
      });
    await tamper("UPDATE audit_log SET status = 403 WHERE seq = 13");
    expect(await query.verifyChain()).toEqual({ ok: false, checked: 12, firstBadSeq: 13 });
    expect(await query.verifyChain(14)).toEqual({ ok: true, checked: 7 });

    // Recomputing the altered entry's own hash moves the break to the next link.
    const [row] = await db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq = 13`);
    await tamper('UPDATE audit_log SET hash = $1 WHERE seq = 13', [chainHash(row.prev_hash, storedPart(fromRow(row)))]);
    expect(await query.verifyChain()).toEqual({ ok: false, checked: 13, firstBadSeq: 14 });

    await tamper('DELETE FROM audit_log WHERE seq = 7');
    expect(await query.verifyChain()).toEqual({ ok: false, checked: 6, firstBadSeq: 8 });
  });

  it('keeps entries queued in order while the database is away and writes them when it returns', async () => {
    const flaky = new FlakyDb(db);
    const log = writer({ batchSize: 7 }, flaky);
    flaky.down = true;
    for (let i = 0; i < 30; i++) log.record(request(i));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(log.backlog).toBe(30);
    expect(await count()).toBe(0);
    expect(logs.filter((l) => l.msg.startsWith('audit log write failed'))).toHaveLength(1);

    flaky.down = false;
    flaky.loseNextReply = true;
    for (let i = 30; i < 40; i++) log.record(request(i));
    await log.flush();
    expect(log.backlog).toBe(0);
    const items = (await new AuditQuery(db).page({}, { limit: 100 })).items.reverse();
    expect(items.map((e) => e.detail?.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(items.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await new AuditQuery(db).verifyChain()).toEqual({ ok: true, checked: 40 });
    expect(logs.some((l) => l.msg === 'audit log writes resumed')).toBe(true);
  });

  it('bounds the queue, warns before dropping and records the gap', async () => {
    const flaky = new FlakyDb(db);
    const log = writer({ maxQueued: 10 }, flaky);
    flaky.down = true;
    for (let i = 0; i < 15; i++) log.record(request(i));
    expect(log.backlog).toBe(10);
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringContaining('80% full'), expect.stringContaining('queue full')]));
    flaky.down = false;
    await log.flush();
    await log.flush();
    const items = (await new AuditQuery(db).page({}, { limit: 100 })).items.reverse();
    expect(items.map((e) => e.detail?.i ?? e.detail?.event)).toEqual([...Array.from({ length: 10 }, (_, i) => i), 'AUDIT_ENTRIES_DROPPED']);
    expect(items[10]).toMatchObject({ kind: 'SYSTEM', actor: 'gateway', detail: { count: 5 } });
  });

  it('pages newest first without gaps or duplicates while entries are appended', async () => {
    const log = writer();
    for (let i = 0; i < 1_234; i++) {
      log.record(request(i));
      clock.ms += 1_000;
    }
    await log.flush();
    const query = new AuditQuery(db);

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await query.page({}, { limit: 100, cursor });
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
      log.record(request(9_999));
      await log.flush();
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 1_234 }, (_, i) => 1_234 - i));

    const alice: number[] = [];
    cursor = undefined;
    do {
      const page = await query.page({ actor: 'alice', kind: 'REQUEST', district: '511702' }, { limit: 7, cursor });
      alice.push(...page.items.map((e) => Number(e.detail?.i)));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = Array.from({ length: 1_234 }, (_, i) => i).filter((i) => i % 6 === 0);
    expect(alice).toEqual(expected.reverse());

    // [from, to): entries 100 to 109 by their time.
    const window = await query.page({ from: iso(100_000).replace('.000Z', 'Z'), to: iso(110_000) });
    expect(window.items.map((e) => e.detail?.i)).toEqual([109, 108, 107, 106, 105, 104, 103, 102, 101, 100]);
    expect(window.nextCursor).toBeUndefined();
    expect((await query.page({ txId: 'none' })).items).toEqual([]);

    await expect(query.page({}, { limit: 501 })).rejects.toMatchObject({ code: 'INVALID_INPUT', body: { field: 'limit' } });
    await expect(query.page({}, { cursor: 'abc' })).rejects.toMatchObject({ body: { field: 'cursor' } });
    await expect(query.page({ from: iso(0).slice(0, 10) })).rejects.toMatchObject({ body: { field: 'from' } });
  });

  it('exports RFC 4180 CSV with formula injection neutralised and Chinese text intact', async () => {
    const log = writer();
    log.record({ kind: 'REQUEST', actor: '张三', district: '511702', method: 'POST', path: '/api/v1/applications?a=1,b="2"', status: 201, durationMs: 12.5, detail: { note: '不动产登记' } });
    log.record({ kind: 'REQUEST', actor: '=HYPERLINK("http://evil.example","x")', path: '+1', role: '-2+3', msp: '@SUM(A1)', fn: 'multi\r\nline' });
    for (let i = 0; i < 1_100; i++) log.record(request(i, { kind: 'SUBMISSION' }));
    await log.flush();
    const query = new AuditQuery(db);

    const chunks: string[] = [];
    expect(await query.csv({ kind: 'REQUEST' }, (chunk) => void chunks.push(chunk))).toBe(2);
    const lines = chunks.join('').split('\r\n');
    expect(lines[0]).toBe('\uFEFFseq,at,kind,actor,msp,role,district,method,path,status,duration_ms,request_id,tx_id,fn,client_ip,detail,prev_hash,hash');
    const [hashOf1, hashOf2] = (await db.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq LIMIT 2')).map((r) => r.hash);
    expect(lines[1]).toBe(`1,${iso(0)},REQUEST,张三,,,511702,POST,"/api/v1/applications?a=1,b=""2""",201,12.5,,,,,"{""note"":""不动产登记""}",${GENESIS_HASH},${hashOf1}`);
    expect(lines[2]).toBe(`2,${iso(0)},REQUEST,"'=HYPERLINK(""http://evil.example"",""x"")",'@SUM(A1),'-2+3,,,'+1,,,,,"multi`);
    expect(lines[3]).toBe(`line",,,${hashOf1},${hashOf2}`);
    expect(lines[4]).toBe('');
    expect(lines).toHaveLength(5);

    let rows = 0;
    let writes = 0;
    expect(
      await query.csv({ kind: 'SUBMISSION' }, async (chunk) => {
        writes++;
        rows += chunk.split('\r\n').length - 1;
        await new Promise((resolve) => setImmediate(resolve));
      }),
    ).toBe(1_100);
    expect(rows).toBe(1_101);
    expect(writes).toBe(4);
  });
});
