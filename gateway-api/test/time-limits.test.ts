import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatisticsRow } from '@estate-ledger/api-schemas';
import { GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { PEOPLE } from './support/ledger-fixture';
import { SetClock } from './support/set-clock';

/**
 * Statutory time limits counted in working days of the State Council's holiday schedule, through
 * the ledger and the read model: the register clock is moved across the 2026 Spring Festival
 * break (2月15日–23日放假, 2月14日 and 2月28日 make-up working days) and across a wait for a
 * supplement (补正), which does not count.
 */

interface Statistics {
  rows: StatisticsRow[];
  totals: { applied: number; completed: number; withinLimit: number; overdue: number };
}

async function statisticsOf(fx: GatewayFixture, day: string): Promise<Statistics> {
  const res = await fx.request<Statistics>('GET', `/api/v1/statistics?from=${day}&to=${day}&period=day&type=FIRST`, { key: fx.key('RegistryMSP', 'auditor') });
  expect(res.status).toBe(200);
  return res.body;
}

describe('time limits on the holiday calendar', () => {
  const clock = new SetClock('2026-02-12T10:00:00+08:00');
  let fx: GatewayFixture;
  let s: HttpScenario;
  let units: string[];

  beforeAll(async () => {
    fx = await GatewayFixture.start('pglite', {}, { clock });
    s = new HttpScenario(fx);
    units = await s.building(71, 3);
  }, 60_000);
  afterAll(async () => fx?.close());

  const step = (id: string, verb: string, role: string, body: Record<string, unknown> = {}) => s.post(role, `/registrations/${id}/${verb}`, body);
  async function acceptFirstRegistration(unitNumber: string): Promise<string> {
    const registrationId = nextId('REG');
    await s.post('clerk', '/registrations', { registrationId, type: 'FIRST', unitNumber, applicants: [{ party: PEOPLE.developer }], documents: materials('FIRST') });
    await step(registrationId, 'accept', 'clerk');
    return registrationId;
  }
  async function recordAndReview(registrationId: string): Promise<void> {
    await step(registrationId, 'review', 'reviewer', { decision: 'APPROVE' });
    await step(registrationId, 'record', 'registrar');
  }
  const statistics = (day: string) => statisticsOf(fx, day);

  test('a case accepted before the Spring Festival break and recorded after it is within its 5 working days', async () => {
    const registrationId = await acceptFirstRegistration(units[0]);
    // Thursday 12 Feb to Wednesday 25 Feb: 13 Feb, 14 Feb (make-up Saturday), 24 and 25 Feb; nine weekdays by the bare calendar.
    clock.set('2026-02-25T16:00:00+08:00');
    await recordAndReview(registrationId);

    const { rows } = await statistics('2026-02-12');
    expect(rows).toEqual([expect.objectContaining({ completed: 1, withinLimit: 1, overdue: 0, openPastLimit: 0, avgWorkingDays: 4, limitDays: 5 })]);
  });

  test('a case waiting for a supplement does not become overdue; one left waiting on the registry does', async () => {
    clock.set('2026-03-02T09:00:00+08:00');
    const waiting = await acceptFirstRegistration(units[1]);
    await acceptFirstRegistration(units[2]);
    clock.set('2026-03-03T09:00:00+08:00');
    await s.post('clerk', `/registrations/${waiting}/request-supplement`, { note: '请补充房屋测绘报告' });

    clock.set('2026-03-31T09:00:00+08:00');
    const open = await statistics('2026-03-02');
    expect(open.rows).toEqual([expect.objectContaining({ applied: 2, completed: 0, overdue: 1, openPastLimit: 1 })]);

    // Supplied on the 31st and re-accepted; recorded the next day: 3 March and 1 April count, the wait does not.
    await step(waiting, 'supplement', 'clerk', { documents: materials('FIRST').slice(0, 1) });
    await step(waiting, 'accept', 'clerk');
    clock.set('2026-04-01T10:00:00+08:00');
    await recordAndReview(waiting);
    const reg = await s.get<{ steps: Array<{ status: string }> }>('clerk', `/registrations/${waiting}`);
    expect(reg.steps.map((x) => x.status)).toEqual(['APPLIED', 'ACCEPTED', 'NEEDS_SUPPLEMENT', 'APPLIED', 'ACCEPTED', 'REVIEWED', 'RECORDED']);
    const done = await statistics('2026-03-02');
    expect(done.rows).toEqual([expect.objectContaining({ applied: 2, completed: 1, withinLimit: 1, overdue: 1, openPastLimit: 1, avgWorkingDays: 2 })]);
  });
});

describe('a holiday calendar replaced by configuration', () => {
  test('HOLIDAY_CALENDAR_DIR replaces a built-in year: a local extra holiday stops the count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'holidays-'));
    // The built-in 2026 plus a local holiday on Friday 13 February.
    const local = { year: 2026, source: '本地调整（测试）', provisional: false, holidays: ['2026-02-13', ...Array.from({ length: 9 }, (_, i) => `2026-02-${String(15 + i).padStart(2, '0')}`)], workdays: ['2026-02-14', '2026-02-28'] };
    await writeFile(join(dir, '2026.json'), JSON.stringify(local));
    const clock = new SetClock('2026-02-12T10:00:00+08:00');
    const fx = await GatewayFixture.start('pglite', { HOLIDAY_CALENDAR_DIR: dir }, { clock });
    try {
      const s = new HttpScenario(fx);
      const [unit] = await s.building(72, 1);
      const registrationId = nextId('REG');
      await s.post('clerk', '/registrations', { registrationId, type: 'FIRST', unitNumber: unit, applicants: [{ party: PEOPLE.developer }], documents: materials('FIRST') });
      await s.post('clerk', `/registrations/${registrationId}/accept`, {});
      clock.set('2026-02-25T16:00:00+08:00');
      await s.post('reviewer', `/registrations/${registrationId}/review`, { decision: 'APPROVE' });
      await s.post('registrar', `/registrations/${registrationId}/record`, {});
      const stats = await statisticsOf(fx, '2026-02-12');
      expect(stats.rows).toEqual([expect.objectContaining({ completed: 1, avgWorkingDays: 3 })]);
    } finally {
      await fx.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('a file for another year than its name, or a day outside its year, stops the gateway at start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'holidays-'));
    try {
      await writeFile(join(dir, '2028.json'), JSON.stringify({ year: 2028, source: 'x', provisional: true, holidays: ['2029-01-01'], workdays: [] }));
      await expect(GatewayFixture.start('pglite', { HOLIDAY_CALENDAR_DIR: dir })).rejects.toThrow(/2028\.json: holidays\.0 2029-01-01 is not in 2028/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
