import { useState } from 'preact/hooks';
import { asApiError, getJson, query, type ApiError } from '../api/client';
import { usePaged, useRegisterToday } from '../api/hooks';
import { AUDIT_KINDS, type AuditChainCheck, type AuditEntry } from '../api/types';
import { ColumnTable, DateRangeFilter, ErrorBox, Hash, Loading } from '../components/common';
import { useI18n } from '../i18n';
import { useFileDownload } from '../lib/download';
import { formatTime } from '../lib/format';
import { Link, pathOf } from '../router';

interface Filters {
  from: string;
  to: string;
  actor: string;
  kind: string;
}

/** The filter dates are China dates; the API takes instants (from inclusive, to exclusive). */
function apiFilters(f: Filters): string {
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00+08:00`) + 86_400_000).toISOString();
  return query({
    from: f.from ? new Date(`${f.from}T00:00:00+08:00`).toISOString() : undefined,
    to: f.to ? nextDay(f.to) : undefined,
    actor: f.actor.trim(),
    kind: f.kind,
  });
}


/** The audit log is hash-chained: an entry's prevHash is the hash of the entry one seq before it. */
function chained(e: AuditEntry, neighbours: AuditEntry[]): boolean | null {
  const before = neighbours.find((x) => x.seq === e.seq - 1);
  return before ? before.hash === e.prevHash : null;
}

export function AuditPage() {
  const { t, lang } = useI18n();
  const today = useRegisterToday();
  const [form, setForm] = useState<Filters>({ from: '', to: '', actor: '', kind: '' });
  const [applied, setApplied] = useState<Filters>(form);
  const filters = apiFilters(applied);
  const log = usePaged<AuditEntry>(`/audit-log${filters}${filters ? '&' : '?'}limit=50`);
  const exporting = useFileDownload();
  const [chain, setChain] = useState<{ result: AuditChainCheck | null; error: ApiError | null }>({ result: null, error: null });
  const set = (k: keyof Filters) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });

  const verifyChain = async () => {
    setChain({ result: null, error: null });
    try {
      setChain({ result: await getJson<AuditChainCheck>('/audit-log/verification'), error: null });
    } catch (err) {
      setChain({ result: null, error: asApiError(err) });
    }
  };

  const exportCsv = () => exporting.run(`/audit-log.csv${filters}`, `audit-log-${today ?? 'export'}.csv`);

  return (
    <div class="page">
      <h1>{t('audit.title')}</h1>
      <p class="muted">{t('audit.note')}</p>
      <DateRangeFilter
        range={form}
        onDate={(field, value) => setForm({ ...form, [field]: value })}
        onApply={() => setApplied(form)}
        actions={
          <button type="button" onClick={() => void exportCsv()} disabled={exporting.busy}>
            {t('common.exportCsv')}
          </button>
        }
      >
        <label>
          {t('audit.actor')}
          <input name="actor" value={form.actor} onInput={set('actor')} autoComplete="off" />
        </label>
        <label>
          {t('audit.kind')}
          <select name="kind" value={form.kind} onChange={set('kind')}>
            <option value="">{t('audit.allKinds')}</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`auditKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </DateRangeFilter>
      <p>
        <button type="button" onClick={() => void verifyChain()}>
          {t('audit.verifyChain')}
        </button>{' '}
        {chain.result && (
          <span class={`chain chain-${chain.result.ok ? 'ok' : 'broken'}`} role="status" data-testid="audit-chain">
            {chain.result.ok ? t('audit.chainVerified', { checked: chain.result.checked }) : t('audit.chainFailed', { seq: chain.result.firstBadSeq ?? '?' })}
          </span>
        )}
      </p>
      {chain.error && <ErrorBox error={chain.error} />}
      {exporting.error && <ErrorBox error={exporting.error} />}
      <ColumnTable label={t('audit.title')} testId="audit-table" columns={[t('audit.seq'), t('audit.at'), t('audit.kind'), t('audit.actor'), t('audit.request'), t('audit.status'), t('audit.ledger'), t('audit.hash')]}>
        {log.items.map((e) => {
          const link = chained(e, log.items);
          return (
            <tr key={e.seq} data-seq={e.seq}>
              <td>{e.seq}</td>
              <td>{formatTime(e.at, lang)}</td>
              <td>{t(`auditKind.${e.kind}`)}</td>
              <td>
                {e.actor}
                <div class="muted small">{[e.msp, e.role, e.district].filter(Boolean).join(' · ')}</div>
              </td>
              <td>
                {e.method && e.path ? (
                  <code class="wrap">
                    {e.method} {e.path}
                  </code>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {e.status ?? '—'}
                {e.durationMs !== undefined && <div class="muted small">{e.durationMs.toFixed(1)} ms</div>}
              </td>
              <td>
                {e.txId ? <Link href={pathOf.tx(e.txId)}>{e.fn ?? e.txId.slice(0, 12)}</Link> : (e.fn ?? '—')}
              </td>
              <td>
                <Hash value={e.hash} head={8} tail={4} />
                {link !== null && (
                  <span class={`chain chain-${link ? 'ok' : 'broken'}`}>
                    {' '}
                    <span aria-hidden="true">{link ? '✓' : '✗'}</span>
                    <span class="sr-only">{link ? t('audit.chainOk') : t('audit.chainBroken')}</span>
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </ColumnTable>
      {log.error && <ErrorBox error={log.error} />}
      {log.loading && <Loading />}
      {!log.loading && !log.error && log.items.length === 0 && <p class="muted">{t('audit.empty')}</p>}
      {log.hasMore && !log.loading && (
        <button type="button" onClick={log.loadMore}>
          {t('common.more')}
        </button>
      )}
    </div>
  );
}
