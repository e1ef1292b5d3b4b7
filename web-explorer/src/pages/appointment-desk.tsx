import { useEffect, useState } from 'preact/hooks';
import { APPOINTMENT_STATUSES } from '@estate-ledger/api-schemas/vocabulary';
import { asApiError, postJson, type ApiError } from '../api/client';
import { useApi, useRegisterToday } from '../api/hooks';
import type { AppointmentOfficeList, OfficeBooking, OfficeBookingList } from '../api/types';
import { OfficeDayForm, Refusal } from '../components/appointment-forms';
import { ErrorBox, Loading } from '../components/common';
import { lookup, useI18n } from '../i18n';

/**
 * 预约签到: the office's counter lists a day's bookings and marks each arrived (签到) or missed
 * (爽约). The gateway decides whether it is time for either and says why not; one booking a card, so
 * the page works on the phone a clerk carries through the hall.
 */
export function AppointmentDeskPage() {
  const { t } = useI18n();
  const today = useRegisterToday();
  const offices = useApi<AppointmentOfficeList>('/appointment-offices');
  const [officeId, setOfficeId] = useState('');
  const [date, setDate] = useState('');
  const [status, setStatus] = useState<OfficeBooking['status']>('BOOKED');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const office = offices.data?.items.find((o) => o.officeId === officeId) ?? offices.data?.items[0];
  useEffect(() => {
    if (today && !date) setDate(today);
  }, [today]);
  const bookings = useApi<OfficeBookingList>(office && date ? `/appointment-offices/${encodeURIComponent(office.officeId)}/bookings?date=${date}&status=${status}` : null);

  const mark = async (b: OfficeBooking, step: 'check-in' | 'no-show') => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await postJson<OfficeBooking>(`/appointments/${b.appointmentId}/${step}`, {});
      setDone(t(step === 'check-in' ? 'desk.checkedIn' : 'desk.markedNoShow', { name: b.holder.name, start: b.slot.start }));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
      bookings.reload();
    }
  };

  return (
    <div class="page narrow">
      <h1>{t('desk.title')}</h1>
      <p class="muted">{t('desk.note')}</p>
      <OfficeDayForm offices={offices} office={office} onOffice={setOfficeId} date={date} onDate={setDate}>
        <label>
          {t('desk.status')}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as OfficeBooking['status'])}>
            {APPOINTMENT_STATUSES.map((x) => (
              <option key={x} value={x}>
                {t(`appointments.status.${x}`)}
              </option>
            ))}
          </select>
        </label>
      </OfficeDayForm>

      {done && (
        <p class="notice" role="status" data-testid="done">
          {done}
        </p>
      )}
      {error && <Refusal error={error} />}

      {bookings.error && <ErrorBox error={bookings.error} />}
      {bookings.loading && <Loading />}
      {bookings.data && bookings.data.items.length === 0 && <p>{t('desk.none')}</p>}
      <ul class="case-cards" data-testid="desk-bookings">
        {bookings.data?.items.map((b) => (
          <li key={b.appointmentId} class="case-card" data-appointment={b.appointmentId} data-status={b.status}>
            <h3>
              {b.slot.start}–{b.slot.end} · {b.slot.windowName}
            </h3>
            <p>
              {b.holder.name} · {lookup(t, `regType.${b.businessType}`) ?? b.businessType}
              {b.applicationId && <> · {t('appointments.case', { id: b.applicationId })}</>}
            </p>
            {b.status === 'BOOKED' && (
              <p class="actions">
                <button type="button" disabled={busy} onClick={() => mark(b, 'check-in')} aria-label={t('desk.checkInOf', { name: b.holder.name, start: b.slot.start })}>
                  {t('desk.checkIn')}
                </button>{' '}
                <button type="button" disabled={busy} onClick={() => mark(b, 'no-show')} aria-label={t('desk.noShowOf', { name: b.holder.name, start: b.slot.start })}>
                  {t('desk.noShow')}
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
