import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { prettyJson, shortHash } from '../lib/format';

/** An API error shown with its code and message (and the request id to quote to support). */
export function ErrorBox({ error }: { error: ApiError }) {
  const { t } = useI18n();
  return (
    <div class="error" role="alert">
      <strong>{error.code}</strong>
      {error.status > 0 && <span class="muted"> (HTTP {error.status})</span>}: {error.message}
      {error.field && (
        <div>
          {t('error.field')}: <code>{error.field}</code>
        </div>
      )}
      {error.requestId && (
        <div class="muted">
          {t('error.requestId')}: <code>{error.requestId}</code>
        </div>
      )}
      {error.status === 401 && (
        <div>
          <Link href={`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`}>{t('auth.loginAgain')}</Link>
        </div>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

export function Hash({ value, head, tail }: { value: string; head?: number; tail?: number }) {
  return (
    <code class="hash" title={value}>
      {shortHash(value, head, tail)}
    </code>
  );
}

export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre class="json" aria-label={label} tabIndex={0}>
      {prettyJson(value)}
    </pre>
  );
}

/** A two-column list of facts; wraps to one column on a phone. */
export function Facts({ rows }: { rows: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Wide tables scroll sideways inside their own box instead of widening the page. */
export function TableBox({ children, label }: { children: ComponentChildren; label: string }) {
  return (
    <div class="table-box" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
