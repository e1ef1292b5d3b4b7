import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../src/webhooks/webhook-signature';
import { GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';

interface Received {
  deliveryId: string;
  event: { type: string; txId: string };
  blockNumber: number;
  txIndex: number;
}

/** A subscriber's endpoint that refuses its first `failFirst` deliveries, then acknowledges. */
async function receiver(secret: () => string, failFirst: number) {
  const accepted: Received[] = [];
  let calls = 0;
  let badSignatures = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      calls++;
      if (!verifyWebhookSignature(secret(), req.headers['x-estate-signature'] as string | undefined, body)) badSignatures++;
      if (calls <= failFirst) {
        res.writeHead(500).end();
        return;
      }
      accepted.push(JSON.parse(body) as Received);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, accepted, calls: () => calls, badSignatures: () => badSignatures, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('a subscriber that fails its first deliveries still gets every case event once, in ledger order, signed', async () => {
  const fx = await GatewayFixture.start('postgres', { WEBHOOK_BACKOFF_BASE_MS: '20' });
  const s = new HttpScenario(fx);
  let secret = '';
  const rx = await receiver(() => secret, 3);
  try {
    const [unit] = await s.building(5, 1);
    const sub = await fx.request<{ id: string; secret: string }>('POST', '/api/v1/webhooks', {
      key: fx.key('RegistryMSP', 'admin'),
      body: { url: rx.url, eventTypes: ['REGISTRATION_STEP', 'CERTIFICATE_ISSUED', 'APPLICATION_CREATED'] },
    });
    expect(sub.status).toBe(201);
    secret = sub.body.secret;
    await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    await s.transfer(unit, ['developer'], ['alice']);

    const expected = await fx.gw.db.query<{ tx_id: string }>(
      `SELECT tx_id FROM transactions WHERE code = 'VALID' AND event_type = ANY($1) AND district = '511702' ORDER BY block_number, tx_index`,
      [['REGISTRATION_STEP', 'CERTIFICATE_ISSUED', 'APPLICATION_CREATED']],
    );
    expect(expected.length).toBeGreaterThan(10);
    for (let i = 0; i < 400 && rx.accepted.length < expected.length; i++) await new Promise((r) => setTimeout(r, 25));

    expect(rx.accepted.map((d) => d.event.txId)).toEqual(expected.map((e) => e.tx_id));
    expect(new Set(rx.accepted.map((d) => d.deliveryId)).size).toBe(rx.accepted.length);
    expect(rx.calls()).toBe(rx.accepted.length + 3);
    expect(rx.badSignatures()).toBe(0);

    // The receiver has answered the last one; the dispatcher records the acknowledgement right after.
    const listDeliveries = () => fx.request<{ items: Array<{ status: string; attempts: number }> }>('GET', `/api/v1/webhooks/${sub.body.id}/deliveries?limit=200`, { key: fx.key('RegistryMSP', 'admin') });
    let deliveries = await listDeliveries();
    for (let i = 0; i < 100 && !deliveries.body.items.every((d) => d.status === 'DELIVERED'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      deliveries = await listDeliveries();
    }
    expect(deliveries.body.items.every((d) => d.status === 'DELIVERED')).toBe(true);
    expect(deliveries.body.items[0].attempts).toBe(4); // three refused, then acknowledged
    // Another organisation cannot see or manage this subscription.
    expect((await fx.request('GET', `/api/v1/webhooks/${sub.body.id}/deliveries`, { key: fx.key('HousingMSP', 'filing') })).status).toBe(404);
  } finally {
    await rx.close();
    await fx.close();
  }
}, 120_000);
