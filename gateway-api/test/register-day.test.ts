import { isoDateInChina } from '@estate-ledger/chaincode';
import { GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { registerDayEdges } from './support/register-day';

describe.each(registerDayEdges())('the register day at $label', (edge) => {
  let fx: GatewayFixture;
  let s: HttpScenario;

  beforeAll(async () => {
    fx = await GatewayFixture.start('pglite', { CLOCK_START: edge.start });
    s = new HttpScenario(fx);
  }, 60_000);
  afterAll(async () => fx?.close());

  test('GET /time answers the China date of the register clock', async () => {
    const res = await fx.request<{ now: string; today: string; timeZone: string }>('GET', '/api/v1/time');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ today: edge.today, timeZone: 'Asia/Shanghai' });
    expect(Math.abs(Date.parse(res.body.now) - Date.parse(edge.start))).toBeLessThan(60_000);
  });

  test('a case registered now is stamped today in China and counted in today’s statistics', async () => {
    const [unit] = await s.building(1, 1);
    const reg = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    expect(reg.status).toBe('ISSUED');
    expect(isoDateInChina(String(reg.appliedAt))).toBe(edge.today);

    const auditor = fx.key('RegistryMSP', 'auditor');
    const stats = await fx.request<{ totals: { applied: number; completed: number } }>('GET', `/api/v1/statistics?from=${edge.today}&to=${edge.today}&period=day`, { key: auditor });
    expect(stats.body.totals).toMatchObject({ applied: 1, completed: 1 });
    if (edge.utcDate !== edge.today) {
      const utcDay = await fx.request<{ totals: { applied: number } }>('GET', `/api/v1/statistics?from=${edge.utcDate}&to=${edge.utcDate}&period=day`, { key: auditor });
      expect(utcDay.body.totals.applied).toBe(0);
    }
  });
});
