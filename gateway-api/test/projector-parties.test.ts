import pino from 'pino';
import { join } from 'node:path';
import { loadConfig } from '../src/config/gateway-config';
import type { LedgerPort } from '../src/ledger/ledger-port';
import { migrate } from '../src/read-model/migrations';
import { PgliteReadDb } from '../src/read-model/pglite-read-db';
import { PiiVault } from '../src/read-model/pii-vault';
import { partyReaderOf, Projector } from '../src/read-model/projector';
import type { ReadDb } from '../src/read-model/read-db';
import { GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { LedgerFixture } from './support/ledger-fixture';
import { buildingWithUnits, firstRegistration } from './support/scenario';

test('reads parties as a role of the gateway’s own organisation that may read them, and as nobody where none may', () => {
  expect(partyReaderOf('RegistryMSP')).toEqual({ msp: 'RegistryMSP', role: 'clerk' });
  expect([partyReaderOf('HousingMSP'), partyReaderOf('TaxMSP'), partyReaderOf('CourtMSP')]).toEqual([undefined, undefined, undefined]);
});

test('reads party records from the ledger before it opens the SQL transaction of a batch', async () => {
  const fx = await LedgerFixture.create();
  const db = await PgliteReadDb.open(join(fx.dir, 'readmodel'));
  try {
    const [unit] = await buildingWithUnits(fx, 1, 1);
    await firstRegistration(fx, unit);
    await migrate(db);
    let inTransaction = false;
    const watchedDb: ReadDb = {
      kind: db.kind,
      query: (text, params) => db.query(text, params),
      transaction: async (fn) => {
        inTransaction = true;
        try {
          return await db.transaction(fn);
        } finally {
          inTransaction = false;
        }
      },
      close: () => db.close(),
    };
    const evaluatedInTransaction: string[] = [];
    const ledger: LedgerPort = {
      submit: (req) => fx.ledger.submit(req),
      evaluate: (req) => {
        if (inTransaction) evaluatedInTransaction.push(req.fn);
        return fx.ledger.evaluate(req);
      },
      blocks: (from, signal) => fx.ledger.blocks(from, signal),
      height: () => fx.ledger.height(),
      close: () => fx.ledger.close(),
    };
    const config = loadConfig({ DATA_DIR: fx.dir });
    const projector = new Projector(ledger, watchedDb, new PiiVault(config.piiKey), pino({ level: 'silent' }), [], config, { maxBatchTx: 3 });
    expect(await projector.catchUp()).toBeGreaterThan(3);
    expect(evaluatedInTransaction).toEqual([]);
    const [{ named }] = await db.query<{ named: number }>('SELECT count(*)::int AS named FROM parties WHERE name_enc IS NOT NULL');
    expect(named).toBeGreaterThan(0);
  } finally {
    await db.close();
    await fx.close();
  }
}, 60_000);

describe('a gateway whose organisation may not read parties (ORG=housing)', () => {
  let fx: GatewayFixture;
  let unit: string;
  beforeAll(async () => {
    fx = await GatewayFixture.start('pglite', { ORG: 'housing' });
    const s = new HttpScenario(fx);
    [unit] = await s.building(2, 1);
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
  }, 90_000);
  afterAll(async () => fx?.close());

  test('projects every block and stores the parties as references it cannot read', async () => {
    const [{ height }] = await fx.gw.db.query<{ height: string }>('SELECT block_number AS height FROM projector_checkpoint');
    expect(Number(height)).toBe((await fx.gw.ledger.height()) - 1);
    const parties = await fx.gw.db.query<{ kind: string | null; name_enc: string | null }>('SELECT kind, name_enc FROM parties');
    expect(parties.length).toBeGreaterThan(0);
    expect(parties.every((p) => p.kind === null && p.name_enc === null)).toBe(true);
  });

  test('shows the parties of a unit by reference only, even to a registry clerk', async () => {
    const res = await fx.request<{ ownership: { holders: unknown[] } }>('GET', `/api/v1/units/${unit}`, { key: fx.key('RegistryMSP', 'clerk') });
    expect(res.status).toBe(200);
    expect(res.body.ownership.holders).toEqual([expect.objectContaining({ party: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
  });
});
