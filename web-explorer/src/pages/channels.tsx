import type { ChartConfiguration, ChartType } from 'chart.js';
import { useState } from 'preact/hooks';
import { query } from '../api/client';
import { useApi, useRegisterToday } from '../api/hooks';
import type { ChannelSupervision } from '../api/types';
import { ChartFigure, palette } from '../components/chart';
import { ColumnTable, DateRangeFilter, ErrorBox, Loading, Section } from '../components/common';
import { useI18n } from '../i18n';
import { addDays } from '../../../chaincode/src/domain/validators/date';

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const duration = (s: number | null) => (s === null ? '—' : s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);

/** 集中办理监管: the registry's view of the bank and developer channels, with charts and the figures behind them. */
export function ChannelsPage() {
  const today = useRegisterToday();
  return today ? <ChannelsView today={today} /> : <Loading />;
}

function ChannelsView({ today }: { today: string }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ from: addDays(today, -30), to: today });
  const [applied, setApplied] = useState(form);
  const data = useApi<ChannelSupervision>(`/channel-supervision${query(applied)}`);
  const p = palette();
  const channels = data.data?.channels ?? [];
  const days = [...new Set((data.data?.daily ?? []).map((d) => d.date))].sort();
  const volumeChart: ChartConfiguration<ChartType> = {
    type: 'bar',
    data: {
      labels: channels.map((c) => c.channelId),
      datasets: [
        { label: t('channels.recorded'), data: channels.map((c) => c.recorded), backgroundColor: p.good },
        { label: t('channels.refused'), data: channels.map((c) => c.refused), backgroundColor: p.bad },
        { label: t('channels.pending'), data: channels.map((c) => c.pending), backgroundColor: p.neutral },
      ],
    },
    options: { indexAxis: 'y', scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } }, plugins: { legend: { position: 'bottom' } } },
  };
  const dailyChart: ChartConfiguration<ChartType> = {
    type: 'line',
    data: {
      labels: days,
      datasets: channels.map((c, i) => ({
        label: c.channelId,
        data: days.map((d) => data.data?.daily.find((x) => x.channelId === c.channelId && x.date === d)?.items ?? 0),
        borderColor: [p.accent, p.good, p.warn, p.brand, p.bad][i % 5],
        tension: 0.2,
      })),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
  };

  return (
    <div class="page">
      <h1>{t('channels.title')}</h1>
      <p class="muted">{t('channels.note')}</p>
      <DateRangeFilter range={form} onDate={(field, value) => setForm({ ...form, [field]: value })} onApply={() => setApplied(form)} required />
      {data.error && <ErrorBox error={data.error} />}
      {data.loading && <Loading />}
      {data.data && channels.length === 0 && <p>{t('channels.empty')}</p>}
      {channels.length > 0 && (
        <>
          <Section title={t('stats.charts')}>
            <div class="chart-grid">
              <ChartFigure
                id="channel-volumes"
                title={t('channels.volumeChart')}
                summary={channels.map((c) => t('channels.volumeSummary', { channel: c.channelId, recorded: c.recorded, refused: c.refused, pending: c.pending })).join(t('common.groupSep'))}
                config={volumeChart}
                height={60 + channels.length * 40}
              />
              <ChartFigure id="channel-daily" title={t('channels.dailyChart')} summary={t('channels.dailySummary', { days: days.length })} config={dailyChart} height={240} />
            </div>
          </Section>
          <Section title={t('stats.table')}>
            <ColumnTable
              label={t('channels.title')}
              testId="channel-table"
              columns={[t('channels.channel'), t('channels.batches'), t('channels.items'), t('channels.recorded'), t('channels.refused'), t('channels.pending'), t('channels.rejectionRate'), t('channels.supplementRate'), t('channels.avgCompletion'), t('channels.p90Completion')]}
            >
              {channels.map((c) => (
                <tr key={c.channelId} data-channel={c.channelId}>
                  <td>{c.channelId}</td>
                  <td>{c.batches}</td>
                  <td>{c.items}</td>
                  <td>{c.recorded}</td>
                  <td>{c.refused}</td>
                  <td>{c.pending}</td>
                  <td>{percent(c.rejectionRate)}</td>
                  <td>{percent(c.supplementRate)}</td>
                  <td>{duration(c.avgCompletionSeconds)}</td>
                  <td>{duration(c.p90CompletionSeconds)}</td>
                </tr>
              ))}
            </ColumnTable>
          </Section>
        </>
      )}
    </div>
  );
}
