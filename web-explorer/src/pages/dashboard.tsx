import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../api/hooks';
import { useBlockStream } from '../api/stream';
import type { BlockSummary, Overview } from '../api/types';
import { BarChart } from '../components/bar-chart';
import { ErrorBox, Hash, Loading, Section, TableBox } from '../components/common';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';

const SHOWN = 12;
/** Overview counts are re-read at most this often while blocks stream in. */
const REFRESH_MS = 1000;

export function DashboardPage() {
  const { t, lang } = useI18n();
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
          <Card id="units" label={t('dashboard.units')} value={data.counts.units} />
          <Card id="certificates" label={t('dashboard.certificates')} value={data.counts.certificates} />
          <Card id="registrations-open" label={t('dashboard.registrationsOpen')} value={data.counts.registrationsOpen} />
        </ul>
      )}
      {blocks.length > 0 && (
        <>
          <Section title={t('dashboard.latestBlocks')}>
            <TableBox label={t('dashboard.latestBlocks')}>
              <table class="latest-blocks">
                <thead>
                  <tr>
                    <th scope="col">{t('block.number')}</th>
                    <th scope="col">{t('block.committedAt')}</th>
                    <th scope="col">{t('block.txCount')}</th>
                    <th scope="col">{t('block.hash')}</th>
                  </tr>
                </thead>
                <tbody>
                  {blocks.map((b) => (
                    <tr key={b.number} class={fresh.has(b.number) ? 'fresh' : undefined} data-block={b.number} data-live={fresh.has(b.number) ? 'true' : undefined}>
                      <td>
                        <Link href={pathOf.block(b.number)}>#{b.number}</Link>
                      </td>
                      <td>{formatTime(b.committedAt, lang)}</td>
                      <td>
                        {b.validCount}/{b.txCount}
                      </td>
                      <td>
                        <Hash value={b.hash} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
            <p>
              <Link href="/blocks">{t('dashboard.allBlocks')}</Link>
            </p>
          </Section>
          <Section title={t('dashboard.activity')}>
            <BarChart
              title={t('dashboard.txPerBlock')}
              rows={blocks.map((b) => ({
                label: `#${b.number}`,
                segments: [
                  { value: b.validCount, tone: 'good' as const, name: t('tx.valid') },
                  { value: b.txCount - b.validCount, tone: 'bad' as const, name: t('tx.invalid') },
                ],
              }))}
            />
          </Section>
        </>
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
