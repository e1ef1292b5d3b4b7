import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { addDays, instantInChina, isoDateInChina, timeOfDayInChina, type RegistrationType } from '@estate-ledger/chaincode';
import type { AppointmentOffice, AppointmentSlot } from '@estate-ledger/api-schemas';
import { AppointmentError } from '../application/application-errors';
import { AuditLog } from '../audit/audit-log';
import type { StaffPrincipal } from '../auth/principal';
import type { GatewayConfig } from '../config/gateway-config';
import type { ReadDb, SqlExecutor } from '../read-model/read-db';
import type { Clock } from '../register-clock';
import { CLOCK, CONFIG, READ_DB } from '../tokens';

export interface NewOffice {
  officeId: string;
  name: string;
  address: string;
  districts: string[];
}

export interface NewWindow {
  windowId: string;
  name: string;
  businessTypes: RegistrationType[];
}

/** Slots for each working day of [from, to] at each of the times, `capacity` places each. */
export interface NewSlots {
  windowId: string;
  from: string;
  to: string;
  times: Array<{ start: string; end: string }>;
  capacity: number;
}

/** The longest range one request may fill with slots. */
export const MAX_SLOT_RANGE_DAYS = 92;

export interface SlotRow {
  slot_id: string;
  office_id: string;
  window_id: string;
  window_name: string;
  business_types: RegistrationType[];
  day: string;
  starts_at: Date | string;
  ends_at: Date | string;
  capacity: number;
  booked: number;
}

/** The columns of a slot with its window's name and business types (alias `s` for the slot, `w` for the window). */
export const SLOT_COLUMNS = 's.slot_id, s.office_id, s.window_id, w.name AS window_name, w.business_types, s.day, s.starts_at, s.ends_at, s.capacity, s.booked';
export const SLOT_JOIN = 'appointment_slots s JOIN service_windows w ON w.office_id = s.office_id AND w.window_id = s.window_id';

export const toSlot = (r: SlotRow, now: Date): AppointmentSlot => {
  const startsAt = new Date(r.starts_at);
  const endsAt = new Date(r.ends_at);
  const free = r.capacity - r.booked;
  return {
    slotId: r.slot_id,
    officeId: r.office_id,
    windowId: r.window_id,
    windowName: r.window_name,
    businessTypes: r.business_types,
    date: r.day,
    start: timeOfDayInChina(startsAt),
    end: timeOfDayInChina(endsAt),
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    capacity: r.capacity,
    booked: r.booked,
    free,
    bookable: free > 0 && startsAt > now,
  };
};

interface OfficeRow {
  office_id: string;
  name: string;
  address: string;
  districts: string[];
  windows: Array<{ window_id: string; name: string; business_types: RegistrationType[] }> | null;
}

const toOffice = (r: OfficeRow): AppointmentOffice => ({
  officeId: r.office_id,
  name: r.name,
  address: r.address,
  districts: r.districts,
  windows: (r.windows ?? []).map((w) => ({ windowId: w.window_id, name: w.name, businessTypes: w.business_types })),
});

const OFFICES_SQL = `SELECT o.office_id, o.name, o.address, o.districts,
    (SELECT json_agg(json_build_object('window_id', w.window_id, 'name', w.name, 'business_types', w.business_types) ORDER BY w.window_id)
     FROM service_windows w WHERE w.office_id = o.office_id) AS windows
  FROM appointment_offices o`;

/**
 * The registry's offices for online appointments (网上预约), their service windows and time
 * slots: operational data of the registry, off the ledger, in the read model's kept tables.
 * The registry's administrators configure them (each change audited); anyone may see the slots.
 */
@injectable()
export class AppointmentOffices {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async list(): Promise<AppointmentOffice[]> {
    return (await this.db.query<OfficeRow>(`${OFFICES_SQL} ORDER BY o.office_id`)).map(toOffice);
  }

  async get(officeId: string, db: SqlExecutor = this.db): Promise<AppointmentOffice> {
    const [row] = await db.query<OfficeRow>(`${OFFICES_SQL} WHERE o.office_id = $1`, [officeId]);
    if (!row) throw new AppointmentError('APPOINTMENT_OFFICE_NOT_FOUND', `No appointment office ${officeId}`);
    return toOffice(row);
  }

  async createOffice(input: NewOffice, admin: StaffPrincipal, requestId: string): Promise<AppointmentOffice> {
    const rows = await this.db.query(
      `INSERT INTO appointment_offices (office_id, name, address, districts, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING office_id`,
      [input.officeId, input.name, input.address, input.districts, admin.subject, this.clock.now()],
    );
    if (rows.length === 0) throw new AppointmentError('ALREADY_EXISTS', `An appointment office ${input.officeId} exists already`, 'officeId');
    this.record(admin, requestId, 'OFFICE_CREATED', { officeId: input.officeId, districts: input.districts });
    return this.get(input.officeId);
  }

  async addWindow(officeId: string, input: NewWindow, admin: StaffPrincipal, requestId: string): Promise<AppointmentOffice> {
    await this.get(officeId);
    const rows = await this.db.query(
      'INSERT INTO service_windows (office_id, window_id, name, business_types) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING window_id',
      [officeId, input.windowId, input.name, input.businessTypes],
    );
    if (rows.length === 0) throw new AppointmentError('ALREADY_EXISTS', `Office ${officeId} has a window ${input.windowId} already`, 'windowId');
    this.record(admin, requestId, 'WINDOW_ADDED', { officeId, windowId: input.windowId, businessTypes: input.businessTypes });
    return this.get(officeId);
  }

  /**
   * Opens slots on the working days of the range (the register's holiday calendar: weekends and
   * holidays skipped, 调休 working days kept). A slot that exists (same window and start) is left
   * as it is, so the same request may be sent again.
   */
  async openSlots(officeId: string, input: NewSlots, admin: StaffPrincipal, requestId: string): Promise<{ created: number; existing: number; dates: string[] }> {
    const office = await this.get(officeId);
    if (!office.windows.some((w) => w.windowId === input.windowId)) throw new AppointmentError('SERVICE_WINDOW_NOT_FOUND', `Office ${officeId} has no window ${input.windowId}`, 'windowId');
    const today = isoDateInChina(this.clock.now());
    if (input.from < today) throw new AppointmentError('VALIDATION_FAILED', `from: slots open from today (${today}) on`, 'from', 'NOT_BEFORE_TODAY');
    const dates: string[] = [];
    for (let d = input.from; d <= input.to; d = addDays(d, 1)) if (this.config.workingCalendar.isWorkingDay(d)) dates.push(d);
    const slots = dates.flatMap((day) => input.times.map((t) => [randomUUID(), day, instantInChina(day, t.start), instantInChina(day, t.end)] as const));
    const created = await this.db.transaction(async (tx) => {
      let n = 0;
      for (const [slotId, day, startsAt, endsAt] of slots) {
        const rows = await tx.query(
          `INSERT INTO appointment_slots (slot_id, office_id, window_id, day, starts_at, ends_at, capacity) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT DO NOTHING RETURNING slot_id`,
          [slotId, officeId, input.windowId, day, startsAt, endsAt, input.capacity],
        );
        n += rows.length;
      }
      return n;
    });
    this.record(admin, requestId, 'SLOTS_OPENED', { officeId, windowId: input.windowId, from: input.from, to: input.to, times: input.times, capacity: input.capacity, created });
    return { created, existing: slots.length - created, dates };
  }

  /** A slot's capacity; never below the places booked in it (the table's CHECK holds that too). */
  async setCapacity(slotId: string, capacity: number, admin: StaffPrincipal, requestId: string): Promise<AppointmentSlot> {
    const slot = await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ booked: number }>('SELECT booked FROM appointment_slots WHERE slot_id = $1 FOR UPDATE', [slotId]);
      if (!row) throw new AppointmentError('SLOT_NOT_FOUND', `No appointment slot ${slotId}`);
      if (capacity < row.booked) throw new AppointmentError('CAPACITY_BELOW_BOOKED', `${row.booked} places of the slot are booked; its capacity cannot be ${capacity}`, 'capacity');
      await tx.query('UPDATE appointment_slots SET capacity = $2 WHERE slot_id = $1', [slotId, capacity]);
      return this.slot(slotId, tx);
    });
    this.record(admin, requestId, 'CAPACITY_SET', { slotId, capacity });
    return slot;
  }

  /** The slots of an office's day, by start then window. */
  async day(officeId: string, date: string): Promise<AppointmentSlot[]> {
    await this.get(officeId);
    const now = this.clock.now();
    const rows = await this.db.query<SlotRow>(`SELECT ${SLOT_COLUMNS} FROM ${SLOT_JOIN} WHERE s.office_id = $1 AND s.day = $2 ORDER BY s.starts_at, s.window_id`, [officeId, date], 'appointment-slots-of-day');
    return rows.map((r) => toSlot(r, now));
  }

  async slot(slotId: string, db: SqlExecutor = this.db): Promise<AppointmentSlot> {
    const [row] = await db.query<SlotRow>(`SELECT ${SLOT_COLUMNS} FROM ${SLOT_JOIN} WHERE s.slot_id = $1`, [slotId]);
    if (!row) throw new AppointmentError('SLOT_NOT_FOUND', `No appointment slot ${slotId}`);
    return toSlot(row, this.clock.now());
  }

  private record(admin: StaffPrincipal, requestId: string, change: string, detail: Record<string, unknown>): void {
    this.audit.record({ kind: 'APPOINTMENT', actor: admin.subject, msp: admin.msp, role: admin.role, requestId, detail: { change, ...detail } });
  }
}
