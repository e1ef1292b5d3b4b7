import { MATERIALS_CHECKLIST, type RegistrationType } from '@estate-ledger/chaincode';
import type { ChannelApplicant } from '../src/applicants/applicant';
import { batchRequestSchema } from '../src/channels/batch-request';
import { ChannelBatches } from '../src/channels/channel-batches';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { LedgerClient, PEOPLE, ROLE, hashOf } from './support/ledger-fixture';
import { buildingWithUnits } from './support/scenario';

jest.setTimeout(120_000);

const docs = (type: RegistrationType) => MATERIALS_CHECKLIST[type].map((t) => ({ type: t, sha256: hashOf(`${type}:${t}`) }));
const developer: ChannelApplicant = { kind: 'channel', subject: 'dev-binjiang', name: '滨江房地产', channelType: 'developer', businessTypes: ['FIRST', 'TRANSFER'], districts: ['511702'] };
const bank: ChannelApplicant = { kind: 'channel', subject: 'bank-ccb', name: '建设银行达州分行', channelType: 'bank', businessTypes: ['MORTGAGE', 'MORTGAGE_CANCELLATION'], districts: ['511702'] };

describe.each(ENGINES)('channel batches processed from the durable queue (%s)', (engine) => {
  let fx: GatewayFixture;
  let batches: ChannelBatches;
  const parse = (body: unknown) => batchRequestSchema(() => new Date()).parseAsync(body);

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine);
    batches = fx.gw.container.resolve(ChannelBatches);
  });
  afterAll(() => fx.close());

  async function settled(channel: ChannelApplicant, batchId: string) {
    for (;;) {
      const b = await batches.get(channel, batchId);
      if (b.status === 'COMPLETED') return b;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('records every item that passes the rules, refuses the others with their rule code, and never duplicates a re-posted batch', async () => {
    const units = await buildingWithUnits(new LedgerClient(fx.gw.ledger), 7, 12);
    const first = await parse({
      idempotencyKey: 'first-b7',
      items: units.map((u, i) => ({ itemKey: `first-${i}`, registration: { type: 'FIRST', unitNumber: u, applicants: [{ party: PEOPLE.developer }], documents: docs('FIRST') } })),
    });
    const out = await batches.submit(developer, first);
    expect(out.created).toBe(true);
    const done = await settled(developer, out.batch.batchId);
    expect(done.counts).toEqual({ PENDING: 0, RECORDED: 12, REFUSED: 0, FAILED: 0 });

    await new LedgerClient(fx.gw.ledger).submit(ROLE.court, 'Court:seize', { seizureId: 'SZ-b7-1', unitNumber: units[3], caseNumber: '(2026)川1702执1号', documentHash: hashOf('sz') });
    const mortgage = (u: string, i: number) => ({
      itemKey: `mtg-${i}`,
      registration: { type: 'MORTGAGE', unitNumber: u, applicants: [{ party: PEOPLE.developer }], documents: docs('MORTGAGE'), mortgage: { creditor: PEOPLE.bank, amount: '500000.00', maximumAmount: false, noTransfer: false, termStart: '2026-01-01', termEnd: '2036-01-01' } },
    });
    const req = await parse({ idempotencyKey: 'mtg-b7', items: units.map(mortgage) });
    const m = await batches.submit(bank, req);
    const again = await batches.submit(bank, req);
    expect(again.created).toBe(false);
    expect(again.batch.batchId).toBe(m.batch.batchId);
    const result = await settled(bank, m.batch.batchId);
    const items = await batches.items(bank, m.batch.batchId, 200);
    expect(result.counts.RECORDED + result.counts.REFUSED).toBe(12);
    expect(items.items.filter((i) => i.status === 'REFUSED').map((i) => [i.unitNumber, i.code])).toEqual([[units[3], 'UNIT_SEIZED']]);
  });
});
