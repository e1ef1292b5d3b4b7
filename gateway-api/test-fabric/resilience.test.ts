import { MSP_IDS, ORGANISATIONS, type MspId } from '@estate-ledger/chaincode';
import { GatewayFixture } from '../test/support/gateway-fixture';
import { HttpScenario, nextId } from '../test/support/http-scenario';
import { DISTRICT, PEOPLE } from '../test/support/ledger-fixture';
import { householdsOf } from '../test/support/scenario';
import { freshPostgres, type TestDatabase } from '../test/support/test-database';
import { ChildGateway } from './support/child-gateway';
import { PROFILE_FILE, peerCli, startPeer, stopPeer } from './support/fabric-network';
import { waitFor } from './support/wait-for';

const fabricEnv = (msp: MspId) => ({ LEDGER: 'fabric', FABRIC_NETWORK: PROFILE_FILE, ORG: ORGANISATIONS[msp].key });

const peerHeight = async (msp: MspId) => {
  const out = (await peerCli(msp, ['channel', 'getinfo', '-c', 'estate'])).toString('utf8');
  return Number(/"height":(\d+)/.exec(out)?.[1] ?? -1);
};

describe('the agencies on Fabric when a peer or a gateway fails', () => {
  const gateways = new Map<MspId, GatewayFixture>();
  let s: HttpScenario;

  beforeAll(async () => {
    for (const msp of MSP_IDS) gateways.set(msp, await GatewayFixture.start('pglite', fabricEnv(msp)));
    s = new HttpScenario(gateways.get('RegistryMSP')!, (msp) => gateways.get(msp)!);
  }, 300_000);
  afterAll(async () => {
    for (const g of gateways.values()) await g.close();
  });

  test('with the court’s peer stopped, cases go on; restarted, it catches up and the court’s read model converges', async () => {
    await stopPeer('court');
    try {
      const units = await s.building(21, 2);
      for (const unit of units) expect(await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] })).toMatchObject({ status: 'ISSUED' });
      // The court's gateway reads blocks from another agency's peer meanwhile, and can still act.
      await s.seize(units[1]);
    } finally {
      await startPeer('court');
    }
    const height = await peerHeight('RegistryMSP');
    await waitFor(async () => (await peerHeight('CourtMSP')) >= height, 'the court peer to catch up');
    const court = gateways.get('CourtMSP')!;
    await waitFor(async () => (await court.request<{ readModel: { projectedHeight: number } }>('GET', '/health')).body.readModel.projectedHeight >= height, 'the court read model');
    // Its private data came along: the court peer answers a party read for the new owner.
    const unit = (await s.building(22, 1))[0];
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const onCourtPeer = (await peerCli('CourtMSP', ['chaincode', 'query', '-C', 'estate', '-n', 'estate', '-c', JSON.stringify({ Args: ['Unit:get', unit] })])).toString('utf8');
    expect(onCourtPeer).toContain(unit);
  });

  describe('a gateway killed with SIGKILL while blocks arrive', () => {
    let db: TestDatabase;
    let registry: ChildGateway;

    beforeAll(async () => {
      db = await freshPostgres();
      registry = await ChildGateway.create({ ...fabricEnv('RegistryMSP'), DATABASE_URL: String(db.url) });
    });
    afterAll(async () => {
      await registry?.stop();
      await db?.drop();
    });

    test('resumes from its checkpoint and projects every block exactly once', async () => {
      await registry.start();
      // Another agency keeps filing building tables while the registry's gateway dies and restarts.
      let filing = true;
      const housing = (async () => {
        let n = 0;
        while (filing) {
          const projectId = nextId('P');
          await s.post('surveyor', '/projects', { projectId, name: `压力${n++}`, district: DISTRICT, developer: PEOPLE.developer, presalePermit: '达住建预售字(2025)第012号', buildings: [{ buildingId: 'B1', name: '1号楼', households: householdsOf(projectId, 30, 2) }] });
        }
      })();
      const ledgerHeight = async () => (await s.gateway('surveyor').request<{ ledger: { height: number } }>('GET', '/health')).body.ledger.height;
      let heightAtKill = 0;
      try {
        await new Promise((r) => setTimeout(r, 3_000));
        await registry.kill();
        heightAtKill = await ledgerHeight();
        await new Promise((r) => setTimeout(r, 2_000));
        // Blocks were committed while the gateway was down: it has them to catch up on.
        expect(await ledgerHeight()).toBeGreaterThan(heightAtKill);
        await registry.start();
        await new Promise((r) => setTimeout(r, 2_000));
      } finally {
        filing = false;
        await housing;
      }
      const health = async () => (await registry.health())!;
      await waitFor(async () => (await health()).readModel.projectedHeight >= (await health()).ledger.height, 'the restarted gateway to catch up');
      const height = (await health()).ledger.height;

      const one = async (sql: string) => Number(Object.values((await db.db.query<Record<string, string>>(sql))[0])[0]);
      expect(await one('SELECT count(*) FROM blocks')).toBe(height);
      expect(await one('SELECT max(number) + 1 FROM blocks')).toBe(height);
      const txs = await one('SELECT count(*) FROM transactions');
      expect(await one('SELECT sum(tx_count) FROM blocks')).toBe(txs);
      // Counters add up per projected block: a block projected twice would count twice.
      expect(await one(`SELECT sum(value) FROM ledger_counters WHERE kind = 'code'`)).toBe(txs);
      expect(await one('SELECT sum(blocks) FROM activity_by_minute')).toBe(height);
      expect(await one('SELECT block_number + 1 FROM projector_checkpoint')).toBe(height);
    });
  });
});
