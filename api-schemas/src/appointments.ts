import { z } from 'zod';
import { zInstant, zIsoDate } from './common';
import { APPOINTMENT_STATUSES, REGISTRATION_TYPES } from './vocabulary';

/** Online appointments (网上预约): the registry's offices, their service windows and time slots, and applicants' bookings. */

export const zTimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .meta({ id: 'TimeOfDay', description: 'HH:MM, China time (the register\'s clock)', example: '09:30' });

export const zServiceWindow = z
  .object({
    windowId: z.string().meta({ example: 'w1' }),
    name: z.string().meta({ example: '1号窗口 综合受理' }),
    businessTypes: z.array(z.enum(REGISTRATION_TYPES)).meta({ description: 'The business types this window takes in' }),
  })
  .meta({ id: 'ServiceWindow', description: 'A service window (窗口) of an office' });

export const zAppointmentOffice = z
  .object({
    officeId: z.string().meta({ example: 'dazhou-hall' }),
    name: z.string().meta({ example: '达州市不动产登记中心 政务服务大厅' }),
    address: z.string(),
    districts: z.array(z.string()).meta({ description: 'Division codes of the districts the office serves' }),
    windows: z.array(zServiceWindow),
  })
  .meta({ id: 'AppointmentOffice', description: 'An office of the registry where applicants are received by appointment' });
export type AppointmentOffice = z.infer<typeof zAppointmentOffice>;

export const zAppointmentOfficeList = z.object({ items: z.array(zAppointmentOffice) }).meta({ id: 'AppointmentOfficeList' });
export type AppointmentOfficeList = z.infer<typeof zAppointmentOfficeList>;

export const zAppointmentSlot = z
  .object({
    slotId: z.uuid(),
    officeId: z.string(),
    windowId: z.string(),
    windowName: z.string(),
    businessTypes: z.array(z.enum(REGISTRATION_TYPES)).meta({ description: "The window's business types" }),
    date: zIsoDate,
    start: zTimeOfDay,
    end: zTimeOfDay,
    startsAt: zInstant,
    endsAt: zInstant,
    capacity: z.int().min(0),
    booked: z.int().min(0),
    free: z.int().min(0),
    bookable: z.boolean().meta({ description: 'A free place and a start still ahead on the register\'s clock' }),
  })
  .meta({ id: 'AppointmentSlot', description: 'A time slot of a service window with its capacity and the places booked' });
export type AppointmentSlot = z.infer<typeof zAppointmentSlot>;

export const zAppointmentSlotList = z.object({ items: z.array(zAppointmentSlot) }).meta({ id: 'AppointmentSlotList', description: 'The slots of one day, by start then window' });
export type AppointmentSlotList = z.infer<typeof zAppointmentSlotList>;

export const zAppointmentSlotsCreated = z
  .object({
    created: z.int().min(0),
    existing: z.int().min(0).meta({ description: 'Slots that were there already (same window and start), left as they were' }),
    dates: z.array(zIsoDate).meta({ description: 'The working days of the range that got slots (holidays and weekends are skipped, 调休 working days kept)' }),
  })
  .meta({ id: 'AppointmentSlotsCreated' });

export const zAppointment = z
  .object({
    appointmentId: z.uuid(),
    status: z.enum(APPOINTMENT_STATUSES),
    upcoming: z.boolean().meta({ description: 'BOOKED and its slot still ahead on the register\'s clock: it may be moved or cancelled' }),
    businessType: z.enum(REGISTRATION_TYPES),
    applicationId: z.string().optional().meta({ description: "The applicant's case the visit is for, when known" }),
    office: z.object({ officeId: z.string(), name: z.string(), address: z.string() }),
    slot: zAppointmentSlot,
    bookedAt: zInstant,
    updatedAt: zInstant,
    cancelledAt: zInstant.optional(),
    checkedInAt: zInstant.optional().meta({ description: 'When the office marked the applicant arrived (签到)' }),
    noShowAt: zInstant.optional().meta({ description: 'When the office marked the booking missed (爽约)' }),
  })
  .meta({ id: 'Appointment', description: 'A booking of a place in a time slot' });
export type Appointment = z.infer<typeof zAppointment>;

export const zAppointmentList = z
  .object({
    items: z.array(zAppointment).meta({ description: 'Newest slot first' }),
    bookingRestricted: z.boolean().meta({ description: 'Repeated no-shows (爽约): the applicant may not book or move a booking now; cancelling stays allowed' }),
    bookingRestrictedUntil: zInstant.optional().meta({ description: 'When the restriction ends (with bookingRestricted)' }),
  })
  .meta({ id: 'AppointmentList', description: "The applicant's bookings and whether they may book" });
export type AppointmentList = z.infer<typeof zAppointmentList>;

export const zOfficeBooking = zAppointment
  .extend({
    holder: z.object({
      kind: z.enum(['citizen', 'channel']),
      name: z.string().meta({ description: "The citizen's name (masked unless the caller may see names) or the channel's organisation" }),
      masked: z.boolean(),
    }),
  })
  .meta({ id: 'OfficeBooking', description: 'A booking as the office\'s staff see it: with who is coming' });
export type OfficeBooking = z.infer<typeof zOfficeBooking>;

export const zOfficeBookingList = z.object({ items: z.array(zOfficeBooking) }).meta({ id: 'OfficeBookingList', description: 'The day\'s bookings by start, then window' });
export type OfficeBookingList = z.infer<typeof zOfficeBookingList>;
