import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';
import type { Loaded } from '../api/hooks';
import type { AppointmentOfficeList } from '../api/types';
import { lookup, useI18n } from '../i18n';
import { ErrorBox, Loading } from './common';

/** A refusal in plain words (SLOT_FULL …; by its rule where the code has several), with the gateway's own answer under it. */
export function Refusal({ error }: { error: ApiError }) {
  const { t } = useI18n();
  const said = (error.rule && lookup(t, `appointments.refused.${error.code}.${error.rule}`)) || lookup(t, `appointments.refused.${error.code}`);
  return (
    <div data-testid="refusal" data-code={error.code}>
      {said && <p class="error-text">{said}</p>}
      <ErrorBox error={error} />
    </div>
  );
}

/**
 * The offices as they load (the failure, the wait, or that there are none), then a form that picks
 * an office and a day; `children` are the page's own fields. Applicants and the office's staff alike.
 */
export function OfficeDayForm(props: {
  offices: Loaded<AppointmentOfficeList>;
  office: AppointmentOfficeList['items'][number] | undefined;
  onOffice: (officeId: string) => void;
  date: string;
  minDate?: string;
  onDate: (date: string) => void;
  children: ComponentChildren;
}) {
  const { t } = useI18n();
  const { offices, office } = props;
  if (offices.error) return <ErrorBox error={offices.error} />;
  if (offices.loading) return <Loading />;
  if (offices.data?.items.length === 0) return <p>{t('appointments.noOffices')}</p>;
  if (!office) return null;
  return (
    <form class="filters booking-form" onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('appointments.office')}
        <select value={office.officeId} onChange={(e) => props.onOffice(e.currentTarget.value)}>
          {offices.data?.items.map((o) => (
            <option key={o.officeId} value={o.officeId}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('appointments.date')}
        <input type="date" value={props.date} min={props.minDate} onChange={(e) => e.currentTarget.value && props.onDate(e.currentTarget.value)} />
      </label>
      {props.children}
    </form>
  );
}
