import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { isoDateInChina, maskName, timeOfDayInChina, type RegistrationType } from '@estate-ledger/chaincode';
import type { Appointment, AppointmentList, OfficeBooking } from '@estate-ledger/api-schemas';
import { AppointmentError, NotYoursError } from '../application/application-errors';
import { ApplicantCases } from '../applicants/applicant-cases';
import { assertGranted, type Applicant } from '../applicants/applicant';
import { AuditLog } from '../audit/audit-log';
import { citizenOf, type StaffPrincipal } from '../auth/principal';
import type { GatewayConfig } from '../config/gateway-config';
import { PiiVault } from '../read-model/pii-vault';
import type { ReadDb, SqlExecutor } from '../read-model/read-db';
import type { Viewer } from '../read-model/unit-queries';
import type { Clock } from '../register-clock';
import { CLOCK, CONFIG, READ_DB } from '../tokens';
import { AppointmentOffices, SLOT_COLUMNS, SLOT_JOIN, toSlot, type SlotRow } from './appointment-offices';

export interface NewBooking {
  slotId: string;
  businessType: RegistrationType;
  applicationId?: string;
}

/** The newest bookings shown on "my appointments". */
const MY_APPOINTMENTS_LIMIT = 100;

/** Check-in (签到) opens this long before the slot starts. */
const CHECK_IN_OPENS_BEFORE_MS = 30 * 60_000;
const DAY_MS = 86_400_000;

/** The office's staff who mark bookings arrived or missed: their districts and how they are audited. */
export type Attendant = Viewer & Pick<StaffPrincipal, 'subject' | 'msp' | 'role'>;

/**
 * Who holds a booking: the citizen (themselves, or the one a portal acts for), otherwise the
 * channel account. `bookedBy` is who made the call.
 */
const holderOf = (a: Applicant) => {
  const citizen = citizenOf(a);
  return citizen ? { kind: 'citizen' as const, subject: citizen.subject, name: citizen.name } : { kind: 'channel' as const, subject: a.subject, name: a.name };
};

interface BookingRow extends SlotRow {
  appointment_id: string;
  status: Appointment['status'];
  business_type: RegistrationType;
  application_id: string | null;
  office_name: string;
  office_address: string;
  holder_kind: 'citizen' | 'channel';
  holder_name_sealed: string;
  booked_at: Date | string;
  updated_at: Date | string;
  cancelled_at: Date | string | null;
  checked_in_at: Date | string | null;
  no_show_at: Date | string | null;
}

const BOOKING_SQL = `SELECT a.appointment_id, a.status, a.business_type, a.application_id, a.holder_kind, a.holder_name_sealed, a.booked_at, a.updated_at, a.cancelled_at, a.checked_in_at, a.no_show_at,
    o.name AS office_name, o.address AS office_address, ${SLOT_COLUMNS}
  FROM appointments a JOIN ${SLOT_JOIN} ON s.slot_id = a.slot_id JOIN appointment_offices o ON o.office_id = s.office_id`;

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Applicants' bookings of the offices' time slots: book, move, cancel, and their own list; the
 * office's staff list a day's bookings.
 *
 * Capacity holds under any concurrency through SQL alone: a booking takes its place with one
 * conditional update of the slot's counter (`booked < capacity`, row-locked by the update, so a
 * concurrent booking re-checks the condition after the first commits), in the same transaction
 * as the booking row; a table CHECK refuses any counter above the capacity. A move locks its
 * booking and then both slots in id order, so two moves between the same slots cannot deadlock.
 *
 * The office's clerks mark a booking ARRIVED (签到) or NO_SHOW (爽约); repeated no-shows bar the
 * holder from booking and moving for a while (config `appointmentNoShows`), never from cancelling.
 */
@injectable()
export class AppointmentBookings {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(PiiVault) private readonly vault: PiiVault,
    @inject(AppointmentOffices) private readonly offices: AppointmentOffices,
    @inject(ApplicantCases) private readonly cases: ApplicantCases,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async book(applicant: Applicant, input: NewBooking): Promise<Appointment> {
    const slot = await this.offices.slot(input.slotId);
    this.checkBusinessType(applicant, input.businessType, slot.businessTypes);
    if (input.applicationId) await this.checkCase(applicant, input.applicationId, input.businessType);
    const holder = holderOf(applicant);
    const appointmentId = randomUUID();
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      await this.checkNotRestricted(tx, holder.subject, now);
      await this.takePlace(tx, input.slotId, now);
      const inserted = await tx.query(
        `INSERT INTO appointments (appointment_id, slot_id, holder, holder_kind, holder_name_sealed, booked_by, business_type, application_id, status, booked_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'BOOKED', $9, $9) ON CONFLICT DO NOTHING RETURNING appointment_id`,
        [appointmentId, input.slotId, holder.subject, holder.kind, this.vault.encrypt(holder.name), applicant.subject, input.businessType, input.applicationId ?? null, now],
      );
      // The unique index on (slot, holder) of booked rows: throwing rolls the place back too.
      if (inserted.length === 0) throw alreadyBooked();
      return this.read(tx, appointmentId, now);
    });
  }

  /** Moves a booking to another slot; when that slot is full or past nothing changes. */
  async move(applicant: Applicant, appointmentId: string, slotId: string): Promise<Appointment> {
    const holder = holderOf(applicant);
    const target = await this.offices.slot(slotId);
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const current = await this.lockOwn(tx, appointmentId, holder.subject, now);
      if (current.slot_id === slotId) return this.read(tx, appointmentId, now);
      await this.checkNotRestricted(tx, holder.subject, now);
      if (!target.businessTypes.includes(current.business_type)) throw notServed(current.business_type, target.windowName);
      await tx.query('SELECT slot_id FROM appointment_slots WHERE slot_id = ANY($1) ORDER BY slot_id FOR UPDATE', [[current.slot_id, slotId].sort()]);
      const [clash] = await tx.query("SELECT 1 FROM appointments WHERE slot_id = $1 AND holder = $2 AND status = 'BOOKED'", [slotId, holder.subject]);
      if (clash) throw alreadyBooked();
      await this.takePlace(tx, slotId, now);
      await tx.query('UPDATE appointment_slots SET booked = booked - 1 WHERE slot_id = $1', [current.slot_id]);
      await tx.query('UPDATE appointments SET slot_id = $2, updated_at = $3 WHERE appointment_id = $1', [appointmentId, slotId, now]);
      return this.read(tx, appointmentId, now);
    });
  }

  async cancel(applicant: Applicant, appointmentId: string): Promise<Appointment> {
    const holder = holderOf(applicant);
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const current = await this.lockOwn(tx, appointmentId, holder.subject, now);
      await tx.query("UPDATE appointments SET status = 'CANCELLED', cancelled_at = $2, updated_at = $2 WHERE appointment_id = $1", [appointmentId, now]);
      await tx.query('UPDATE appointment_slots SET booked = booked - 1 WHERE slot_id = $1', [current.slot_id]);
      return this.read(tx, appointmentId, now);
    });
  }

  /** The applicant's bookings, newest slot first, and whether no-shows restrict their booking now. */
  async mine(applicant: Applicant): Promise<AppointmentList> {
    const now = this.clock.now();
    const holder = holderOf(applicant).subject;
    const rows = await this.db.query<BookingRow>(`${BOOKING_SQL} WHERE a.holder = $1 ORDER BY s.starts_at DESC, a.appointment_id LIMIT $2`, [holder, MY_APPOINTMENTS_LIMIT], 'appointments-of-holder');
    const until = await this.restrictedUntil(this.db, holder, now);
    return { items: rows.map((r) => toAppointment(r, now)), bookingRestricted: until !== undefined, ...(until && { bookingRestrictedUntil: until.toISOString() }) };
  }

  async one(applicant: Applicant, appointmentId: string): Promise<Appointment> {
    const now = this.clock.now();
    const [row] = await this.db.query<BookingRow>(`${BOOKING_SQL} WHERE a.appointment_id = $1 AND a.holder = $2`, [appointmentId, holderOf(applicant).subject]);
    if (!row) throw new NotYoursError('appointment', appointmentId);
    return toAppointment(row, now);
  }

  /**
   * An office's bookings of a day, for staff who serve one of its districts (others get 404, as
   * if the office did not exist); citizens' names masked unless the caller may see names.
   */
  async ofOfficeDay(viewer: Viewer, officeId: string, date: string, status: Appointment['status']): Promise<OfficeBooking[]> {
    const office = await this.offices.get(officeId);
    if (!office.districts.some((d) => viewer.districts.includes(d))) throw new AppointmentError('APPOINTMENT_OFFICE_NOT_FOUND', `No appointment office ${officeId} in your districts`);
    const now = this.clock.now();
    const rows = await this.db.query<BookingRow>(
      `${BOOKING_SQL} WHERE s.office_id = $1 AND s.day = $2 AND a.status = $3 ORDER BY s.starts_at, s.window_id, a.booked_at`,
      [officeId, date, status],
      'appointments-of-office-day',
    );
    return rows.map((r) => this.seenBy(viewer, r, now));
  }

  /** 签到: the applicant came to the window, from 30 minutes before the slot starts until it ends, on its day. */
  async checkIn(by: Attendant, appointmentId: string, requestId: string): Promise<OfficeBooking> {
    return this.attend(by, appointmentId, requestId, 'ARRIVED');
  }

  /** 爽约: the applicant did not come; only once the slot has ended (until then they may still check in). */
  async markNoShow(by: Attendant, appointmentId: string, requestId: string): Promise<OfficeBooking> {
    return this.attend(by, appointmentId, requestId, 'NO_SHOW');
  }

  /**
   * Marks a BOOKED appointment ARRIVED or NO_SHOW for the staff of one of its office's districts
   * (for others it does not exist: 404, as the office's day answers). Both keep the slot's place.
   */
  private async attend(by: Attendant, appointmentId: string, requestId: string, to: 'ARRIVED' | 'NO_SHOW'): Promise<OfficeBooking> {
    const { booking, district } = await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const [row] = await tx.query<{ status: string; day: string; starts_at: Date | string; ends_at: Date | string; districts: string[] }>(
        `SELECT a.status, s.day, s.starts_at, s.ends_at, o.districts FROM appointments a JOIN appointment_slots s ON s.slot_id = a.slot_id JOIN appointment_offices o ON o.office_id = s.office_id
         WHERE a.appointment_id = $1 FOR UPDATE OF a`,
        [appointmentId],
      );
      const served = row?.districts.find((d) => by.districts.includes(d));
      if (!row || !served) throw new AppointmentError('APPOINTMENT_NOT_FOUND', `No appointment ${appointmentId} at an office of your districts`);
      if (row.status !== 'BOOKED') throw new AppointmentError('APPOINTMENT_NOT_ACTIVE', `Appointment ${appointmentId} is ${row.status}, not BOOKED`);
      const slot = { day: row.day, startsAt: new Date(row.starts_at), endsAt: new Date(row.ends_at) };
      const refusal = to === 'ARRIVED' ? checkInRefusal(slot, now) : noShowRefusal(slot, now);
      if (refusal) throw refusal;
      const column = to === 'ARRIVED' ? 'checked_in_at' : 'no_show_at';
      await tx.query(`UPDATE appointments SET status = $2, ${column} = $3, updated_at = $3 WHERE appointment_id = $1`, [appointmentId, to, now]);
      const [updated] = await tx.query<BookingRow>(`${BOOKING_SQL} WHERE a.appointment_id = $1`, [appointmentId]);
      return { booking: this.seenBy(by, updated, now), district: served };
    });
    this.audit.record({
      kind: 'APPOINTMENT', actor: by.subject, msp: by.msp, role: by.role, district, requestId,
      detail: { change: to === 'ARRIVED' ? 'CHECKED_IN' : 'NO_SHOW', appointmentId, officeId: booking.office.officeId, slotId: booking.slot.slotId },
    });
    return booking;
  }

  /**
   * The instant the holder's booking restriction ends, while one runs: `limit` no-shows within
   * `withinDays` of the last of them bar booking for `restrictionDays` after it.
   */
  private async restrictedUntil(db: SqlExecutor, holder: string, now: Date): Promise<Date | undefined> {
    const { limit, withinDays, restrictionDays } = this.config.appointmentNoShows;
    // Only no-shows whose restriction could still run count, with the window before each of them.
    const since = new Date(now.getTime() - (withinDays + restrictionDays) * DAY_MS);
    const [row] = await db.query<{ last: Date | string | null }>(
      `SELECT max(no_show_at) AS last FROM (
         SELECT no_show_at, count(*) OVER (ORDER BY no_show_at RANGE BETWEEN $3::interval PRECEDING AND CURRENT ROW) AS n
         FROM appointments WHERE holder = $1 AND status = 'NO_SHOW' AND no_show_at > $2) recent
       WHERE n >= $4`,
      [holder, since, `${withinDays} days`, limit],
      'appointment-no-shows-of-holder',
    );
    if (!row?.last) return undefined;
    const until = new Date(new Date(row.last).getTime() + restrictionDays * DAY_MS);
    return until > now ? until : undefined;
  }

  private async checkNotRestricted(db: SqlExecutor, holder: string, now: Date): Promise<void> {
    const until = await this.restrictedUntil(db, holder, now);
    if (!until) return;
    const { limit, withinDays } = this.config.appointmentNoShows;
    throw new AppointmentError(
      'APPOINTMENT_BOOKING_RESTRICTED',
      `${limit} or more missed appointments (爽约) within ${withinDays} days: booking and moving are restricted until ${isoDateInChina(until)} ${timeOfDayInChina(until)} (China time); cancelling is still possible`,
    );
  }

  /** A booking as the office's staff see it: with its holder, a citizen's name masked unless the viewer may see names. */
  private seenBy(viewer: Viewer, r: BookingRow, now: Date): OfficeBooking {
    const name = this.vault.decrypt(r.holder_name_sealed);
    const masked = r.holder_kind === 'citizen' && !viewer.unmasked;
    return { ...toAppointment(r, now), holder: { kind: r.holder_kind, name: masked ? maskName(name) : name, masked } };
  }

  /** Takes one place of the slot if one is free and the slot still ahead; otherwise says which. */
  private async takePlace(tx: SqlExecutor, slotId: string, now: Date): Promise<void> {
    const taken = await tx.query('UPDATE appointment_slots SET booked = booked + 1 WHERE slot_id = $1 AND booked < capacity AND starts_at > $2 RETURNING slot_id', [slotId, now]);
    if (taken.length === 1) return;
    const [slot] = await tx.query<{ starts_at: Date | string; capacity: number }>('SELECT starts_at, capacity FROM appointment_slots WHERE slot_id = $1', [slotId]);
    if (!slot) throw new AppointmentError('SLOT_NOT_FOUND', `No appointment slot ${slotId}`, 'slotId');
    if (new Date(slot.starts_at) <= now) throw new AppointmentError('SLOT_IN_PAST', `The slot began at ${iso(slot.starts_at)}; only later slots can be booked`, 'slotId');
    throw new AppointmentError('SLOT_FULL', `All ${slot.capacity} places of the slot are booked; choose another slot`, 'slotId');
  }

  /** The applicant's own booking, locked, when it may still change (booked, its slot ahead). */
  private async lockOwn(tx: SqlExecutor, appointmentId: string, holder: string, now: Date): Promise<{ slot_id: string; business_type: RegistrationType }> {
    const [row] = await tx.query<{ slot_id: string; business_type: RegistrationType; status: string; starts_at: Date | string }>(
      `SELECT a.slot_id, a.business_type, a.status, s.starts_at FROM appointments a JOIN appointment_slots s ON s.slot_id = a.slot_id
       WHERE a.appointment_id = $1 AND a.holder = $2 FOR UPDATE OF a`,
      [appointmentId, holder],
    );
    if (!row) throw new NotYoursError('appointment', appointmentId);
    if (row.status !== 'BOOKED') throw new AppointmentError('APPOINTMENT_NOT_ACTIVE', `Appointment ${appointmentId} is ${row.status === 'CANCELLED' ? 'cancelled' : `marked ${row.status}`}`);
    if (new Date(row.starts_at) <= now) throw new AppointmentError('APPOINTMENT_NOT_ACTIVE', `The time of appointment ${appointmentId} has come (${iso(row.starts_at)})`);
    return row;
  }

  private async read(db: SqlExecutor, appointmentId: string, now: Date): Promise<Appointment> {
    const [row] = await db.query<BookingRow>(`${BOOKING_SQL} WHERE a.appointment_id = $1`, [appointmentId]);
    return toAppointment(row, now);
  }

  private checkBusinessType(applicant: Applicant, type: RegistrationType, served: readonly RegistrationType[]): void {
    assertGranted(applicant, type);
    if (!served.includes(type)) throw notServed(type);
  }

  /** The case must be the applicant's own (404 otherwise, as for any case of someone else) and of the booking's business type. */
  private async checkCase(applicant: Applicant, applicationId: string, type: RegistrationType): Promise<void> {
    await this.cases.owned(applicant, applicationId);
    const [row] = await this.db.query<{ business_type: string }>('SELECT business_type FROM applications WHERE application_id = $1', [applicationId]);
    if (row && row.business_type !== type) {
      throw new AppointmentError('VALIDATION_FAILED', `businessType: case ${applicationId} is a ${row.business_type} case, not ${type}`, 'businessType', 'CASE_BUSINESS_TYPE');
    }
  }
}

interface SlotTimes {
  day: string;
  startsAt: Date;
  endsAt: Date;
}

const checkInRefusal = (slot: SlotTimes, now: Date): AppointmentError | undefined => {
  const opens = new Date(slot.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS);
  if (now < opens || isoDateInChina(now) < slot.day) {
    return new AppointmentError('OUTSIDE_APPOINTMENT_TIME', `Check-in opens at ${timeOfDayInChina(opens)} on ${slot.day} (China time), 30 minutes before the slot`, undefined, 'CHECK_IN_TOO_EARLY');
  }
  if (now >= slot.endsAt) {
    return new AppointmentError('OUTSIDE_APPOINTMENT_TIME', `The slot ended at ${timeOfDayInChina(slot.endsAt)} on ${slot.day} (China time): too late to check in; mark it a no-show`, undefined, 'CHECK_IN_TOO_LATE');
  }
  return undefined;
};

const noShowRefusal = (slot: SlotTimes, now: Date): AppointmentError | undefined =>
  now < slot.endsAt
    ? new AppointmentError('OUTSIDE_APPOINTMENT_TIME', `The slot ends at ${timeOfDayInChina(slot.endsAt)} on ${slot.day} (China time); until then the applicant may still check in`, undefined, 'SLOT_NOT_ENDED')
    : undefined;

const alreadyBooked = () => new AppointmentError('ALREADY_BOOKED_IN_SLOT', 'You hold a booking in this slot already', 'slotId');
const notServed = (type: string, window?: string) =>
  new AppointmentError('BUSINESS_TYPE_NOT_SERVED', `${window ? `Window ${window}` : "The slot's window"} does not take in ${type}`, 'businessType');

const toAppointment = (r: BookingRow, now: Date): Appointment => {
  const slot = toSlot(r, now);
  return {
    appointmentId: r.appointment_id,
    status: r.status,
    upcoming: r.status === 'BOOKED' && new Date(r.starts_at) > now,
    businessType: r.business_type,
    ...(r.application_id && { applicationId: r.application_id }),
    office: { officeId: r.office_id, name: r.office_name, address: r.office_address },
    slot,
    bookedAt: iso(r.booked_at),
    updatedAt: iso(r.updated_at),
    ...(r.cancelled_at && { cancelledAt: iso(r.cancelled_at) }),
    ...(r.checked_in_at && { checkedInAt: iso(r.checked_in_at) }),
    ...(r.no_show_at && { noShowAt: iso(r.no_show_at) }),
  };
};
