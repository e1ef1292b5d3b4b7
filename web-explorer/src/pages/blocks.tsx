import { useEffect, useState } from 'preact/hooks';
import { useApi, usePaged } from '../api/hooks';
import type { BlockDetail, BlockSummary } from '../api/types';
import { BlockAnchor } from '../components/anchor-facts';
import { ErrorBox, Facts, Hash, Loading, Section, TableBox } from '../components/common';
import { BlockSummaryCells, BlockSummaryHeadings } from '../components/block-summary';
import { TxTable } from '../components/tx-table';
import { useI18n, type Translate } from '../i18n';
import { blockHeaderHash } from '../lib/digest';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';

type LinkCheck = 'ok' | 'broken' | 'unknown' | 'genesis';

/** Whether `block` names the block before it (the next row of a newest-first list) as its predecessor. */
function linkCheck(block: BlockSummary, before: BlockSummary | undefined): LinkCheck {
  if (block.number === 0) return 'genesis';
  if (!before) return 'unknown';
  return before.number === block.number - 1 && before.hash === block.previousHash ? 'ok' : 'broken';
}

function ChainMark({ check, t }: { check: LinkCheck; t: Translate }) {
  const symbol = { ok: '✓', broken: '✗', unknown: '…', genesis: '◆' }[check];
  return (
    <span class={`chain chain-${check}`} data-chain={check}>
      <span aria-hidden="true">{symbol}</span> {t(`chain.${check}`)}
    </span>
  );
}

export function BlocksPage() {
  const { t } = useI18n();
  const page = usePaged<BlockSummary>('/blocks?limit=25');
  return (
    <div class="page">
      <h1>{t('blocks.title')}</h1>
      <p class="muted">{t('blocks.chainNote')}</p>
      <TableBox label={t('blocks.title')}>
        <table>
          <thead>
            <tr>
              <BlockSummaryHeadings />
              <th scope="col">{t('block.previousHash')}</th>
              <th scope="col">{t('block.chain')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((b, i) => (
              <tr key={b.number} data-block={b.number}>
                <BlockSummaryCells block={b} />
                <td>
                  <Hash value={b.previousHash} />
                </td>
                <td>
                  <ChainMark check={linkCheck(b, page.items[i + 1])} t={t} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      {page.error && <ErrorBox error={page.error} />}
      {page.loading && <Loading />}
      {page.hasMore && !page.loading && (
        <button type="button" onClick={page.loadMore}>
          {t('blocks.older')}
        </button>
      )}
    </div>
  );
}

export function BlockPage({ number }: { number: string }) {
  const { t, lang } = useI18n();
  const n = Number(number);
  const block = useApi<BlockDetail>(`/blocks/${n}`);
  const previous = useApi<BlockSummary>(n > 0 ? `/blocks/${n - 1}` : null);
  const next = useApi<BlockSummary>(`/blocks/${n + 1}`);
  const [recomputed, setRecomputed] = useState<string | null>(null);
  const b = block.data;

  useEffect(() => {
    setRecomputed(null);
    if (b) void blockHeaderHash(b).then(setRecomputed);
  }, [b]);

  if (block.error) return <ErrorBox error={block.error} />;
  if (!b) return <Loading />;
  const headerCheck: LinkCheck = recomputed === null ? 'unknown' : recomputed === b.hash ? 'ok' : 'broken';
  const prevCheck: LinkCheck = n === 0 ? 'genesis' : previous.error ? 'unknown' : linkCheck(b, previous.data ?? undefined);
  return (
    <div class="page">
      <h1>
        {t('block.title')} #{b.number}
      </h1>
      <nav class="pager" aria-label={t('block.neighbours')}>
        {n > 0 && <Link href={pathOf.block(n - 1)}>← #{n - 1}</Link>}
        {next.data && <Link href={pathOf.block(n + 1)}>#{n + 1} →</Link>}
      </nav>
      <Section title={t('block.header')}>
        <Facts
          rows={[
            [t('block.number'), b.number],
            [t('block.committedAt'), formatTime(b.committedAt, lang)],
            [t('block.txCount'), `${b.validCount}/${b.txCount}`],
            [t('block.hash'), <code class="wrap">{b.hash}</code>],
            [t('block.previousHash'), <code class="wrap">{b.previousHash || '—'}</code>],
            [t('block.dataHash'), <code class="wrap">{b.dataHash}</code>],
          ]}
        />
      </Section>
      <Section title={t('block.verification')}>
        <ul class="checks" data-testid="chain-checks">
          <li data-check="header">
            <ChainMark check={headerCheck} t={t} /> {t('block.headerHashCheck')}
          </li>
          <li data-check="previous">
            <ChainMark check={prevCheck} t={t} /> {n === 0 ? t('block.genesisNote') : t('block.previousLinkCheck', { previous: n - 1 })}
          </li>
        </ul>
        {previous.error && <ErrorBox error={previous.error} />}
      </Section>
      <BlockAnchor anchor={b.anchor} />
      <Section title={t('block.transactions')}>
        <TxTable items={b.transactions} />
      </Section>
    </div>
  );
}
