import { useApi } from '../api/hooks';
import type { StateWrite, Subject, TxDetail } from '../api/types';
import { ColumnTable, ErrorBox, Facts, JsonBlock, Loading, Section } from '../components/common';
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

/** Records with a page of their own, by the object type of their key (whose one attribute is the record's id). */
const RECORD_PAGES: Partial<Record<string, (id: string) => string>> = {
  unit: pathOf.unit,
  registration: pathOf.registration,
  cert: pathOf.certificate,
  certhash: pathOf.verify,
  application: pathOf.application,
  contract: pathOf.contract,
};

/** The explorer page showing what a written key now holds, if it has one. */
function keyHref(w: StateWrite): string | null {
  const page = RECORD_PAGES[w.objectType];
  return page && w.attributes.length === 1 && !w.isDelete ? page(w.attributes[0]) : null;
}

/** A written key as people read it: a composite key's attributes (its type is the column before), else the plain key. */
function writtenKey(w: StateWrite): string {
  return w.attributes.length ? w.attributes.join(' / ') : (w.key ?? '—');
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
      <Section title={t('tx.payload')}>
        <p class="muted">{t('tx.payloadNote')}</p>
        {d.args.length === 0 ? (
          <p class="muted">—</p>
        ) : (
          <div data-testid="payload">
            {d.args.map((arg, i) => (
              <JsonBlock key={i} value={arg} label={d.args.length > 1 ? `${t('tx.payload')} ${i + 1}` : t('tx.payload')} />
            ))}
          </div>
        )}
      </Section>
      <Section title={t('tx.event')}>{d.event === null || d.event === undefined ? <p class="muted">—</p> : <JsonBlock value={d.event} label={t('tx.event')} />}</Section>
      <Section title={t('tx.writes', { count: d.writes.length })}>
        <p class="muted">{t('tx.writesNote')}</p>
        <ColumnTable label={t('tx.writes', { count: d.writes.length })} class="writes" columns={[t('tx.objectType'), t('tx.key'), t('tx.change')]}>
          {d.writes.map((w, i) => {
            const key = writtenKey(w);
            const href = keyHref(w);
            return (
              <tr key={`${i}:${w.objectType}:${key}`} data-object-type={w.objectType || undefined}>
                <td>
                  <code>{w.objectType || '—'}</code>
                </td>
                <td>
                  <code class="wrap" data-testid="written-key">
                    {href ? <Link href={href}>{key}</Link> : key}
                  </code>
                </td>
                <td>{w.isDelete ? <span class="badge badge-bad">{t('tx.deleted')}</span> : <span class="badge">{t('tx.written')}</span>}</td>
              </tr>
            );
          })}
        </ColumnTable>
      </Section>
    </div>
  );
}
