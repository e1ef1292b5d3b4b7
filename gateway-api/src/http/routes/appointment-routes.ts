import { z } from 'zod';
import { APPLIED_FOR_TYPES, addDays, zDistrict, zId, zIsoDate, zText, type RegistrationType } from '@estate-ledger/chaincode';
import * as S from '@estate-ledger/api-schemas';
import type { Applicant } from '../../applicants/applicant';
import type { AppointmentBookings, Attendant, NewBooking } from '../../appointments/appointment-bookings';
import { MAX_SLOT_RANGE_DAYS, type AppointmentOffices, type NewOffice, type NewSlots, type NewWindow } from '../../appointments/appointment-offices';
import type { StaffPrincipal } from '../../auth/principal';
import { APPLICANT, PUBLIC, scope } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute, type HandlerContext } from '../route-spec';
import { viewerOf } from './query-routes';

export interface AppointmentDeps {
  offices: AppointmentOffices;
  bookings: AppointmentBookings;
}

function applicantOf(c: HandlerContext<unknown, unknown, unknown>): Applicant {
  if (!c.applicant) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
  return c.applicant;
}

function staffOf(c: HandlerContext<unknown, unknown, unknown>): StaffPrincipal {
  if (!c.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
  return c.principal;
}

function attendantOf(c: HandlerContext<unknown, unknown, unknown>): Attendant {
  const p = staffOf(c);
  return { ...viewerOf(p), subject: p.subject, msp: p.msp, role: p.role };
}

const zOfficeId = zId('officeId');
const zWindowId = zId('windowId');
const zOfficeParam = z.strictObject({ officeId: zOfficeId });
const zSlotParam = z.strictObject({ slotId: z.uuid() });
const zAppointmentParam = z.strictObject({ appointmentId: z.uuid() });
const zBusinessType = z.enum(APPLIED_FOR_TYPES);
const zCapacity = z.int().min(0).max(1000);

const zNewSlots = z
  .strictObject({
    windowId: zWindowId,
    from: zIsoDate,
    to: zIsoDate,
    times: z
      .array(z.strictObject({ start: S.zTimeOfDay, end: S.zTimeOfDay }).refine((t) => t.end > t.start, { message: 'must end after it starts', path: ['end'] }))
      .min(1)
      .max(48),
    capacity: zCapacity,
  })
  .refine((s) => s.from <= s.to, { message: 'must not be before from', path: ['to'] })
  .refine((s) => s.to <= addDays(s.from, MAX_SLOT_RANGE_DAYS - 1), { message: `a request opens slots for at most ${MAX_SLOT_RANGE_DAYS} days`, path: ['to'] }) satisfies z.ZodType<NewSlots>;

/** 签到 and 爽约: the office's clerks mark a booking, each step with its own rule of when. */
function attendanceRoute(operationId: string, step: string, summary: string, to: string, mark: (by: Attendant, appointmentId: string, requestId: string) => Promise<S.OfficeBooking>): AnyRoute {
  return route<{ appointmentId: string }, Record<string, never>, Record<string, never>>({
    operationId, method: 'post', path: `/appointments/{appointmentId}/${step}`, tag: 'Appointments', summary, access: scope('appointments.attend'),
    params: zAppointmentParam, body: z.strictObject({}),
    response: { status: 200, description: `The booking, ${to}`, schema: S.zOfficeBooking },
    handle: async (c) => ({ body: await mark(attendantOf(c), c.params.appointmentId, c.requestId) }),
  });
}

/**
 * Online appointments (网上预约): the registry's administrators configure offices, service
 * windows and time slots; anyone sees the offices and a day's slots; applicants book, move and
 * cancel their own bookings; the registry's counter staff list an office's bookings of a day, and
 * its clerks mark a booking arrived (签到) or missed (爽约).
 */
export function appointmentRoutes(d: AppointmentDeps): AnyRoute[] {
  return [
    route<Record<string, never>, Record<string, never>, NewOffice>({
      operationId: 'createAppointmentOffice', method: 'post', path: '/admin/appointment-offices', tag: 'Appointments',
      summary: 'Create an office that receives applicants by appointment', access: scope('appointments.manage'),
      body: z.strictObject({ officeId: zOfficeId, name: zText(100), address: zText(200), districts: z.array(zDistrict).min(1).max(50) }),
      response: { status: 201, description: 'The office', schema: S.zAppointmentOffice },
      handle: async (c) => ({ status: 201, body: await d.offices.createOffice(c.body, staffOf(c), c.requestId) }),
    }),
    route<{ officeId: string }, Record<string, never>, NewWindow>({
      operationId: 'addServiceWindow', method: 'post', path: '/admin/appointment-offices/{officeId}/windows', tag: 'Appointments',
      summary: 'Add a service window (窗口) with the business types it takes in', access: scope('appointments.manage'), params: zOfficeParam,
      body: z.strictObject({ windowId: zWindowId, name: zText(100), businessTypes: z.array(zBusinessType).min(1).max(APPLIED_FOR_TYPES.length) }),
      response: { status: 201, description: 'The office with its windows', schema: S.zAppointmentOffice },
      handle: async (c) => ({ status: 201, body: await d.offices.addWindow(c.params.officeId, c.body, staffOf(c), c.requestId) }),
    }),
    route<{ officeId: string }, Record<string, never>, NewSlots>({
      operationId: 'openAppointmentSlots', method: 'post', path: '/admin/appointment-offices/{officeId}/slots', tag: 'Appointments',
      summary: "Open a window's time slots with a capacity on each working day of a range (the holiday calendar's); existing slots stay as they are", access: scope('appointments.manage'),
      params: zOfficeParam, body: zNewSlots,
      response: { status: 201, description: 'How many slots were opened', schema: S.zAppointmentSlotsCreated },
      handle: async (c) => ({ status: 201, body: await d.offices.openSlots(c.params.officeId, c.body, staffOf(c), c.requestId) }),
    }),
    route<{ slotId: string }, Record<string, never>, { capacity: number }>({
      operationId: 'setAppointmentSlotCapacity', method: 'post', path: '/admin/appointment-slots/{slotId}/capacity', tag: 'Appointments',
      summary: "Change a slot's capacity (0 closes it to new bookings); never below the places booked", access: scope('appointments.manage'),
      params: zSlotParam, body: z.strictObject({ capacity: zCapacity }),
      response: { status: 200, description: 'The slot', schema: S.zAppointmentSlot },
      handle: async (c) => ({ body: await d.offices.setCapacity(c.params.slotId, c.body.capacity, staffOf(c), c.requestId) }),
    }),
    route({
      operationId: 'listAppointmentOffices', method: 'get', path: '/appointment-offices', tag: 'Appointments',
      summary: 'The offices that receive applicants by appointment, with their windows', access: PUBLIC,
      response: { status: 200, description: 'Offices', schema: S.zAppointmentOfficeList },
      handle: async () => ({ body: { items: await d.offices.list() } }),
    }),
    route<{ officeId: string }, { date: string }>({
      operationId: 'listAppointmentSlots', method: 'get', path: '/appointment-offices/{officeId}/slots', tag: 'Appointments',
      summary: "An office's time slots of a day with their free places", access: PUBLIC, params: zOfficeParam, query: z.strictObject({ date: zIsoDate }),
      response: { status: 200, description: 'Slots', schema: S.zAppointmentSlotList },
      handle: async (c) => ({ body: { items: await d.offices.day(c.params.officeId, c.query.date) } }),
    }),
    route<{ officeId: string }, { date: string; status: S.Appointment['status'] }>({
      operationId: 'listOfficeBookings', method: 'get', path: '/appointment-offices/{officeId}/bookings', tag: 'Appointments',
      summary: "An office's bookings of a day, with who is coming for what (staff serving one of the office's districts)", access: scope('appointments.read'),
      params: zOfficeParam, query: z.strictObject({ date: zIsoDate, status: z.enum(S.APPOINTMENT_STATUSES).default('BOOKED') }),
      response: { status: 200, description: 'Bookings', schema: S.zOfficeBookingList },
      handle: async (c) => ({ body: { items: await d.bookings.ofOfficeDay(viewerOf(c.principal), c.params.officeId, c.query.date, c.query.status) } }),
    }),
    attendanceRoute('checkInAppointment', 'check-in', "Mark a booking arrived at the window (签到): from 30 minutes before its slot starts until the slot ends, on its day (clerks of the office's districts)", 'ARRIVED', (by, id, requestId) => d.bookings.checkIn(by, id, requestId)),
    attendanceRoute('markAppointmentNoShow', 'no-show', "Mark a booking missed (爽约) once its slot has ended; repeated no-shows restrict the holder's booking (clerks of the office's districts)", 'NO_SHOW', (by, id, requestId) => d.bookings.markNoShow(by, id, requestId)),
    route<Record<string, never>, Record<string, never>, NewBooking>({
      operationId: 'bookAppointment', method: 'post', path: '/applicant/appointments', tag: 'Appointments',
      summary: 'Book a place in a time slot for a business type and, when known, one of your cases (预约); refused while repeated no-shows restrict booking', access: APPLICANT,
      body: z.strictObject({ slotId: z.uuid(), businessType: zBusinessType, applicationId: zId('applicationId').optional() }) satisfies z.ZodType<{ slotId: string; businessType: RegistrationType; applicationId?: string }>,
      response: { status: 201, description: 'Booked', schema: S.zAppointment },
      handle: async (c) => ({ status: 201, body: await d.bookings.book(applicantOf(c), c.body) }),
    }),
    route({
      operationId: 'listMyAppointments', method: 'get', path: '/applicant/appointments', tag: 'Appointments',
      summary: 'My bookings, newest slot first, and whether repeated no-shows restrict my booking (until when)', access: APPLICANT,
      response: { status: 200, description: 'My bookings', schema: S.zAppointmentList },
      handle: async (c) => ({ body: await d.bookings.mine(applicantOf(c)) }),
    }),
    route<{ appointmentId: string }>({
      operationId: 'getMyAppointment', method: 'get', path: '/applicant/appointments/{appointmentId}', tag: 'Appointments',
      summary: 'One of my bookings', access: APPLICANT, params: zAppointmentParam,
      response: { status: 200, description: 'The booking', schema: S.zAppointment },
      handle: async (c) => ({ body: await d.bookings.one(applicantOf(c), c.params.appointmentId) }),
    }),
    route<{ appointmentId: string }, Record<string, never>, { slotId: string }>({
      operationId: 'moveMyAppointment', method: 'post', path: '/applicant/appointments/{appointmentId}/move', tag: 'Appointments',
      summary: 'Move my booking to another slot; when that slot is full or past the booking stays where it was', access: APPLICANT,
      params: zAppointmentParam, body: z.strictObject({ slotId: z.uuid() }),
      response: { status: 200, description: 'The booking in its new slot', schema: S.zAppointment },
      handle: async (c) => ({ body: await d.bookings.move(applicantOf(c), c.params.appointmentId, c.body.slotId) }),
    }),
    route<{ appointmentId: string }, Record<string, never>, Record<string, never>>({
      operationId: 'cancelMyAppointment', method: 'post', path: '/applicant/appointments/{appointmentId}/cancel', tag: 'Appointments',
      summary: 'Cancel my booking before its time; the place is free again', access: APPLICANT, params: zAppointmentParam, body: z.strictObject({}),
      response: { status: 200, description: 'The cancelled booking', schema: S.zAppointment },
      handle: async (c) => ({ body: await d.bookings.cancel(applicantOf(c), c.params.appointmentId) }),
    }),
  ];
}
