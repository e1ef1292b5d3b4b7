import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Client } from 'pg';
import { PROJECTION_TABLES } from '../src/read-model/migrations';
import type { ReadDb } from '../src/read-model/read-db';
import { GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { LedgerFixture } from './support/ledger-fixture';
import { buildingWithUnits, firstRegistration, transfer } from './support/scenario';
import { TcpProxy } from './support/tcp-proxy';
import { freshPostgres, PG_ADMIN_URL } from './support/test-database';

const CLI = join(__dirname, '..', 'dist', 'cli', 'readmodel.js');

/** Every projection table as sorted JSON rows: two read models are equal when these are. */
async function dump(db: ReadDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of PROJECTION_TABLES) {
    const rows = await db.query<{ r: string }>(`SELECT row_to_json(t)::text AS r FROM ${table} t`);
    out[table] = rows.map((x) => x.r).sort();
  }
  return out;
}

function runCli(mode: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, mode], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b) => (output += String(b)));
  child.stderr.on('data', (b) => (output += String(b)));
  return { child, output: () => output };
}

test('a projector killed mid-projection resumes from its checkpoint and ends equal to a rebuild', async () => {
  const fx = await LedgerFixture.create();
  const units = await buildingWithUnits(fx, 1, 12);
  for (const u of units) await firstRegistration(fx, u);
  for (const u of units.slice(0, 6)) await transfer(fx, u, ['developer'], ['alice']);
  await fx.close(false);

  const killed = await freshPostgres();
  const rebuilt = await freshPostgres();
  const env = { DATA_DIR: fx.dir, PROJECTOR_BATCH_TX: '2' };
  try {
    const first = runCli('rebuild', { ...env, DATABASE_URL: killed.url as string });
    // Kill it once a few batches have committed, well before the end.
    for (;;) {
      const [cp] = await killed.db.query<{ block_number: string }>('SELECT block_number FROM projector_checkpoint').catch(() => []);
      if (cp && Number(cp.block_number) >= 10) break;
      if (first.child.exitCode !== null) throw new Error(`projector finished before it could be killed: ${first.output()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const [partial] = await killed.db.query<{ block_number: string }>('SELECT block_number FROM projector_checkpoint');
    const [blocks] = await killed.db.query<{ n: string; max: string }>('SELECT count(*) AS n, max(number) AS max FROM blocks');
    // The checkpoint and the projected blocks were written together: no block beyond it, none missing.
    expect(Number(blocks.max)).toBe(Number(partial.block_number));
    expect(Number(blocks.n)).toBe(Number(partial.block_number) + 1);

    const resumed = runCli('catch-up', { ...env, DATABASE_URL: killed.url as string });
    const [code] = await once(resumed.child, 'exit');
    expect({ code, out: resumed.output() }).toMatchObject({ code: 0 });

    const full = runCli('rebuild', { ...env, DATABASE_URL: rebuilt.url as string });
    expect((await once(full.child, 'exit'))[0]).toBe(0);

    const a = await dump(killed.db);
    const b = await dump(rebuilt.db);
    expect(a.registrations.length).toBe(units.length + 6);
    expect(a).toEqual(b);

    // A rebuild over the same database gives the same tables again.
    const again = runCli('rebuild', { ...env, DATABASE_URL: killed.url as string });
    expect((await once(again.child, 'exit'))[0]).toBe(0);
    expect(await dump(killed.db)).toEqual(b);
  } finally {
    await killed.drop();
    await rebuilt.drop();
    await fx.close(true);
  }
}, 180_000);

test('with PostgreSQL gone under load the ledger keeps committing, reads answer 503, and projection catches up exactly once', async () => {
  const target = new URL(PG_ADMIN_URL);
  const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
  const database = await freshPostgres();
  const url = new URL(database.url as string);
  url.port = String(proxy.port);
  const fx = await GatewayFixture.start('pglite', { DATABASE_URL: url.toString(), PROJECTION_WAIT_MS: '200' });
  const s = new HttpScenario(fx);
  try {
    const units = await s.building(4, 24);
    const certs: string[] = [];
    for (const u of units.slice(0, 4)) certs.push(String((await s.register({ type: 'FIRST', unitNumber: u, applicants: ['developer'] })).certHash));

    let stop = false;
    let committed = 0;
    const failures: string[] = [];
    const load = async (slice: string[]) => {
      for (const u of slice) {
        if (stop) return;
        try {
          await s.registerOnLedger({ type: 'FIRST', unitNumber: u, applicants: ['developer'] });
          committed++;
        } catch (err) {
          failures.push(String(err));
        }
      }
    };
    const running = Promise.all([load(units.slice(4, 12)), load(units.slice(12, 20)), load(units.slice(20))]);
    await new Promise((r) => setTimeout(r, 150));
    proxy.cut();
    const heightAtCut = await fx.gw.ledger.height();

    // Reads: a clear 503 with a stable code; public verification: STATUS_UNKNOWN, never VALID.
    const read = await fx.request<{ error: { code: string } }>('GET', `/api/v1/units/${units[0]}`, { key: s.key('clerk') });
    expect(read.status).toBe(503);
    expect(read.body.error.code).toBe('READ_MODEL_UNAVAILABLE');
    const verify = await fx.request<{ outcome: string }>('GET', `/api/v1/verify/${certs[0]}`);
    expect(verify.status).toBe(503);
    expect(verify.body.outcome).toBe('STATUS_UNKNOWN');
    const health = await fx.request<{ status: string }>('GET', '/health');
    expect(health.body.status).toBe('DEGRADED');

    await new Promise((r) => setTimeout(r, 1_000));
    expect(await fx.gw.ledger.height()).toBeGreaterThan(heightAtCut);
    proxy.restore();
    stop = true;
    await running;
    expect(failures).toEqual([]);
    expect(committed).toBeGreaterThan(0);

    // Caught up: every committed transaction projected once.
    for (let i = 0; i < 200; i++) {
      const h = await fx.request<{ status: string; readModel: { lagBlocks: number } }>('GET', '/health');
      if (h.body.status === 'UP' && h.body.readModel.lagBlocks === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const height = await fx.gw.ledger.height();
    const c = new Client({ connectionString: database.url });
    await c.connect();
    const [{ blocks, txs, distinct, regs }] = (
      await c.query<{ blocks: string; txs: string; distinct: string; regs: string }>(
        `SELECT (SELECT count(*) FROM blocks) AS blocks, (SELECT count(*) FROM transactions) AS txs,
                (SELECT count(DISTINCT tx_id) FROM transactions) AS distinct, (SELECT count(*) FROM registrations WHERE status = 'ISSUED') AS regs`,
      )
    ).rows;
    await c.end();
    expect(Number(blocks)).toBe(height);
    expect(Number(txs)).toBe(Number(distinct));
    expect(Number(regs)).toBe(4 + committed);
    expect((await fx.request<{ outcome: string }>('GET', `/api/v1/verify/${certs[0]}`)).body.outcome).toBe('VALID');
  } finally {
    await fx.close();
    await database.drop();
    await proxy.close();
  }
}, 180_000);

