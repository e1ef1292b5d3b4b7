import { addDays, instantInChina, isoDateInChina } from '@estate-ledger/chaincode';
import type { Appointment, AppointmentSlot } from '@estate-ledger/api-schemas';
import type { Clock } from '../src/register-clock';
import { ENGINES, GatewayFixture, type HttpResponse } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { citizenToken, portalIdToken, startTestIdp, type TestIdp } from './support/identity';
import { PEOPLE } from './support/ledger-fixture';

jest.setTimeout(300_000);

type ErrorBody = { error: { code: string; field?: string } };

/** The register's clock, which the test moves forward to make slots pass. */
class MovableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  setTo(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }
}

describe.each(ENGINES)('online appointments (%s)', (engine) => {
  const clock = new MovableClock();
  let idp: TestIdp;
  let fx: GatewayFixture;
  let s: HttpScenario;
  let admin: string;
  /** 100 registration agents, each its own applicant. */
  let agents: string[];
  let day: string;
  /** The day's slots by start time (window w1) and the mortgage-cancellation window's 09:00. */
  const slot: Record<'nine' | 'halfPastNine' | 'two' | 'cancellationNine', AppointmentSlot> = {} as never;

  const book = (key: string, slotId: string, businessType = 'TRANSFER', applicationId?: string) =>
    fx.request<Appointment & ErrorBody>('POST', '/api/v1/applicant/appointments', { key, body: { slotId, businessType, ...(applicationId && { applicationId }) } });
  const slotsOf = async (date: string) => (await fx.request<{ items: AppointmentSlot[] }>('GET', `/api/v1/appointment-offices/dazhou-hall/slots?date=${date}`)).body.items;
  const bookedIn = async (slotId: string) => (await slotsOf(day)).find((x) => x.slotId === slotId)?.booked;
  const codeOf = (r: HttpResponse<unknown>) => (r.body as ErrorBody).error?.code;

  beforeAll(async () => {
    idp = await startTestIdp();
    fx = await GatewayFixture.start(engine, idp.env, { clock });
    s = new HttpScenario(fx);
    admin = fx.key('RegistryMSP', 'admin');
    agents = [];
    for (let batch = 0; batch < 10; batch++) {
      const created = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fx.request<{ apiKey: string }>('POST', '/api/v1/admin/channels', { key: admin, body: { name: `登记代理${batch * 10 + i}号`, channelType: 'agent', businessTypes: ['TRANSFER', 'MORTGAGE'], districts: ['511702'] } }),
        ),
      );
      agents.push(...created.map((r) => r.body.apiKey));
    }
  });
  afterAll(async () => {
    await fx?.close();
    await idp?.close();
  });

  it('the registry admin configures an office, its windows and slots on working days; each change is audited', async () => {
    const office = await fx.request('POST', '/api/v1/admin/appointment-offices', { key: admin, body: { officeId: 'dazhou-hall', name: '达州市不动产登记中心 政务服务大厅', address: '达州市通川区朝阳东路1号', districts: ['511702'] } });
    expect(office.status).toBe(201);
    expect((await fx.request('POST', '/api/v1/admin/appointment-offices', { key: admin, body: { officeId: 'dazhou-hall', name: '重复', address: '重复', districts: ['511702'] } })).status).toBe(409);
    await s.post('admin', '/admin/appointment-offices/dazhou-hall/windows', { windowId: 'w1', name: '1号窗口 综合受理', businessTypes: ['TRANSFER', 'MORTGAGE', 'FIRST'] });
    const withWindows = await s.post('admin', '/admin/appointment-offices/dazhou-hall/windows', { windowId: 'w2', name: '2号窗口 抵押注销', businessTypes: ['MORTGAGE_CANCELLATION'] });
    expect((withWindows.windows as unknown[]).length).toBe(2);
    // Staff other than the registry's administrators may not configure.
    expect((await fx.request('POST', '/api/v1/admin/appointment-offices/dazhou-hall/windows', { key: fx.key('RegistryMSP', 'clerk'), body: { windowId: 'w3', name: 'x', businessTypes: ['FIRST'] } })).status).toBe(403);

    const today = isoDateInChina(clock.now());
    const range = { from: addDays(today, 1), to: addDays(today, 14) };
    const opened = await s.post('admin', '/admin/appointment-offices/dazhou-hall/slots', { windowId: 'w1', ...range, times: [{ start: '09:00', end: '09:30' }, { start: '09:30', end: '10:00' }, { start: '14:00', end: '14:30' }], capacity: 10 });
    const dates = opened.dates as string[];
    expect(dates.length).toBeGreaterThanOrEqual(8);
    for (const d of dates) expect([0, 6]).not.toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
    expect(opened).toMatchObject({ created: dates.length * 3, existing: 0 });
    // The same request again opens nothing new.
    expect(await s.post('admin', '/admin/appointment-offices/dazhou-hall/slots', { windowId: 'w1', ...range, times: [{ start: '09:00', end: '09:30' }], capacity: 10 })).toMatchObject({ created: 0, existing: dates.length });
    await s.post('admin', '/admin/appointment-offices/dazhou-hall/slots', { windowId: 'w2', ...range, times: [{ start: '09:00', end: '09:30' }], capacity: 3 });
    const past = await fx.request('POST', '/api/v1/admin/appointment-offices/dazhou-hall/slots', { key: admin, body: { windowId: 'w1', from: addDays(today, -1), to: today, times: [{ start: '09:00', end: '09:30' }], capacity: 1 } });
    expect(past.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'from' } });

    day = dates[0];
    const slots = await slotsOf(day);
    expect(slots.map((x) => `${x.windowId} ${x.start}-${x.end} ${x.capacity}`)).toEqual(['w1 09:00-09:30 10', 'w2 09:00-09:30 3', 'w1 09:30-10:00 10', 'w1 14:00-14:30 10']);
    expect(slots[0].startsAt).toBe(instantInChina(day, '09:00').toISOString());
    slot.nine = slots[0];
    slot.cancellationNine = slots[1];
    slot.halfPastNine = (await s.post('admin', `/admin/appointment-slots/${slots[2].slotId}/capacity`, { capacity: 1 })) as unknown as AppointmentSlot;
    slot.two = slots[3];
    expect(slot.halfPastNine).toMatchObject({ capacity: 1, booked: 0, free: 1, bookable: true });

    // The audit log writes behind the requests: wait until the entries are in.
    let changes = new Set<string>();
    for (let i = 0; i < 100 && changes.size < 4; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      const audit = await s.get<{ items: Array<{ actor: string; detail: { change: string } }> }>('admin', '/audit-log?kind=APPOINTMENT&limit=50');
      changes = new Set(audit.items.map((e) => e.detail.change));
    }
    expect(changes).toEqual(new Set(['OFFICE_CREATED', 'WINDOW_ADDED', 'SLOTS_OPENED', 'CAPACITY_SET']));
  });

  it('100 concurrent bookings on a slot of 10: exactly 10 succeed, 90 are refused with SLOT_FULL', async () => {
    const answers = await Promise.all(agents.map((key) => book(key, slot.nine.slotId)));
    const statuses = answers.map((a) => (a.status === 201 ? 'BOOKED' : `${a.status} ${codeOf(a)}`));
    expect(statuses.filter((x) => x === 'BOOKED')).toHaveLength(10);
    expect(statuses.filter((x) => x === '409 SLOT_FULL')).toHaveLength(90);
    expect(await bookedIn(slot.nine.slotId)).toBe(10);
    const bookings = await s.get<{ items: Array<{ holder: { kind: string; name: string } }> }>('clerk', `/appointment-offices/dazhou-hall/bookings?date=${day}`);
    expect(bookings.items).toHaveLength(10);
    expect(new Set(bookings.items.map((b) => b.holder.name)).size).toBe(10);
  });

  it('one applicant holds one place per slot, also when asking concurrently', async () => {
    const [key] = agents.slice(-1);
    const answers = await Promise.all(Array.from({ length: 5 }, () => book(key, slot.two.slotId)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map(codeOf)).toEqual(Array(4).fill('ALREADY_BOOKED_IN_SLOT'));
    expect(await bookedIn(slot.two.slotId)).toBe(1);
  });

  it('a window books only its business types, a channel only those granted to it', async () => {
    expect(codeOf(await book(agents[50], slot.cancellationNine.slotId, 'TRANSFER'))).toBe('BUSINESS_TYPE_NOT_SERVED');
    expect(codeOf(await book(agents[50], slot.cancellationNine.slotId, 'MORTGAGE_CANCELLATION'))).toBe('BUSINESS_TYPE_NOT_GRANTED');
    expect(codeOf(await book(agents[50], '00000000-0000-4000-8000-000000000000'))).toBe('SLOT_NOT_FOUND');
  });

  it('moving to a full slot fails and leaves the booking where it was; a move to a free slot frees the old place', async () => {
    // The winners of the 09:00 slot, and someone else to fill 09:30 (capacity 1).
    const winners: string[] = [];
    for (const key of agents) {
      const list = await fx.request<{ items: Appointment[] }>('GET', '/api/v1/applicant/appointments', { key });
      if (list.body.items.some((a) => a.slot.slotId === slot.nine.slotId)) winners.push(key);
    }
    expect(winners).toHaveLength(10);
    const loser = agents.find((k) => !winners.includes(k) && k !== agents[99]) as string;
    expect((await book(loser, slot.halfPastNine.slotId)).status).toBe(201);

    // agents[99] holds a place at 14:00 already.
    const w = winners.find((k) => k !== agents[99]) as string;
    const booking = (await fx.request<{ items: Appointment[] }>('GET', '/api/v1/applicant/appointments', { key: w })).body.items[0];
    const refused = await fx.request('POST', `/api/v1/applicant/appointments/${booking.appointmentId}/move`, { key: w, body: { slotId: slot.halfPastNine.slotId } });
    expect(refused.status).toBe(409);
    expect(codeOf(refused)).toBe('SLOT_FULL');
    const still = await fx.request<Appointment>('GET', `/api/v1/applicant/appointments/${booking.appointmentId}`, { key: w });
    expect(still.body).toMatchObject({ status: 'BOOKED', upcoming: true, slot: { slotId: slot.nine.slotId } });
    expect([await bookedIn(slot.nine.slotId), await bookedIn(slot.halfPastNine.slotId)]).toEqual([10, 1]);

    const moved = await fx.request<Appointment>('POST', `/api/v1/applicant/appointments/${booking.appointmentId}/move`, { key: w, body: { slotId: slot.two.slotId } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ appointmentId: booking.appointmentId, status: 'BOOKED', slot: { slotId: slot.two.slotId, start: '14:00' } });
    expect([await bookedIn(slot.nine.slotId), await bookedIn(slot.two.slotId)]).toEqual([9, 2]);
    // The freed place goes to the next applicant.
    expect((await book(loser, slot.nine.slotId)).status).toBe(201);

    // Cancelling frees the place once; a cancelled booking cannot be cancelled or moved again.
    const cancelled = await fx.request<Appointment>('POST', `/api/v1/applicant/appointments/${booking.appointmentId}/cancel`, { key: w, body: {} });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', upcoming: false });
    expect(cancelled.body.cancelledAt).toBeDefined();
    expect(await bookedIn(slot.two.slotId)).toBe(1);
    expect(codeOf(await fx.request('POST', `/api/v1/applicant/appointments/${booking.appointmentId}/cancel`, { key: w, body: {} }))).toBe('APPOINTMENT_NOT_ACTIVE');
    expect(codeOf(await fx.request('POST', `/api/v1/applicant/appointments/${booking.appointmentId}/move`, { key: w, body: { slotId: slot.two.slotId } }))).toBe('APPOINTMENT_NOT_ACTIVE');
    const cancelledList = await s.get<{ items: Appointment[] }>('clerk', `/appointment-offices/dazhou-hall/bookings?date=${day}&status=CANCELLED`);
    expect(cancelledList.items.map((b) => b.appointmentId)).toEqual([booking.appointmentId]);
  });

  it("each applicant sees only their own bookings; a citizen books for their own case only; staff see citizens' names as their role allows", async () => {
    const alice = await citizenToken(fx.url, 'alice');
    const bob = await citizenToken(fx.url, 'bob');
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    // A case alice is a party to, filed at the counter.
    const [unit] = await s.building(Math.floor(Math.random() * 9000) + 100, 1);
    const applicationId = nextId('YC');
    await s.post('clerk', '/applications', { applicationId, businessType: 'TRANSFER', unitNumber: unit, applicants: [PEOPLE.developer, PEOPLE.alice], materials: materials('TRANSFER'), channel: '政务大厅一窗' });
    for (let i = 0; i < 100; i++) {
      const cases = await fx.request<{ items: Array<{ applicationId: string }> }>('GET', '/api/v1/applicant/applications', { headers: bearer(alice) });
      if (cases.body.items.some((c) => c.applicationId === applicationId)) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    const asAlice = await fx.request<Appointment>('POST', '/api/v1/applicant/appointments', { headers: bearer(alice), body: { slotId: slot.two.slotId, businessType: 'TRANSFER', applicationId } });
    expect(asAlice.status).toBe(201);
    expect(asAlice.body).toMatchObject({ applicationId, businessType: 'TRANSFER', office: { officeId: 'dazhou-hall' } });
    const id = asAlice.body.appointmentId;
    const wrongType = await fx.request('POST', '/api/v1/applicant/appointments', { headers: bearer(alice), body: { slotId: slot.halfPastNine.slotId, businessType: 'MORTGAGE', applicationId } });
    expect(wrongType.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'businessType' } });

    // Bob may not book for alice's case, nor see, move or cancel her booking: 404 as if none existed.
    expect(codeOf(await fx.request('POST', '/api/v1/applicant/appointments', { headers: bearer(bob), body: { slotId: slot.two.slotId, businessType: 'TRANSFER', applicationId } }))).toBe('APPLICATION_NOT_FOUND');
    for (const [method, path, body] of [['GET', `/api/v1/applicant/appointments/${id}`, undefined], ['POST', `/api/v1/applicant/appointments/${id}/move`, { slotId: slot.nine.slotId }], ['POST', `/api/v1/applicant/appointments/${id}/cancel`, {}]] as const) {
      const asBob = await fx.request(method, path, { headers: bearer(bob), body });
      expect({ path, status: asBob.status, code: codeOf(asBob) }).toEqual({ path, status: 404, code: 'APPOINTMENT_NOT_FOUND' });
      const asAgent = await fx.request(method, path, { key: agents[3], body });
      expect(asAgent.status).toBe(404);
      expect((await fx.request(method, path, { body })).status).toBe(401);
    }
    expect((await fx.request<{ items: Appointment[] }>('GET', '/api/v1/applicant/appointments', { headers: bearer(bob) })).body.items).toEqual([]);
    expect((await fx.request<{ items: Appointment[] }>('GET', '/api/v1/applicant/appointments', { headers: bearer(alice) })).body.items.map((a) => a.appointmentId)).toEqual([id]);
    // A portal acting for bob books for him: the booking is bob's, who sees and cancels it himself.
    const portal = await s.post('admin', '/admin/channels', { name: '四川政务服务网', channelType: 'portal', businessTypes: ['TRANSFER'], districts: ['511702'] });
    const forBob = await fx.request<Appointment>('POST', '/api/v1/applicant/appointments', { key: portal.apiKey as string, headers: { 'x-on-behalf-of': await portalIdToken(idp.idp.issuer, 'bob') }, body: { slotId: slot.two.slotId, businessType: 'TRANSFER' } });
    expect(forBob.status).toBe(201);
    expect((await fx.request<{ items: Appointment[] }>('GET', '/api/v1/applicant/appointments', { headers: bearer(bob) })).body.items.map((a) => a.appointmentId)).toEqual([forBob.body.appointmentId]);
    expect((await fx.request<Appointment>('POST', `/api/v1/applicant/appointments/${forBob.body.appointmentId}/cancel`, { headers: bearer(bob), body: {} })).body.status).toBe('CANCELLED');
    expect((await fx.request('GET', `/api/v1/applicant/appointments/${forBob.body.appointmentId}`, { key: portal.apiKey as string })).status).toBe(404);
    // Staff are not applicants.
    expect((await fx.request('GET', '/api/v1/applicant/appointments', { key: fx.key('RegistryMSP', 'clerk') })).status).toBe(403);

    type Listed = { items: Array<{ appointmentId: string; holder: { kind: string; name: string; masked: boolean } }> };
    const byClerk = await s.get<Listed>('clerk', `/appointment-offices/dazhou-hall/bookings?date=${day}`);
    const byAdmin = await s.get<Listed>('admin', `/appointment-offices/dazhou-hall/bookings?date=${day}`);
    // A clerk reads parties' names; the administrator sees them masked.
    expect(byClerk.items.find((b) => b.appointmentId === id)?.holder).toEqual({ kind: 'citizen', name: PEOPLE.alice.name, masked: false });
    expect(byAdmin.items.find((b) => b.appointmentId === id)?.holder).toMatchObject({ kind: 'citizen', masked: true });
    expect(byAdmin.items.find((b) => b.appointmentId === id)?.holder.name).not.toBe(PEOPLE.alice.name);
    // Staff of another district do not see the office.
    const elsewhere = await fx.request('GET', `/api/v1/appointment-offices/dazhou-hall/bookings?date=${day}`, { key: fx.key('RegistryMSP', 'clerk', '511703') });
    expect(codeOf(elsewhere)).toBe('APPOINTMENT_OFFICE_NOT_FOUND');
  });

  it("a slot whose time has come on the register's clock (China time) can no longer be booked, moved into or out of, or cancelled", async () => {
    const mine = await fx.request<{ items: Appointment[] }>('GET', '/api/v1/applicant/appointments', { key: agents[99] });
    const atTwo = mine.body.items.find((a) => a.slot.slotId === slot.two.slotId) as Appointment;
    clock.setTo(instantInChina(day, '09:45'));
    expect(codeOf(await book(agents[98], slot.nine.slotId))).toBe('SLOT_IN_PAST');
    expect(codeOf(await book(agents[98], slot.halfPastNine.slotId))).toBe('SLOT_IN_PAST');
    const slots = await slotsOf(day);
    expect(slots.map((x) => `${x.start} ${x.bookable}`)).toEqual(['09:00 false', '09:00 false', '09:30 false', '14:00 true']);
    expect((await book(agents[98], slot.two.slotId)).status).toBe(201);
    expect(codeOf(await fx.request('POST', `/api/v1/applicant/appointments/${atTwo.appointmentId}/move`, { key: agents[99], body: { slotId: slot.nine.slotId } }))).toBe('SLOT_IN_PAST');

    clock.setTo(instantInChina(day, '14:05'));
    expect(codeOf(await fx.request('POST', `/api/v1/applicant/appointments/${atTwo.appointmentId}/cancel`, { key: agents[99], body: {} }))).toBe('APPOINTMENT_NOT_ACTIVE');
    const after = await fx.request<Appointment>('GET', `/api/v1/applicant/appointments/${atTwo.appointmentId}`, { key: agents[99] });
    expect(after.body).toMatchObject({ status: 'BOOKED', upcoming: false });
    // A slot's capacity never goes below its bookings.
    const shrink = await fx.request('POST', `/api/v1/admin/appointment-slots/${slot.nine.slotId}/capacity`, { key: admin, body: { capacity: 2 } });
    expect(codeOf(shrink)).toBe('CAPACITY_BELOW_BOOKED');
  });
});
