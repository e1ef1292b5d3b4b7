import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, isoDateInChina } from '@estate-ledger/chaincode';
import type { Appointment, AppointmentList, AppointmentSlot, OfficeBooking } from '@estate-ledger/api-schemas';
import { loadConfig } from '../src/config/gateway-config';
import { ENGINES, GatewayFixture, type HttpResponse } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { SetClock } from './support/set-clock';

jest.setTimeout(300_000);

type ErrorBody = { error: { code: string; rule?: string; message: string } };
type Answer = HttpResponse<OfficeBooking & ErrorBody>;

/** The register's first day here, a working Monday at 08:00 China time; the test sets the clock from there. */
const START = '2027-03-01T08:00:00+08:00';
const TIMES = [{ start: '09:00', end: '09:30' }, { start: '09:30', end: '10:00' }, { start: '10:00', end: '10:30' }];

describe.each(ENGINES)('check-in and no-shows at the window (%s)', (engine) => {
  const clock = new SetClock(START);
  let fx: GatewayFixture;
  let s: HttpScenario;
  let clerk: string;
  /** The working days with slots, from the first day on. */
  let dates: string[];
  let agent: Record<'a' | 'b' | 'c' | 'repeat' | 'spread', string>;

  const at = (day: string, time: string) => clock.set(`${day}T${time}+08:00`);
  const slotAt = async (day: string, start: string) => {
    const slots = (await fx.request<{ items: AppointmentSlot[] }>('GET', `/api/v1/appointment-offices/attend-hall/slots?date=${day}`)).body.items;
    return slots.find((x) => x.start === start) as AppointmentSlot;
  };
  const book = async (key: string, day: string, start: string) =>
    fx.request<Appointment & ErrorBody>('POST', '/api/v1/applicant/appointments', { key, body: { slotId: (await slotAt(day, start)).slotId, businessType: 'TRANSFER' } });
  const bookId = async (key: string, day: string, start: string) => {
    const booked = await book(key, day, start);
    expect(booked.status).toBe(201);
    return booked.body.appointmentId;
  };
  const checkIn = (id: string, key = clerk): Promise<Answer> => fx.request('POST', `/api/v1/appointments/${id}/check-in`, { key, body: {} });
  const noShow = (id: string, key = clerk): Promise<Answer> => fx.request('POST', `/api/v1/appointments/${id}/no-show`, { key, body: {} });
  const refusal = (r: Answer) => [r.status, r.body.error?.code, r.body.error?.rule];
  const mine = async (key: string) => (await fx.request<AppointmentList>('GET', '/api/v1/applicant/appointments', { key })).body;

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine, {}, { clock });
    s = new HttpScenario(fx);
    clerk = fx.key('RegistryMSP', 'clerk');
    await s.post('admin', '/admin/appointment-offices', { officeId: 'attend-hall', name: '达州市不动产登记中心 政务服务大厅', address: '达州市通川区朝阳东路1号', districts: ['511702'] });
    await s.post('admin', '/admin/appointment-offices/attend-hall/windows', { windowId: 'w1', name: '1号窗口 综合受理', businessTypes: ['TRANSFER'] });
    const today = isoDateInChina(clock.now());
    dates = [];
    // Two requests: more than 92 days of slots, for no-shows further apart than the 90-day window.
    for (const [from, to] of [[today, addDays(today, 60)], [addDays(today, 61), addDays(today, 130)]]) {
      dates.push(...((await s.post('admin', '/admin/appointment-offices/attend-hall/slots', { windowId: 'w1', from, to, times: TIMES, capacity: 5 })).dates as string[]));
    }
    expect(dates[0]).toBe(today);
    const accounts = await Promise.all(
      ['a', 'b', 'c', 'repeat', 'spread'].map(async (k) => [k, (await s.post('admin', '/admin/channels', { name: `登记代理 ${k}`, channelType: 'agent', businessTypes: ['TRANSFER'], districts: ['511702'] })).apiKey as string]),
    );
    agent = Object.fromEntries(accounts) as typeof agent;
  });
  afterAll(async () => {
    await fx?.close();
  });

  it("check-in opens 30 minutes before the slot and closes when it ends, on the slot's day; a no-show only after the end", async () => {
    const [day, next] = dates;
    const a = await bookId(agent.a, day, '09:00');
    const aTomorrow = await bookId(agent.a, next, '09:00');
    const b = await bookId(agent.b, day, '09:30');
    const c = await bookId(agent.c, day, '09:30');

    at(day, '08:29:59');
    expect(refusal(await checkIn(a))).toEqual([409, 'OUTSIDE_APPOINTMENT_TIME', 'CHECK_IN_TOO_EARLY']);
    expect(refusal(await noShow(a))).toEqual([409, 'OUTSIDE_APPOINTMENT_TIME', 'SLOT_NOT_ENDED']);
    at(day, '08:30:00');
    const arrived = await checkIn(a);
    expect(arrived.status).toBe(200);
    expect(arrived.body).toMatchObject({ appointmentId: a, status: 'ARRIVED', checkedInAt: new Date(`${day}T08:30:00+08:00`).toISOString(), upcoming: false, holder: { kind: 'channel', name: '登记代理 a' } });
    // Marked once: neither again nor the other way.
    expect(refusal(await checkIn(a))).toEqual([409, 'APPOINTMENT_NOT_ACTIVE', undefined]);
    expect(refusal(await noShow(a))).toEqual([409, 'APPOINTMENT_NOT_ACTIVE', undefined]);

    at(day, '09:59:59');
    expect((await checkIn(b)).body.status).toBe('ARRIVED');
    expect(refusal(await noShow(c))).toEqual([409, 'OUTSIDE_APPOINTMENT_TIME', 'SLOT_NOT_ENDED']);
    at(day, '10:00:00');
    expect(refusal(await checkIn(c))).toEqual([409, 'OUTSIDE_APPOINTMENT_TIME', 'CHECK_IN_TOO_LATE']);
    const missed = await noShow(c);
    expect(missed.body).toMatchObject({ status: 'NO_SHOW', noShowAt: new Date(`${day}T10:00:00+08:00`).toISOString() });
    // Tomorrow's booking is not checked in today, even within its hours.
    expect(refusal(await checkIn(aTomorrow))).toEqual([409, 'OUTSIDE_APPOINTMENT_TIME', 'CHECK_IN_TOO_EARLY']);

    // The places stay taken; the applicants see the new statuses.
    expect((await slotAt(day, '09:30')).booked).toBe(2);
    expect((await mine(agent.a)).items.find((x) => x.appointmentId === a)).toMatchObject({ status: 'ARRIVED', checkedInAt: arrived.body.checkedInAt });
    expect((await mine(agent.c)).items.map((x) => x.status)).toEqual(['NO_SHOW']);
    const listed = await s.get<{ items: OfficeBooking[] }>('clerk', `/appointment-offices/attend-hall/bookings?date=${day}&status=ARRIVED`);
    expect(listed.items.map((x) => x.appointmentId)).toEqual([a, b]);

    // The audit log names the clerk, the district and the change.
    let entries: Array<{ actor: string; district?: string; detail: { change: string; appointmentId: string } }> = [];
    for (let i = 0; i < 100 && entries.length < 3; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      const audit = await s.get<{ items: typeof entries }>('admin', '/audit-log?kind=APPOINTMENT&limit=50');
      entries = audit.items.filter((e) => ['CHECKED_IN', 'NO_SHOW'].includes(e.detail.change));
    }
    expect(entries.map((e) => [e.detail.change, e.detail.appointmentId, e.district]).sort()).toEqual([['CHECKED_IN', a, '511702'], ['CHECKED_IN', b, '511702'], ['NO_SHOW', c, '511702']].sort());
  });

  it("staff of another district find no such booking (404); only the registry's clerks mark one", async () => {
    const day = dates[1];
    at(day, '08:00:00');
    const id = await bookId(agent.b, day, '10:00');
    at(day, '09:45:00');
    const elsewhere = await checkIn(id, fx.key('RegistryMSP', 'clerk', '511703'));
    expect(refusal(elsewhere)).toEqual([404, 'APPOINTMENT_NOT_FOUND', undefined]);
    expect((await noShow(id, fx.key('RegistryMSP', 'clerk', '511703'))).status).toBe(404);
    expect((await checkIn(id, fx.key('RegistryMSP', 'admin'))).status).toBe(403);
    expect((await checkIn(id, agent.b)).status).toBe(403);
    expect((await checkIn('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await checkIn(id)).body.status).toBe('ARRIVED');
  });

  it('three no-shows within 90 days bar booking and moving until 30 days after the last; cancelling stays allowed', async () => {
    const [d1, d2] = [dates[2], dates[3]];
    const later = dates.find((d) => d > addDays(d1, 40)) as string;
    at(d1, '08:00:00');
    const missed = [await bookId(agent.repeat, d1, '09:00'), await bookId(agent.repeat, d1, '09:30'), await bookId(agent.repeat, d1, '10:00')];
    const kept = await bookId(agent.repeat, later, '09:00');

    at(d1, '10:30:00');
    for (const id of missed.slice(0, 2)) expect((await noShow(id)).body.status).toBe('NO_SHOW');
    // Two are not yet enough.
    expect(await mine(agent.repeat)).toMatchObject({ bookingRestricted: false });
    const allowed = await bookId(agent.repeat, d2, '09:00');
    expect((await fx.request<Appointment>('POST', `/api/v1/applicant/appointments/${allowed}/cancel`, { key: agent.repeat, body: {} })).body.status).toBe('CANCELLED');

    at(d1, '10:45:00');
    expect((await noShow(missed[2])).body.status).toBe('NO_SHOW');
    const until = new Date(Date.parse(`${d1}T10:45:00+08:00`) + 30 * 86_400_000);
    expect(await mine(agent.repeat)).toMatchObject({ bookingRestricted: true, bookingRestrictedUntil: until.toISOString() });
    const refused = await book(agent.repeat, d2, '09:30');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'APPOINTMENT_BOOKING_RESTRICTED']);
    expect(refused.body.error.message).toContain(isoDateInChina(until));
    const move = await fx.request<ErrorBody>('POST', `/api/v1/applicant/appointments/${kept}/move`, { key: agent.repeat, body: { slotId: (await slotAt(later, '09:30')).slotId } });
    expect([move.status, move.body.error.code]).toEqual([403, 'APPOINTMENT_BOOKING_RESTRICTED']);
    const cancelled = await fx.request<Appointment>('POST', `/api/v1/applicant/appointments/${kept}/cancel`, { key: agent.repeat, body: {} });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'CANCELLED']);
    // Another applicant books as before.
    expect((await book(agent.b, d2, '09:30')).status).toBe(201);

    clock.set(new Date(until.getTime() - 60_000).toISOString());
    expect((await book(agent.repeat, later, '10:00')).body.error.code).toBe('APPOINTMENT_BOOKING_RESTRICTED');
    clock.set(until.toISOString());
    expect(await mine(agent.repeat)).toMatchObject({ bookingRestricted: false });
    expect((await book(agent.repeat, later, '10:00')).status).toBe(201);
  });

  it('no-shows further apart than 90 days do not add up', async () => {
    const first = dates.find((d) => d > isoDateInChina(clock.now())) as string;
    const apart = dates.find((d) => d > addDays(first, 90)) as string;
    const ids = [await bookId(agent.spread, first, '09:00'), await bookId(agent.spread, apart, '09:00'), await bookId(agent.spread, apart, '09:30')];
    at(first, '09:30:00');
    expect((await noShow(ids[0])).status).toBe(200);
    at(apart, '10:00:00');
    for (const id of ids.slice(1)) expect((await noShow(id)).status).toBe(200);
    expect(await mine(agent.spread)).toMatchObject({ bookingRestricted: false });
    expect((await book(agent.spread, dates[dates.indexOf(apart) + 1], '09:00')).status).toBe(201);
  });
});

describe('the no-show rule setting (APPOINTMENT_NO_SHOW_*)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'estate-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('defaults to 3 no-shows within 90 days restricting booking for 30 days, and refuses anything but a whole number of at least 1, naming the variable', () => {
    expect(loadConfig({ DATA_DIR: dir }).appointmentNoShows).toEqual({ limit: 3, withinDays: 90, restrictionDays: 30 });
    expect(loadConfig({ DATA_DIR: dir, APPOINTMENT_NO_SHOW_LIMIT: '5', APPOINTMENT_NO_SHOW_WINDOW_DAYS: '60', APPOINTMENT_NO_SHOW_RESTRICTION_DAYS: '14' }).appointmentNoShows).toEqual({ limit: 5, withinDays: 60, restrictionDays: 14 });
    expect(() => loadConfig({ DATA_DIR: dir, APPOINTMENT_NO_SHOW_LIMIT: '0' })).toThrow('APPOINTMENT_NO_SHOW_LIMIT must be a whole number of at least 1, got 0');
    expect(() => loadConfig({ DATA_DIR: dir, APPOINTMENT_NO_SHOW_WINDOW_DAYS: '1.5' })).toThrow('APPOINTMENT_NO_SHOW_WINDOW_DAYS must be a whole number of at least 1');
    expect(() => loadConfig({ DATA_DIR: dir, APPOINTMENT_NO_SHOW_RESTRICTION_DAYS: 'thirty' })).toThrow('APPOINTMENT_NO_SHOW_RESTRICTION_DAYS must be a non-negative number');
  });
});
