import type { ChartConfiguration, ChartType } from 'chart.js';
import { useEffect, useState } from 'preact/hooks';
import { asApiError, postJson, query, type ApiError } from '../api/client';
import { useApi } from '../api/hooks';
import type { LegacyFailurePage, LegacyInspection } from '../api/types';
import { ChartFigure, palette } from '../components/chart';
import { ColumnTable, ErrorBox, Loading, Section } from '../components/common';
import { useI18n } from '../i18n';
import { useFileDownload } from '../lib/download';
import { navigate, useLocation } from '../router';

const CATEGORIES = ['COMPLETENESS', 'CODE_VALIDITY', 'VALUE_DOMAIN', 'CONSISTENCY', 'UNIQUENESS', 'CROSS_RECORD', 'BUILDING_TABLE'] as const;
const TYPES = ['unit', 'right', 'certificate', 'mortgage', 'seizure', 'notice', 'objection', 'residence'] as const;
const PAGE = 50;

interface Drill {
  category: string;
  rule: string;
  severity: string;
  type: string;
  legacyId: string;
}
const NO_DRILL: Drill = { category: '', rule: '', severity: '', type: '', legacyId: '' };

/** Quality inspection (质检) of legacy register batches: start one, see its report as charts and tables, drill down to the failed records. */
export function LegacyPage() {
  const { t } = useI18n();
  const loc = useLocation();
  const selected = loc.query.get('inspection');
  const list = useApi<{ items: LegacyInspection[] }>('/legacy/inspections');
  const [form, setForm] = useState({ batch: '', asOf: '', mapping: '', corrections: '' });
  const [startError, setStartError] = useState<ApiError | null>(null);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });

  const start = async () => {
    setStartError(null);
    try {
      const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ''));
      const started = await postJson<LegacyInspection>('/legacy/inspections', body);
      list.reload();
      navigate(`/legacy?inspection=${started.inspectionId}`);
    } catch (err) {
      setStartError(asApiError(err));
    }
  };

  return (
    <div class="page">
      <h1>{t('legacy.title')}</h1>
      <p class="muted">{t('legacy.note')}</p>
      <form
        class="filters"
        data-testid="legacy-start"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label>
          {t('legacy.batch')}
          <input name="batch" value={form.batch} onInput={set('batch')} required autoComplete="off" />
        </label>
        <label>
          {t('legacy.asOf')}
          <input type="date" name="asOf" value={form.asOf} onInput={set('asOf')} />
        </label>
        <label>
          {t('legacy.mapping')}
          <input name="mapping" value={form.mapping} onInput={set('mapping')} autoComplete="off" />
        </label>
        <label>
          {t('legacy.corrections')}
          <input name="corrections" value={form.corrections} onInput={set('corrections')} autoComplete="off" />
        </label>
        <button type="submit">{t('legacy.start')}</button>
      </form>
      {startError && <ErrorBox error={startError} />}
      {list.error && <ErrorBox error={list.error} />}
      {list.data && (
        <ColumnTable label={t('legacy.inspections')} testId="legacy-inspections" columns={[t('legacy.requestedAt'), t('legacy.batch'), t('legacy.asOf'), t('legacy.status'), t('legacy.failures')]}>
          {list.data.items.map((i) => (
            <tr key={i.inspectionId} aria-selected={i.inspectionId === selected}>
              <td>
                <a
                  href={`/legacy?inspection=${i.inspectionId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/legacy?inspection=${i.inspectionId}`);
                  }}
                >
                  {i.requestedAt.slice(0, 19).replace('T', ' ')}
                </a>
              </td>
              <td>{i.batch}</td>
              <td>{i.asOf}</td>
              <td>{t(`legacy.status.${i.status}`)}</td>
              <td>{i.report ? i.report.failures : '—'}</td>
            </tr>
          ))}
        </ColumnTable>
      )}
      {selected && <InspectionDetail key={selected} id={selected} onDone={list.reload} />}
    </div>
  );
}

function InspectionDetail({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useI18n();
  const inspection = useApi<LegacyInspection>(`/legacy/inspections/${id}`);
  const running = inspection.data?.status === 'RUNNING';
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => {
      inspection.reload();
      onDone();
    }, 1000);
    return () => clearTimeout(timer);
  }, [running, inspection.data]);
  if (inspection.error) return <ErrorBox error={inspection.error} />;
  if (!inspection.data) return <Loading />;
  const i = inspection.data;
  if (i.status === 'RUNNING') return <p role="status">{t('legacy.running', { batch: i.batch })}</p>;
  if (i.status === 'FAILED' || !i.report) return <p class="bad">{t('legacy.failed', { error: i.error ?? '' })}</p>;
  return <Report inspection={i} report={i.report} />;
}

function Report({ inspection, report }: { inspection: LegacyInspection; report: NonNullable<LegacyInspection['report']> }) {
  const { t } = useI18n();
  const [drill, setDrill] = useState<Drill>(NO_DRILL);
  const [form, setForm] = useState<Drill>(NO_DRILL);
  const [shown, setShown] = useState(PAGE);
  const apply = (d: Drill) => {
    setDrill(d);
    setForm(d);
    setShown(PAGE);
  };
  const filters = query({ ...drill, limit: shown });
  const failures = useApi<LegacyFailurePage>(`/legacy/inspections/${inspection.inspectionId}/failures${filters}`);
  const exporting = useFileDownload();
  const base = `/legacy/inspections/${inspection.inspectionId}`;
  const colours = palette();
  const failedRules = report.rules.filter((r) => r.failed > 0 && (!drill.category || r.category === drill.category)).sort((a, b) => b.failed - a.failed || a.id.localeCompare(b.id));

  const categoryChart: ChartConfiguration<ChartType> = {
    type: 'bar',
    data: { labels: report.categories.map((c) => t(`legacy.category.${c.category}`)), datasets: [{ label: t('legacy.failures'), data: report.categories.map((c) => c.failed), backgroundColor: colours.bad }] },
    options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } },
  };
  const recordsChart: ChartConfiguration<ChartType> = {
    type: 'bar',
    data: {
      labels: report.records.map((r) => t(`legacy.type.${r.type}`)),
      datasets: [
        { label: t('legacy.passed'), data: report.records.map((r) => r.passed), backgroundColor: colours.good },
        { label: t('legacy.rejected'), data: report.records.map((r) => r.rejected), backgroundColor: colours.bad },
        { label: t('legacy.heldBack'), data: report.records.map((r) => r.heldBack), backgroundColor: colours.warn },
      ],
    },
    options: { responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true } } },
  };
  const set = (k: keyof Drill) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });

  return (
    <div data-testid="legacy-report">
      <Section title={t('legacy.summary', { batch: inspection.batch, asOf: inspection.asOf })}>
        <p>
          <button type="button" onClick={() => void exporting.run(`${base}/rules.csv`, 'inspection-rules.csv')} disabled={exporting.busy}>
            {t('legacy.downloadRules')}
          </button>{' '}
          <button type="button" onClick={() => void exporting.run(`${base}/failures.csv`, 'inspection-failures.csv')} disabled={exporting.busy}>
            {t('legacy.downloadFailures')}
          </button>{' '}
          <button type="button" onClick={() => void exporting.run(`${base}/report.xlsx`, 'inspection-report.xlsx')} disabled={exporting.busy}>
            {t('legacy.downloadXlsx')}
          </button>
        </p>
        {exporting.error && <ErrorBox error={exporting.error} />}
        <ColumnTable label={t('legacy.records')} testId="legacy-records" columns={[t('legacy.table'), t('legacy.records'), t('legacy.passed'), t('legacy.rejected'), t('legacy.heldBack'), t('legacy.withWarnings')]}>
          {report.records.map((r) => (
            <tr key={r.type}>
              <td>
                <button type="button" class="link" onClick={() => apply({ ...NO_DRILL, type: r.type })}>
                  {t(`legacy.type.${r.type}`)}
                </button>
              </td>
              <td>{r.records}</td>
              <td>{r.passed}</td>
              <td>{r.rejected}</td>
              <td>{r.heldBack}</td>
              <td>{r.withWarnings}</td>
            </tr>
          ))}
        </ColumnTable>
      </Section>
      <div class="chart-grid">
        <ChartFigure
          id="legacy-categories"
          title={t('legacy.byCategory')}
          summary={report.categories.map((c) => `${t(`legacy.category.${c.category}`)} ${c.failed}`).join(t('common.groupSep'))}
          config={categoryChart}
        />
        <ChartFigure
          id="legacy-records"
          title={t('legacy.byTable')}
          summary={report.records.map((r) => `${t(`legacy.type.${r.type}`)} ${r.passed}/${r.rejected}/${r.heldBack}`).join(t('common.groupSep'))}
          config={recordsChart}
        />
      </div>
      <Section title={t('legacy.rules')}>
        <p class="chips">
          <button type="button" aria-pressed={drill.category === ''} onClick={() => apply({ ...drill, category: '', rule: '' })}>
            {t('legacy.allCategories')}
          </button>
          {report.categories.map((c) => (
            <button key={c.category} type="button" aria-pressed={drill.category === c.category} onClick={() => apply({ ...drill, category: c.category, rule: '' })}>
              {t(`legacy.category.${c.category}`)} ({c.failed})
            </button>
          ))}
        </p>
        <ColumnTable label={t('legacy.rules')} testId="legacy-rules" columns={[t('legacy.rule'), t('legacy.severity'), t('legacy.checked'), t('legacy.failures'), t('legacy.description')]}>
          {failedRules.map((r) => (
            <tr key={r.id} aria-selected={drill.rule === r.id}>
              <td>
                <button type="button" class="link" data-rule={r.id} onClick={() => apply({ ...drill, rule: r.id })}>
                  <code>{r.id}</code>
                </button>
              </td>
              <td>{t(`legacy.severity.${r.severity}`)}</td>
              <td>{r.checked}</td>
              <td>{r.failed}</td>
              <td>{r.description}</td>
            </tr>
          ))}
        </ColumnTable>
      </Section>
      <Section title={t('legacy.failedRecords')}>
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            apply(form);
          }}
        >
          <label>
            {t('legacy.category')}
            <select name="category" value={form.category} onChange={set('category')}>
              <option value="">{t('legacy.all')}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`legacy.category.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('legacy.rule')}
            <input name="rule" value={form.rule} onInput={set('rule')} autoComplete="off" />
          </label>
          <label>
            {t('legacy.severity')}
            <select name="severity" value={form.severity} onChange={set('severity')}>
              <option value="">{t('legacy.all')}</option>
              <option value="ERROR">{t('legacy.severity.ERROR')}</option>
              <option value="WARNING">{t('legacy.severity.WARNING')}</option>
            </select>
          </label>
          <label>
            {t('legacy.table')}
            <select name="type" value={form.type} onChange={set('type')}>
              <option value="">{t('legacy.all')}</option>
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`legacy.type.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('legacy.legacyId')}
            <input name="legacyId" value={form.legacyId} onInput={set('legacyId')} autoComplete="off" />
          </label>
          <button type="submit">{t('filter.apply')}</button>
          <button type="button" onClick={() => apply(NO_DRILL)}>
            {t('legacy.clear')}
          </button>
        </form>
        {failures.error && <ErrorBox error={failures.error} />}
        {failures.data && (
          <>
            <p role="status" data-testid="legacy-failure-total">
              {t('legacy.matching', { total: failures.data.total })}
            </p>
            <ColumnTable label={t('legacy.failedRecords')} testId="legacy-failures" columns={[t('legacy.table'), t('legacy.row'), t('legacy.legacyId'), t('legacy.rule'), t('legacy.field'), t('legacy.value'), t('legacy.message')]}>
              {failures.data.items.map((f) => (
                <tr key={`${f.type}:${f.row}:${f.rule}`} class={f.severity === 'ERROR' ? 'bad' : 'warn'}>
                  <td>{t(`legacy.type.${f.type}`)}</td>
                  <td>{f.row}</td>
                  <td>
                    <button type="button" class="link" onClick={() => apply({ ...NO_DRILL, type: f.type, legacyId: f.legacyId })}>
                      {f.legacyId || '—'}
                    </button>
                  </td>
                  <td>
                    <code>{f.rule}</code>
                  </td>
                  <td>
                    <code>{f.field}</code>
                  </td>
                  <td>
                    <code class="wrap">{f.value || '—'}</code>
                  </td>
                  <td>{f.message}</td>
                </tr>
              ))}
            </ColumnTable>
            {failures.data.total > shown && (
              <button type="button" onClick={() => setShown(shown + PAGE)}>
                {t('common.more')}
              </button>
            )}
          </>
        )}
        {failures.loading && <Loading />}
      </Section>
    </div>
  );
}
