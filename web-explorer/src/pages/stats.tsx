import type { RegistrationType } from '@estate-ledger/chaincode';
import { useState } from 'preact/hooks';
import { query } from '../api/client';
import { useApi } from '../api/hooks';
import type { Statistics, StatisticsRow } from '../api/types';
import { BarChart } from '../components/bar-chart';
import { ErrorBox, Loading, Section, TableBox } from '../components/common';
import { lookup, useI18n, type Translate } from '../i18n';
import { csvBlob, saveBlob } from '../lib/download';
import { isoDate } from '../lib/format';

/** Every registration type, in the order the filter offers them (the record keeps the list exhaustive). */
const TYPE_ORDER: Record<RegistrationType, number> = {
  FIRST: 1,
  TRANSFER: 2,
  MORTGAGE: 3,
  CHANGE: 4,
  CORRECTION: 5,
  CANCELLATION: 6,
  MORTGAGE_CANCELLATION: 7,
  NOTICE: 8,
  RESIDENCE: 9,
};
const TYPES = Object.keys(TYPE_ORDER) as RegistrationType[];

interface Filters {
  from: string;
  to: string;
  period: 'month' | 'day';
  district: string;
  type: string;
}

const typeName = (t: Translate, type: string) => lookup(t, `regType.${type}`) ?? type;
const limitText = (t: Translate, days: number) => (days === 0 ? t('stats.immediate') : t('stats.days', { days }));

/** Rows summed per business type, for the charts. */
function byType(rows: StatisticsRow[]): Array<{ type: string; withinLimit: number; overdue: number; completed: number; days: number; limitDays: number }> {
  const acc = new Map<string, { type: string; withinLimit: number; overdue: number; completed: number; dayTotal: number; limitDays: number }>();
  for (const r of rows) {
    const a = acc.get(r.type) ?? { type: r.type, withinLimit: 0, overdue: 0, completed: 0, dayTotal: 0, limitDays: r.limitDays };
    a.withinLimit += r.withinLimit;
    a.overdue += r.overdue;
    a.completed += r.completed;
    a.dayTotal += (r.avgWorkingDays ?? 0) * r.completed;
    acc.set(r.type, a);
  }
  return [...acc.values()].map((a) => ({ ...a, days: a.completed ? Math.round((a.dayTotal / a.completed) * 10) / 10 : 0 }));
}

export function StatsPage() {
  const { t } = useI18n();
  const today = new Date();
  const [form, setForm] = useState<Filters>({ from: isoDate(new Date(today.getTime() - 365 * 86_400_000)), to: isoDate(today), period: 'month', district: '', type: '' });
  const [applied, setApplied] = useState<Filters>(form);
  const stats = useApi<Statistics>(`/statistics${query({ ...applied })}`);
  const set = (k: keyof Filters) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const rows = stats.data?.rows ?? [];
  const types = byType(rows);

  const exportCsv = () => {
    const header = ['period', 'district', 'type', 'applied', 'completed', 'withinLimit', 'overdue', 'avgWorkingDays', 'limitDays'];
    saveBlob(csvBlob(header, rows.map((r) => [r.period, r.district, r.type, r.applied, r.completed, r.withinLimit, r.overdue, r.avgWorkingDays, r.limitDays])), `statistics-${applied.from}-${applied.to}.csv`);
  };

  return (
    <div class="page">
      <h1>{t('stats.title')}</h1>
      <p class="muted">{t('stats.limitsNote')}</p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(form);
        }}
      >
        <label>
          {t('filter.from')}
          <input type="date" name="from" value={form.from} onInput={set('from')} required />
        </label>
        <label>
          {t('filter.to')}
          <input type="date" name="to" value={form.to} onInput={set('to')} required />
        </label>
        <label>
          {t('stats.period')}
          <select name="period" value={form.period} onChange={set('period')}>
            <option value="month">{t('stats.byMonth')}</option>
            <option value="day">{t('stats.byDay')}</option>
          </select>
        </label>
        <label>
          {t('stats.district')}
          <input name="district" value={form.district} onInput={set('district')} inputMode="numeric" pattern="\d{6}" placeholder="511702" />
        </label>
        <label>
          {t('stats.type')}
          <select name="type" value={form.type} onChange={set('type')}>
            <option value="">{t('stats.allTypes')}</option>
            {TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {typeName(t, ty)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('filter.apply')}</button>
      </form>
      {stats.error && <ErrorBox error={stats.error} />}
      {stats.loading && <Loading />}
      {stats.data && (
        <>
          <ul class="stats-cards" aria-label={t('stats.totals')}>
            {(['applied', 'completed', 'withinLimit', 'overdue'] as const).map((k) => (
              <li class="stat-card" key={k} data-stat={k}>
                <span class="stat-label">{t(`stats.${k}`)}</span>
                <span class="stat-value">{stats.data?.totals[k]}</span>
              </li>
            ))}
          </ul>
          {types.length > 0 && (
            <Section title={t('stats.charts')}>
              <div class="chart-grid">
                <BarChart
                  title={t('stats.completedChart')}
                  rows={types.map((r) => ({
                    label: typeName(t, r.type),
                    segments: [
                      { value: r.withinLimit, tone: 'good' as const, name: t('stats.withinLimit') },
                      { value: r.overdue, tone: 'bad' as const, name: t('stats.overdue') },
                    ],
                  }))}
                />
                <BarChart
                  title={t('stats.daysChart')}
                  markerName={t('stats.limitDays')}
                  unit={t('stats.dayUnit')}
                  rows={types.map((r) => ({
                    label: typeName(t, r.type),
                    segments: [{ value: r.days, tone: r.limitDays > 0 && r.days > r.limitDays ? ('bad' as const) : ('accent' as const), name: t('stats.avgWorkingDays') }],
                    marker: r.limitDays,
                  }))}
                />
              </div>
            </Section>
          )}
          <Section title={t('stats.table')}>
            <p>
              <button type="button" onClick={exportCsv} disabled={rows.length === 0}>
                {t('common.exportCsv')}
              </button>
            </p>
            <TableBox label={t('stats.table')}>
              <table data-testid="stats-table">
                <thead>
                  <tr>
                    <th scope="col">{t('stats.period')}</th>
                    <th scope="col">{t('stats.district')}</th>
                    <th scope="col">{t('stats.type')}</th>
                    <th scope="col">{t('stats.applied')}</th>
                    <th scope="col">{t('stats.completed')}</th>
                    <th scope="col">{t('stats.withinLimit')}</th>
                    <th scope="col">{t('stats.overdue')}</th>
                    <th scope="col">{t('stats.avgWorkingDays')}</th>
                    <th scope="col">{t('stats.limitDays')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={`${r.period}|${r.district}|${r.type}`} data-type={r.type}>
                      <td>{r.period}</td>
                      <td>{r.district}</td>
                      <td>{typeName(t, r.type)}</td>
                      <td>{r.applied}</td>
                      <td>{r.completed}</td>
                      <td>{r.withinLimit}</td>
                      <td class={r.overdue > 0 ? 'bad' : undefined}>{r.overdue}</td>
                      <td>{r.avgWorkingDays === null ? '—' : r.avgWorkingDays.toFixed(1)}</td>
                      <td>{limitText(t, r.limitDays)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
            {rows.length === 0 && <p class="muted">{t('stats.empty')}</p>}
          </Section>
        </>
      )}
    </div>
  );
}
