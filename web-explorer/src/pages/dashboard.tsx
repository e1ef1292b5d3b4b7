import type { ChartConfiguration, ChartType } from 'chart.js';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../api/hooks';
import { useBlockStream } from '../api/stream';
import type { BlockSummary, Overview } from '../api/types';
import { BlockSummaryCells, BlockSummaryHeadings } from '../components/block-summary';
import { ChartFigure, palette } from '../components/chart';
import { ColumnTable, ErrorBox, Loading, Section, TableBox } from '../components/common';
import { lookup, useI18n, type Translate } from '../i18n';
import { bucketLabel, fillBuckets, RANGES, totals, type RangeKey } from '../lib/activity';
import { Link } from '../router';

const SHOWN = 12;
/** Overview counts are re-read at most this often while blocks stream in. */
const REFRESH_MS = 1000;
/** The consortium's organisations in their usual order; any other MSP follows by name. */
const ORG_ORDER = ['RegistryMSP', 'HousingMSP', 'TaxMSP', 'CourtMSP'];

const orgName = (t: Translate, msp: string) => lookup(t, `org.${msp}`) ?? msp;
const codeName = (t: Translate, code: string) => lookup(t, `code.${code}`) ?? code;
const percent = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)}%` : '—');

function orderedOrgs(...records: Array<Record<string, number>>): string[] {
  const all = new Set(records.flatMap((r) => Object.keys(r)));
  return [...ORG_ORDER.filter((m) => all.has(m)), ...[...all].filter((m) => !ORG_ORDER.includes(m)).sort()];
}

export function DashboardPage() {
  const { t } = useI18n();
  const overview = useApi<Overview>('/overview');
  const [live, setLive] = useState<BlockSummary[]>([]);
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { reload } = overview;

  const onBlock = useCallback(
    (b: BlockSummary) => {
      setLive((old) => [b, ...old.filter((x) => x.number !== b.number)].slice(0, SHOWN));
      setFresh((old) => new Set([...old, b.number]));
      if (!pending.current) {
        pending.current = setTimeout(() => {
          pending.current = null;
          reload();
        }, REFRESH_MS);
      }
    },
    [reload],
  );
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);
  const stream = useBlockStream(onBlock);

  const data = overview.data;
  const byNumber = new Map<number, BlockSummary>();
  for (const b of [...(data?.recentBlocks ?? []), ...live]) byNumber.set(b.number, b);
  const blocks = [...byNumber.values()].sort((a, b) => b.number - a.number).slice(0, SHOWN);
  const height = Math.max(data?.ledger.height ?? 0, ...live.map((b) => b.number + 1));
  const invalid = data ? Object.entries(data.transactionsByValidationCode).reduce((n, [code, count]) => (code === 'VALID' ? n : n + count), 0) : 0;

  return (
    <div class="page">
      <h1>{t('dashboard.title')}</h1>
      <p class={`stream stream-${stream}`} role="status" data-stream={stream}>
        <span aria-hidden="true">●</span> {t(`stream.${stream}`)}
      </p>
      {overview.error && <ErrorBox error={overview.error} />}
      {!data && overview.loading && <Loading />}
      {data && (
        <ul class="stats-cards" aria-label={t('dashboard.numbers')}>
          <Card id="ledger-height" label={t('dashboard.ledgerHeight')} value={height} />
          <Card id="projection-height" label={t('dashboard.projectionHeight')} value={data.projection.height} />
          <Card id="projection-lag" label={t('dashboard.projectionLag')} value={data.projection.lagBlocks} />
          <Card id="transactions" label={t('dashboard.transactions')} value={data.counts.transactions} />
          <Card id="invalid-transactions" label={t('dashboard.invalidTransactions')} value={invalid} />
          <Card id="units" label={t('dashboard.units')} value={data.counts.units} />
          <Card id="certificates" label={t('dashboard.certificates')} value={data.counts.certificates} />
          <Card id="registrations-open" label={t('dashboard.registrationsOpen')} value={data.counts.registrationsOpen} />
        </ul>
      )}
      {data && <ActivitySection overview={data} />}
      {data && (
        <div class="chart-grid">
          <OrganisationsSection overview={data} />
          <ValidationCodesSection overview={data} />
        </div>
      )}
      {blocks.length > 0 && (
        <Section title={t('dashboard.latestBlocks')}>
          <TableBox label={t('dashboard.latestBlocks')}>
            <table class="latest-blocks">
              <thead>
                <tr>
                  <BlockSummaryHeadings />
                </tr>
              </thead>
              <tbody>
                {blocks.map((b) => (
                  <tr key={b.number} class={fresh.has(b.number) ? 'fresh' : undefined} data-block={b.number} data-live={fresh.has(b.number) ? 'true' : undefined}>
                    <BlockSummaryCells block={b} />
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
          <p>
            <Link href="/blocks">{t('dashboard.allBlocks')}</Link>
          </p>
        </Section>
      )}
    </div>
  );
}

function Card({ id, label, value }: { id: string; label: string; value: number }) {
  return (
    <li class="stat-card" data-stat={id}>
      <span class="stat-label">{label}</span>
      <span class="stat-value">{value.toLocaleString()}</span>
    </li>
  );
}

/** Blocks and transactions (valid and invalid) per minute, hour or day, ending at the latest block. */
function ActivitySection({ overview }: { overview: Overview }) {
  const { t, lang } = useI18n();
  const [range, setRange] = useState<RangeKey>('hour');
  const buckets = fillBuckets(overview.activity[RANGES[range].series], range);
  const sum = totals(buckets);
  const p = palette();
  const rangeName = t(`dashboard.range.${range}`);
  const config: ChartConfiguration<ChartType> = {
    type: 'bar',
    data: {
      labels: buckets.map((b) => bucketLabel(b.at, range, lang)),
      datasets: [
        { type: 'bar', label: t('dashboard.validTx'), data: buckets.map((b) => b.transactions - b.invalid), backgroundColor: p.good, stack: 'tx' },
        { type: 'bar', label: t('dashboard.invalidTx'), data: buckets.map((b) => b.invalid), backgroundColor: p.bad, stack: 'tx' },
        { type: 'line', label: t('dashboard.blocks'), data: buckets.map((b) => b.blocks), borderColor: p.accent, backgroundColor: p.accent, pointRadius: 2, borderWidth: 2 },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
  return (
    <Section title={t('dashboard.activity')}>
      <div class="filters">
        <label>
          {t('dashboard.range')}
          <select name="range" value={range} onChange={(e) => setRange(e.currentTarget.value as RangeKey)}>
            {(Object.keys(RANGES) as RangeKey[]).map((r) => (
              <option key={r} value={r}>
                {t(`dashboard.range.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {buckets.length === 0 ? (
        <p class="muted">{t('dashboard.noActivity')}</p>
      ) : (
        <ChartFigure id="activity" title={rangeName} summary={t('dashboard.activitySummary', { range: rangeName, ...sum })} config={config} height={260}>
          <p class="muted small" data-testid="activity-totals" data-blocks={sum.blocks} data-transactions={sum.transactions} data-invalid={sum.invalid}>
            {t('dashboard.activitySummary', { range: rangeName, ...sum })} · {t('dashboard.activityNote')}
          </p>
        </ChartFigure>
      )}
    </Section>
  );
}

/** Endorsements each organisation's peer gave, next to the transactions its staff submitted. */
function OrganisationsSection({ overview }: { overview: Overview }) {
  const { t } = useI18n();
  const endorsed = overview.endorsementsByOrganisation;
  const submitted = overview.transactionsByOrganisation;
  const orgs = orderedOrgs(endorsed, submitted);
  const p = palette();
  const config: ChartConfiguration<ChartType> = {
    type: 'bar',
    data: {
      labels: orgs.map((m) => orgName(t, m)),
      datasets: [
        { label: t('dashboard.endorsements'), data: orgs.map((m) => endorsed[m] ?? 0), backgroundColor: p.accent },
        { label: t('dashboard.submitted'), data: orgs.map((m) => submitted[m] ?? 0), backgroundColor: p.neutral },
      ],
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
  };
  const summary = orgs.map((m) => t('dashboard.orgSummary', { org: orgName(t, m), endorsements: endorsed[m] ?? 0, submitted: submitted[m] ?? 0 })).join(t('common.groupSep'));
  return (
    <Section title={t('dashboard.byOrganisation')}>
      <ChartFigure id="organisations" title={t('dashboard.byOrganisationChart')} summary={summary} config={config} height={40 + orgs.length * 44}>
        <ColumnTable label={t('dashboard.byOrganisation')} testId="org-table" columns={[t('dashboard.organisation'), t('dashboard.endorsements'), t('dashboard.submitted')]}>
          {orgs.map((m) => (
            <tr key={m} data-msp={m}>
              <td>
                {orgName(t, m)} <span class="muted small">{m}</span>
              </td>
              <td data-col="endorsements">{(endorsed[m] ?? 0).toLocaleString()}</td>
              <td data-col="submitted">{(submitted[m] ?? 0).toLocaleString()}</td>
            </tr>
          ))}
        </ColumnTable>
      </ChartFigure>
    </Section>
  );
}

/** Invalid transactions by the validation code the peers gave them; every code's count below. */
function ValidationCodesSection({ overview }: { overview: Overview }) {
  const { t } = useI18n();
  const byCode = overview.transactionsByValidationCode;
  const total = Object.values(byCode).reduce((n, c) => n + c, 0);
  const codes = Object.keys(byCode).sort((a, b) => (a === 'VALID' ? -1 : b === 'VALID' ? 1 : byCode[b] - byCode[a] || a.localeCompare(b)));
  const invalidCodes = codes.filter((c) => c !== 'VALID');
  const invalid = invalidCodes.reduce((n, c) => n + byCode[c], 0);
  const p = palette();
  const config: ChartConfiguration<ChartType> = {
    type: 'bar',
    data: {
      labels: invalidCodes.map((c) => codeName(t, c)),
      datasets: [{ label: t('dashboard.invalidTx'), data: invalidCodes.map((c) => byCode[c]), backgroundColor: p.bad }],
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } } },
  };
  const summary = t('dashboard.codeSummary', { total, invalid, share: percent(invalid, total) });
  return (
    <Section title={t('dashboard.byCode')}>
      <p data-testid="code-summary">{summary}</p>
      {invalidCodes.length === 0 ? (
        <p class="muted">{t('dashboard.noInvalid')}</p>
      ) : (
        <ChartFigure
          id="validation-codes"
          title={t('dashboard.byCodeChart')}
          summary={invalidCodes.map((c) => `${codeName(t, c)} (${c}): ${byCode[c]}`).join(t('common.groupSep'))}
          config={config}
          height={40 + invalidCodes.length * 36}
        />
      )}
      <ColumnTable label={t('dashboard.byCode')} testId="code-table" columns={[t('dashboard.code'), t('dashboard.count'), t('dashboard.share')]}>
        {codes.map((c) => (
          <tr key={c} data-code={c}>
            <td>
              <span class={`badge ${c === 'VALID' ? 'badge-good' : 'badge-bad'}`}>{c}</span> <span class="muted small">{codeName(t, c)}</span>
            </td>
            <td data-col="count">{byCode[c].toLocaleString()}</td>
            <td>{percent(byCode[c], total)}</td>
          </tr>
        ))}
      </ColumnTable>
      <p class="muted small">{t('dashboard.codeNote')}</p>
    </Section>
  );
}
