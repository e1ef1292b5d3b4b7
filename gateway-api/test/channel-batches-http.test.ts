import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as netServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MATERIALS_CHECKLIST, type RegistrationType } from '@estate-ledger/chaincode';
import { Client } from 'pg';
import { verifyWebhookSignature } from '../src/webhooks/webhook-signature';
import { PEOPLE, hashOf } from './support/ledger-fixture';
import { householdsOf } from './support/scenario';
import { freshPostgres, type TestDatabase } from './support/test-database';

jest.setTimeout(900_000);

const MAIN = join(__dirname, '..', 'dist', 'main.js');
const DISTRICT = '511702';
const UNITS = 500;
const docs = (type: RegistrationType) => MATERIALS_CHECKLIST[type].map((t) => ({ type: t, sha256: hashOf(`${type}:${t}`) }));
const unitNumber = (room: number) => `${DISTRICT}001002GB00011F0042${String(room).padStart(4, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

/**
 * The gateway as an operator runs it (`node gateway-api/dist/main.js`, PostgreSQL read model,
 * pg-boss queue), so it can be killed with SIGKILL in the middle of a batch and started again.
 */
class GatewayProcess {
  private child?: ChildProcess;
  constructor(readonly env: Record<string, string>, readonly url: string) {}

  async start(): Promise<void> {
    let output = '';
    this.child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (b) => (output += String(b)));
    this.child.stderr?.on('data', (b) => (output += String(b)));
    for (let i = 0; i < 600; i++) {
      if (this.child.exitCode !== null) throw new Error(`gateway exited: ${output}`);
      if (await fetch(`${this.url}/health`).then((r) => r.ok, () => false)) return;
      await sleep(100);
    }
    throw new Error(`gateway did not start: ${output}`);
  }

  kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

describe('bank and developer batches through HTTP, with the gateway killed mid-batch (PostgreSQL)', () => {
  let database: TestDatabase;
  let dir: string;
  let gw: GatewayProcess;
  let staffKey: (role: string) => string;
  let receiver: Server;
  const deliveries: Array<{ id: string; body: string; signatureOk: boolean }> = [];
  let secret = '';

  const call = async <T = Record<string, unknown>>(method: string, path: string, key: string, body?: unknown) => {
    const res = await fetch(`${gw.url}/api/v1${path}`, { method, headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as T };
  };
  const ok = async <T = Record<string, unknown>>(method: string, path: string, key: string, body?: unknown) => {
    const r = await call<T>(method, path, key, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const batchOf = (key: string, id: string) => ok<{ status: string; counts: Record<string, number> }>('GET', `/channel/batches/${id}`, key);
  async function completed(key: string, id: string) {
    for (;;) {
      const b = await batchOf(key, id);
      if (b.status === 'COMPLETED') return b;
      await sleep(250);
    }
  }
  const channel = async (name: string, channelType: string, businessTypes: RegistrationType[]) =>
    (await ok<{ apiKey: string }>('POST', '/admin/channels', staffKey('admin'), { name, channelType, businessTypes, districts: [DISTRICT] })).apiKey;

  beforeAll(async () => {
    database = await freshPostgres();
    await database.db.close();
    dir = await mkdtemp(join(tmpdir(), 'estate-batch-'));
    const port = await freePort();
    gw = new GatewayProcess({ DATA_DIR: dir, DATABASE_URL: database.url as string, PORT: String(port), LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT: '0', WEBHOOK_BACKOFF_BASE_MS: '200' }, `http://127.0.0.1:${port}`);
    await gw.start();
    const accounts = JSON.parse(await readFile(join(dir, 'demo-accounts.json'), 'utf8')) as Array<{ role: string; districts: string[]; apiKey: string }>;
    staffKey = (role) => accounts.find((a) => a.role === role && a.districts.includes(DISTRICT))?.apiKey as string;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        deliveries.push({ id: String(req.headers['x-estate-delivery']), body, signatureOk: verifyWebhookSignature(secret, String(req.headers['x-estate-signature']), body) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await gw.kill();
    await new Promise<void>((r) => receiver.close(() => r()));
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('records 500 mortgages once each across a SIGKILL, refuses the rule-breaking items by code, calls back once; a suspended channel is refused while its accepted items finish', async () => {
    // A developer's project: the building table, its units linked, first registrations through the developer's channel.
    const projectId = 'P-BATCH-42';
    const households = householdsOf(projectId, 42, UNITS);
    await ok('POST', '/projects', staffKey('surveyor'), { projectId, name: '滨江花园', district: DISTRICT, developer: PEOPLE.developer, presalePermit: '达住建预售字(2025)第012号', buildings: [{ buildingId: 'B42', name: '42号楼', households }] });
    for (let i = 0; i < UNITS; i += 25) {
      await Promise.all(households.slice(i, i + 25).map((h, j) => ok('POST', `/households/${encodeURIComponent(h.houseCode)}/link`, staffKey('registrar'), { unitNumber: unitNumber(i + j + 1) })));
    }
    const developer = await channel('达州市滨江房地产开发有限公司', 'developer', ['FIRST', 'TRANSFER']);
    const first = await ok<{ batch: { batchId: string } }>('POST', '/channel/batches', developer, {
      idempotencyKey: 'first-registrations-B42',
      items: households.map((_, i) => ({ itemKey: `B42-${i + 1}`, registration: { type: 'FIRST', unitNumber: unitNumber(i + 1), applicants: [{ party: PEOPLE.developer }], documents: docs('FIRST') } })),
    });
    expect((await completed(developer, first.batch.batchId)).counts).toEqual({ PENDING: 0, RECORDED: UNITS, REFUSED: 0, FAILED: 0 });

    // Rule breakers: three seized units, two items naming someone who does not own the unit.
    const seized = [7, 77, 377];
    for (const room of seized) await ok('POST', '/seizures', staffKey('enforcement'), { seizureId: `SZ-${room}`, unitNumber: unitNumber(room), caseNumber: `(2026)川1702执${room}号`, documentHash: hashOf(`sz${room}`) });
    const strangers = [100, 400];
    const bank = await channel('中国建设银行达州分行', 'bank', ['MORTGAGE', 'MORTGAGE_CANCELLATION']);
    const mortgages = {
      idempotencyKey: 'ccb-mortgages-2026-12-01',
      callbackUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/estate-callback`,
      items: Array.from({ length: UNITS }, (_, i) => ({
        itemKey: `LOAN-${String(i + 1).padStart(5, '0')}`,
        registration: {
          type: 'MORTGAGE', unitNumber: unitNumber(i + 1), applicants: [{ party: strangers.includes(i + 1) ? PEOPLE.alice : PEOPLE.developer }], documents: docs('MORTGAGE'),
          mortgage: { creditor: PEOPLE.bank, amount: '650000.00', maximumAmount: false, noTransfer: false, termStart: '2026-12-01', termEnd: '2046-12-01' },
        },
      })),
    };
    const posted = await call<{ batch: { batchId: string; items: number }; callback: { secret: string } }>('POST', '/channel/batches', bank, mortgages);
    expect(posted.status).toBe(202);
    expect(posted.body.batch.items).toBe(UNITS);
    secret = posted.body.callback.secret;
    const batchId = posted.body.batch.batchId;

    // Killed in the middle: some items recorded, others not yet.
    for (;;) {
      const b = await batchOf(bank, batchId);
      if (b.counts.RECORDED >= 100) break;
      await sleep(100);
    }
    await gw.kill();
    await gw.start();
    const again = await call<{ batch: { batchId: string }; replayed: boolean }>('POST', '/channel/batches', bank, mortgages);
    expect(again).toMatchObject({ status: 200, body: { replayed: true, batch: { batchId } } });

    const done = await completed(bank, batchId);
    expect(done.counts).toEqual({ PENDING: 0, RECORDED: UNITS - 5, REFUSED: 5, FAILED: 0 });
    const items = (await ok<{ items: Array<{ unitNumber: string; status: string; code: string | null }> }>('GET', `/channel/batches/${batchId}/items?limit=200`, bank)).items;
    expect(items.length).toBe(200);
    const refused: Array<{ unitNumber: string; code: string | null }> = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { items: Array<{ unitNumber: string; status: string; code: string | null }>; nextCursor: string | null } = await ok('GET', `/channel/batches/${batchId}/items?limit=200${cursor ? `&cursor=${cursor}` : ''}`, bank);
      refused.push(...page.items.filter((i) => i.status === 'REFUSED').map((i) => ({ unitNumber: i.unitNumber, code: i.code })));
      cursor = page.nextCursor;
    }
    expect(refused).toEqual([
      { unitNumber: unitNumber(7), code: 'UNIT_SEIZED' },
      { unitNumber: unitNumber(77), code: 'UNIT_SEIZED' },
      { unitNumber: unitNumber(100), code: 'NOT_REGISTERED_OWNER' },
      { unitNumber: unitNumber(377), code: 'UNIT_SEIZED' },
      { unitNumber: unitNumber(400), code: 'NOT_REGISTERED_OWNER' },
    ]);

    // Exactly once on the ledger: one application and one recording per item, whatever the kill interrupted.
    const check = new Client({ connectionString: database.url });
    await check.connect();
    const { rows } = await check.query<{ fn: string; n: string }>(
      `SELECT fn, count(*) AS n FROM transactions t JOIN registrations r ON t.tx_id = ANY(ARRAY(SELECT jsonb_array_elements(r.doc->'steps')->'actor'->>'txId'))
       WHERE r.type = 'MORTGAGE' AND t.code = 'VALID' GROUP BY fn ORDER BY fn`,
    );
    const perStep = await check.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM registrations WHERE type = 'MORTGAGE' GROUP BY status ORDER BY status`);
    expect(Object.fromEntries(perStep.rows.map((r) => [r.status, Number(r.n)]))).toEqual({ NOT_ACCEPTED: 5, RECORDED: UNITS - 5 });
    expect(Object.fromEntries(rows.map((r) => [r.fn, Number(r.n)]))).toEqual({
      'Registration:accept': UNITS - 5, 'Registration:apply': UNITS, 'Registration:notAccept': 5, 'Registration:record': UNITS - 5, 'Registration:review': UNITS - 5,
    });

    // One signed callback for the batch, none repeated.
    for (let i = 0; i < 100 && deliveries.length === 0; i++) await sleep(100);
    await sleep(1500);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].signatureOk).toBe(true);
    expect(JSON.parse(deliveries[0].body)).toMatchObject({ event: { type: 'BATCH_COMPLETED', batchId, items: UNITS, recorded: UNITS - 5, refused: 5, failed: 0 } });

    // Suspension: new calls refused, the items already accepted finish.
    const secondMortgages = {
      idempotencyKey: 'ccb-second-mortgages',
      items: Array.from({ length: 20 }, (_, i) => ({
        itemKey: `LOAN2-${i + 1}`,
        registration: { type: 'MORTGAGE', unitNumber: unitNumber(200 + i), applicants: [{ party: PEOPLE.developer }], documents: docs('MORTGAGE'), mortgage: { creditor: PEOPLE.bank, amount: '100000.00', maximumAmount: false, noTransfer: false, termStart: '2026-12-01', termEnd: '2031-12-01' } },
      })),
    };
    const second = await ok<{ batch: { batchId: string } }>('POST', '/channel/batches', bank, secondMortgages);
    const accounts = await ok<{ items: Array<{ accountId: string; name: string }> }>('GET', '/admin/channels', staffKey('admin'));
    const bankId = accounts.items.find((a) => a.name === '中国建设银行达州分行')?.accountId as string;
    await ok('POST', `/admin/channels/${bankId}/suspend`, staffKey('admin'), { reason: '批量业务退件率异常，暂停核查' });
    const refusedBatch = await call('POST', '/channel/batches', bank, { ...secondMortgages, idempotencyKey: 'ccb-after-suspension' });
    expect(refusedBatch).toMatchObject({ status: 403, body: { error: { code: 'CHANNEL_SUSPENDED' } } });
    // The suspended channel cannot even read its batch: the queue's own table shows the items finishing.
    for (;;) {
      const left = await check.query<{ n: string }>(`SELECT count(*) AS n FROM channel_batch_items WHERE batch_id = $1 AND status = 'PENDING'`, [second.batch.batchId]);
      if (Number(left.rows[0].n) === 0) break;
      await sleep(250);
    }
    await check.end();
    await ok('POST', `/admin/channels/${bankId}/reopen`, staffKey('admin'), {});
    expect((await batchOf(bank, second.batch.batchId)).counts).toEqual({ PENDING: 0, RECORDED: 20, REFUSED: 0, FAILED: 0 });
  });
});
