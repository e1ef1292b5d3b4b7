import type { RegistrationType } from '@estate-ledger/chaincode';
import type { ChartConfiguration, ChartType } from 'chart.js';
import { useState } from 'preact/hooks';
import { query } from '../api/client';
import { useApi, useRegisterToday } from '../api/hooks';
import type { Statistics, StatisticsRow } from '../api/types';
import { ChartFigure, palette } from '../components/chart';
import { ColumnTable, DateRangeFilter, ErrorBox, Loading, Section } from '../components/common';
import { lookup, useI18n, type Translate } from '../i18n';
import { useFileDownload } from '../lib/download';
import { addDays } from '../../../chaincode/src/domain/validators/date';

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
  NOTICE_CANCELLATION: 10,
  OBJECTION_CANCELLATION: 11,
  MORTGAGE_TRANSFER: 12,
  MORTGAGE_CHANGE: 13,
  MORTGAGE_NOTICE: 14,
  REGISTRY_CORRECTION: 15,
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
  return [...acc.values()]
    .map((a) => ({ ...a, days: a.completed ? Math.round((a.dayTotal / a.completed) * 10) / 10 : 0 }))
    .sort((a, b) => (TYPE_ORDER[a.type as RegistrationType] ?? 99) - (TYPE_ORDER[b.type as RegistrationType] ?? 99));
}

/** Applied and completed cases per period, oldest first. */
function byPeriod(rows: StatisticsRow[]): Array<{ period: string; applied: number; completed: number }> {
  const acc = new Map<string, { period: string; applied: number; completed: number }>();
  for (const r of rows) {
    const a = acc.get(r.period) ?? { period: r.period, applied: 0, completed: 0 };
    a.applied += r.applied;
    a.completed += r.completed;
    acc.set(r.period, a);
  }
  return [...acc.values()].sort((a, b) => a.period.localeCompare(b.period));
}

const horizontal = (stacked: boolean): ChartConfiguration<ChartType>['options'] => ({
  indexAxis: 'y',
  scales: { x: { stacked, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked } },
  plugins: { legend: { position: 'bottom' } },
});

/** The default range is the year up to the register's today: a China date, whatever the browser's clock says. */
export function StatsPage() {
  const today = useRegisterToday();
  return today ? <StatsView today={today} /> : <Loading />;
}

function StatsView({ today }: { today: string }) {
  const { t } = useI18n();
  const [form, setForm] = useState<Filters>({ from: addDays(today, -365), to: today, period: 'month', district: '', type: '' });
  const [applied, setApplied] = useState<Filters>(form);
  const stats = useApi<Statistics>(`/statistics${query({ ...applied })}`);
  const set = (k: keyof Filters) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const rows = stats.data?.rows ?? [];
  const types = byType(rows);
  const periods = byPeriod(rows);
  const exporting = useFileDownload();
  const p = palette();
  const exportCsv = () => exporting.run(`/statistics.csv${query({ ...applied })}`, `statistics-${applied.from}-${applied.to}.csv`);

  const typeLabels = types.map((r) => typeName(t, r.type));
  const completedChart: ChartConfiguration<ChartType> = {
    type: 'bar',
    data: {
      labels: typeLabels,
      datasets: [
        { label: t('stats.withinLimit'), data: types.map((r) => r.withinLimit), backgroundColor: p.good },
        { label: t('stats.overdue'), data: types.map((r) => r.overdue), backgroundColor: p.bad },
      ],
    },
    options: horizontal(true),
  };
  const daysChart: ChartConfiguration<ChartType> = {
    type: 'bar',
    data: {
      labels: typeLabels,
      datasets: [
        { label: t('stats.avgWorkingDays'), data: types.map((r) => r.days), backgroundColor: types.map((r) => (r.limitDays > 0 && r.days > r.limitDays ? p.bad : p.accent)) },
        { label: t('stats.limitDays'), data: types.map((r) => r.limitDays), backgroundColor: p.neutral },
      ],
    },
    options: horizontal(false),
  };
  const periodChart: ChartConfiguration<ChartType> = {
    type: 'bar',
    data: {
      labels: periods.map((x) => x.period),
      datasets: [
        { label: t('stats.applied'), data: periods.map((x) => x.applied), backgroundColor: p.accent },
        { label: t('stats.completed'), data: periods.map((x) => x.completed), backgroundColor: p.good },
      ],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxRotation: 0, autoSkip: true } } }, plugins: { legend: { position: 'bottom' } } },
  };
  const typeChartHeight = 60 + types.length * 40;

  return (
    <div class="page">
      <h1>{t('stats.title')}</h1>
      <p class="muted">{t('stats.limitsNote')}</p>
      <DateRangeFilter range={form} onDate={(field, value) => setForm({ ...form, [field]: value })} onApply={() => setApplied(form)} required>
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
      </DateRangeFilter>
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
                <ChartFigure
                  id="completed"
                  title={t('stats.completedChart')}
                  summary={types.map((r) => t('stats.completedSummary', { type: typeName(t, r.type), within: r.withinLimit, overdue: r.overdue })).join(t('common.groupSep'))}
                  config={completedChart}
                  height={typeChartHeight}
                />
                <ChartFigure
                  id="days"
                  title={t('stats.daysChart')}
                  summary={types.map((r) => t('stats.daysSummary', { type: typeName(t, r.type), days: r.days, limit: limitText(t, r.limitDays) })).join(t('common.groupSep'))}
                  config={daysChart}
                  height={typeChartHeight}
                />
                <ChartFigure
                  id="periods"
                  title={t('stats.periodChart')}
                  summary={periods.map((x) => t('stats.periodSummary', { period: x.period, applied: x.applied, completed: x.completed })).join(t('common.groupSep'))}
                  config={periodChart}
                  height={240}
                />
              </div>
            </Section>
          )}
          <Section title={t('stats.table')}>
            <p>
              <button type="button" onClick={exportCsv} disabled={rows.length === 0 || exporting.busy}>
                {t('common.exportCsv')}
              </button>
            </p>
            {exporting.error && <ErrorBox error={exporting.error} />}
            <ColumnTable label={t('stats.table')} testId="stats-table" columns={[t('stats.period'), t('stats.district'), t('stats.type'), t('stats.applied'), t('stats.completed'), t('stats.withinLimit'), t('stats.overdue'), t('stats.openPastLimit'), t('stats.avgWorkingDays'), t('stats.limitDays')]}>
              {rows.map((r) => (
                <tr key={`${r.period}|${r.district}|${r.type}`} data-type={r.type}>
                  <td>{r.period}</td>
                  <td>{r.district}</td>
                  <td>{typeName(t, r.type)}</td>
                  <td>{r.applied}</td>
                  <td>{r.completed}</td>
                  <td>{r.withinLimit}</td>
                  <td class={r.overdue > 0 ? 'bad' : undefined}>{r.overdue}</td>
                  <td class={r.openPastLimit > 0 ? 'bad' : undefined}>{r.openPastLimit}</td>
                  <td>{r.avgWorkingDays === null ? '—' : r.avgWorkingDays.toFixed(1)}</td>
                  <td>{limitText(t, r.limitDays)}</td>
                </tr>
              ))}
            </ColumnTable>
            {rows.length === 0 && <p class="muted">{t('stats.empty')}</p>}
          </Section>
        </>
      )}
    </div>
  );
}
