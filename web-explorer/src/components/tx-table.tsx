import type { TxSummary } from '../api/types';
import { lookup, useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';
import { TableBox } from './common';

export function CodeBadge({ code }: { code: string }) {
  return <span class={`badge ${code === 'VALID' ? 'badge-good' : 'badge-bad'}`}>{code}</span>;
}

/** A transaction's business meaning in words: its contract function, else its event type, else the raw name. */
export function useEventLabel(): (tx: Pick<TxSummary, 'eventType' | 'fn'>) => string {
  const { t } = useI18n();
  return (tx) => lookup(t, `fn.${tx.fn}`) ?? (tx.eventType ? lookup(t, `event.${tx.eventType}`) : null) ?? tx.eventType ?? tx.fn;
}

/** A link to a transaction's page, shown as the head of its id. */
export function TxLink({ txId, title }: { txId: string; title?: string }) {
  return (
    <Link href={pathOf.tx(txId)} title={title}>
      <code>{txId.slice(0, 12)}…</code>
    </Link>
  );
}

export function TxTable({ items, showBlock = false }: { items: TxSummary[]; showBlock?: boolean }) {
  const { t, lang } = useI18n();
  const label = useEventLabel();
  return (
    <TableBox label={t('block.transactions')}>
      <table>
        <thead>
          <tr>
            {showBlock && <th scope="col">{t('block.number')}</th>}
            <th scope="col">#</th>
            <th scope="col">{t('tx.id')}</th>
            <th scope="col">{t('tx.type')}</th>
            <th scope="col">{t('tx.creator')}</th>
            <th scope="col">{t('tx.code')}</th>
            <th scope="col">{t('tx.unit')}</th>
            <th scope="col">{t('tx.committedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((tx) => (
            <tr key={tx.txId} data-tx={tx.txId}>
              {showBlock && (
                <td>
                  <Link href={pathOf.block(tx.blockNumber)}>#{tx.blockNumber}</Link>
                </td>
              )}
              <td>{tx.index}</td>
              <td>
                <TxLink txId={tx.txId} title={tx.txId} />
              </td>
              <td>
                {label(tx)}
                <div class="muted small">{tx.fn}</div>
              </td>
              <td>{tx.creatorMsp}</td>
              <td>
                <CodeBadge code={tx.code} />
              </td>
              <td>{tx.unitNumber ? <Link href={pathOf.unit(tx.unitNumber)}>{tx.unitNumber}</Link> : '—'}</td>
              <td>{formatTime(tx.committedAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}
