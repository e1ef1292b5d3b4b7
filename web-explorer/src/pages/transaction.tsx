import { useApi } from '../api/hooks';
import type { Subject, TxDetail } from '../api/types';
import { ErrorBox, Facts, JsonBlock, Loading, Section, TableBox } from '../components/common';
import { CodeBadge, useEventLabel } from '../components/tx-table';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';

/** The explorer page a ledger record's subject links to, if it has one. */
function subjectHref(s: Subject): string | null {
  switch (s.kind) {
    case 'registration':
      return pathOf.registration(s.id);
    case 'certificate':
      return pathOf.certificate(s.id);
    case 'unit':
      return pathOf.unit(s.id);
    default:
      return null;
  }
}

export function SubjectLink({ subject }: { subject: Subject }) {
  const href = subjectHref(subject);
  const text = `${subject.kind} ${subject.id}`;
  return href ? <Link href={href}>{text}</Link> : <span>{text}</span>;
}

export function TransactionPage({ txId }: { txId: string }) {
  const { t, lang } = useI18n();
  const label = useEventLabel();
  const tx = useApi<TxDetail>(`/transactions/${encodeURIComponent(txId)}`);
  if (tx.error) return <ErrorBox error={tx.error} />;
  const d = tx.data;
  if (!d) return <Loading />;
  return (
    <div class="page">
      <h1>{t('tx.title')}</h1>
      <Section title={label(d)}>
        <Facts
          rows={[
            [t('tx.id'), <code class="wrap">{d.txId}</code>],
            [t('block.number'), <Link href={pathOf.block(d.blockNumber)}>#{d.blockNumber}</Link>],
            [t('tx.index'), d.index],
            [t('tx.code'), <CodeBadge code={d.code} />],
            [t('tx.committedAt'), formatTime(d.committedAt, lang)],
            [t('tx.creator'), d.creatorMsp],
            [t('tx.function'), <code>{d.fn}</code>],
            [t('tx.eventType'), d.eventType ?? '—'],
            [t('tx.district'), d.district ?? '—'],
            [t('tx.unit'), d.unitNumber ? <Link href={pathOf.unit(d.unitNumber)}>{d.unitNumber}</Link> : '—'],
            [t('tx.subject'), d.subject ? <SubjectLink subject={d.subject} /> : '—'],
          ]}
        />
      </Section>
      <Section title={t('tx.endorsers')}>
        <ul class="endorsers">
          {d.endorsers.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </Section>
      <Section title={t('tx.event')}>{d.event === null || d.event === undefined ? <p class="muted">—</p> : <JsonBlock value={d.event} label={t('tx.event')} />}</Section>
      <Section title={t('tx.writes', { count: d.writes.length })}>
        <p class="muted">{t('tx.writesNote')}</p>
        <TableBox label={t('tx.writes', { count: d.writes.length })}>
          <table class="writes">
            <thead>
              <tr>
                <th scope="col">{t('tx.objectType')}</th>
                <th scope="col">{t('tx.key')}</th>
                <th scope="col">{t('tx.value')}</th>
              </tr>
            </thead>
            <tbody>
              {d.writes.map((w) => (
                <tr key={w.key}>
                  <td>
                    <code>{w.objectType || '—'}</code>
                  </td>
                  <td>
                    <code class="wrap">{w.attributes.length ? w.attributes.join(' / ') : w.key}</code>
                  </td>
                  <td>{w.isDelete ? <span class="badge badge-bad">{t('tx.deleted')}</span> : <JsonBlock value={w.value} label={`${t('tx.value')} ${w.attributes.join(' / ')}`} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      </Section>
    </div>
  );
}
