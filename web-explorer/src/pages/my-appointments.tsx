import { useEffect, useState } from 'preact/hooks';
import { asApiError, postJson, type ApiError } from '../api/client';
import { useApi, useRegisterToday } from '../api/hooks';
import type { Appointment, AppointmentList, AppointmentOfficeList, AppointmentSlot, AppointmentSlotList } from '../api/types';
import { OfficeDayForm, Refusal } from '../components/appointment-forms';
import { ErrorBox, Loading } from '../components/common';
import { lookup, useI18n, type Translate } from '../i18n';
import { formatTime } from '../lib/format';
import { Link } from '../router';

const name = (t: Translate, prefix: string, value: string) => lookup(t, `${prefix}.${value}`) ?? value;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * 网上预约: the applicant picks an office, a day and a free slot of a window that takes their
 * business in, books it, and sees and cancels their bookings (and whether the office marked them
 * arrived or missed; repeated no-shows bar booking for a while). Each slot is a row that fits a phone.
 */
export function MyAppointmentsPage() {
  const { t, lang } = useI18n();
  const today = useRegisterToday();
  const offices = useApi<AppointmentOfficeList>('/appointment-offices');
  const mine = useApi<AppointmentList>('/applicant/appointments');
  const [officeId, setOfficeId] = useState('');
  const [date, setDate] = useState('');
  const [businessType, setBusinessType] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const office = offices.data?.items.find((o) => o.officeId === officeId) ?? offices.data?.items[0];
  const types = [...new Set(office?.windows.flatMap((w) => w.businessTypes) ?? [])];
  const type = types.includes(businessType as (typeof types)[number]) ? businessType : (types[0] ?? '');
  // The register's tomorrow until the applicant picks a day: today's slots are mostly gone.
  useEffect(() => {
    if (today && !date) setDate(nextDay(today));
  }, [today]);
  const slots = useApi<AppointmentSlotList>(office && date ? `/appointment-offices/${encodeURIComponent(office.officeId)}/slots?date=${date}` : null);

  const act = async (path: string, body: unknown, message: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await postJson<Appointment>(path, body);
      setDone(message);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
      slots.reload();
      mine.reload();
    }
  };
  const book = (s: AppointmentSlot) => act('/applicant/appointments', { slotId: s.slotId, businessType: type }, t('appointments.booked', { date: s.date, start: s.start, window: s.windowName }));
  const cancel = (a: Appointment) => act(`/applicant/appointments/${a.appointmentId}/cancel`, {}, t('appointments.cancelled', { date: a.slot.date, start: a.slot.start }));

  return (
    <div class="page narrow">
      <h1>{t('appointments.title')}</h1>
      <p class="muted">
        {t('appointments.intro')} <Link href="/my/cases">{t('myCases.title')}</Link>
      </p>
      <OfficeDayForm offices={offices} office={office} onOffice={setOfficeId} date={date} minDate={today ?? undefined} onDate={setDate}>
        <label>
          {t('appointments.businessType')}
          <select value={type} onChange={(e) => setBusinessType(e.currentTarget.value)}>
            {types.map((x) => (
              <option key={x} value={x}>
                {name(t, 'regType', x)}
              </option>
            ))}
          </select>
        </label>
      </OfficeDayForm>
      {office && <p class="muted small">{t('appointments.address', { address: office.address })}</p>}

      {done && (
        <p class="notice" role="status" data-testid="done">
          {done}
        </p>
      )}
      {error && <Refusal error={error} />}
      {mine.data?.bookingRestricted && (
        <p class="restriction" role="note" data-testid="booking-restricted">
          {t('appointments.restricted', { until: formatTime(mine.data.bookingRestrictedUntil, lang) })}
        </p>
      )}

      {office && (
        <section aria-labelledby="slots-title">
          <h2 id="slots-title">{t('appointments.slotsOf', { date })}</h2>
          {slots.error && <ErrorBox error={slots.error} />}
          {slots.loading && <Loading />}
          {slots.data && slots.data.items.length === 0 && <p>{t('appointments.noSlots')}</p>}
          <ul class="slot-list" data-testid="slots">
            {slots.data?.items.map((s) => {
              const serves = s.businessTypes.includes(type as (typeof s.businessTypes)[number]);
              return (
                <li key={s.slotId} data-slot={s.slotId} data-start={s.start} class={s.bookable && serves ? '' : 'unavailable'}>
                  <span class="slot-time">
                    {s.start}–{s.end}
                  </span>
                  <span class="slot-window">{s.windowName}</span>
                  <span class="slot-free">{s.free > 0 ? t('appointments.free', { free: s.free, capacity: s.capacity }) : t('appointments.full')}</span>
                  <button type="button" disabled={busy || !s.bookable || !serves} onClick={() => book(s)} aria-label={t('appointments.bookAt', { start: s.start, window: s.windowName })}>
                    {t('appointments.book')}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <section aria-labelledby="mine-title">
        <h2 id="mine-title">{t('appointments.mine')}</h2>
        {mine.error && <ErrorBox error={mine.error} />}
        {mine.data && mine.data.items.length === 0 && <p>{t('appointments.none')}</p>}
        <ul class="case-cards" data-testid="my-appointments">
          {mine.data?.items.map((a) => (
            <li key={a.appointmentId} class="case-card" data-appointment={a.appointmentId} data-status={a.status}>
              <h3>
                {a.slot.date} {a.slot.start}–{a.slot.end} <span class="muted">{name(t, 'appointments.status', a.status)}</span>
              </h3>
              <p class="muted">
                {a.office.name} · {a.slot.windowName}
              </p>
              <p>
                {name(t, 'regType', a.businessType)}
                {a.applicationId && <> · {t('appointments.case', { id: a.applicationId })}</>}
              </p>
              {a.upcoming && (
                <button type="button" disabled={busy} onClick={() => cancel(a)} aria-label={t('appointments.cancelAt', { date: a.slot.date, start: a.slot.start })}>
                  {t('appointments.cancel')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
