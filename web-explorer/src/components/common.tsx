import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';
import { citizenLoginHref } from '../api/citizen-login';
import { useApi, type Paged } from '../api/hooks';
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
          {/* Citizens' pages sign in again through the identity platform, staff pages with an API key. */}
          {window.location.pathname.startsWith('/my') ? (
            <a href={citizenLoginHref(window.location.pathname)}>{t('auth.loginAgain')}</a>
          ) : (
            <Link href={`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`}>{t('auth.loginAgain')}</Link>
          )}
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

/** The end of a paged list: its error, its loading state, or a button for the next page. */
export function PageEnd({ page, more, testId }: { page: Paged<unknown>; more: string; testId?: string }) {
  return (
    <>
      {page.error && <ErrorBox error={page.error} />}
      {page.loading && <Loading />}
      {page.hasMore && !page.loading && (
        <button type="button" data-testid={testId} onClick={page.loadMore}>
          {more}
        </button>
      )}
    </>
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

/** A table of rows under column headings, in its own sideways-scrolling box labelled `label`. */
export function ColumnTable({ label, columns, children, class: className, testId }: { label: string; columns: string[]; children: ComponentChildren; class?: string; testId?: string }) {
  return (
    <TableBox label={label}>
      <table class={className} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableBox>
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

/**
 * A page about one record the gateway holds at `path`: its error, a loading line while it comes,
 * then the heading `heading` gives (what the record is, then its id) over the sections `children` draws.
 */
export function RecordPage<T>({ path, heading, children }: { path: string; heading: (record: T) => ComponentChildren; children: (record: T) => ComponentChildren }) {
  const record = useApi<T>(path);
  if (record.error) return <ErrorBox error={record.error} />;
  const r = record.data;
  if (!r) return <Loading />;
  return (
    <div class="page">
      <h1>{heading(r)}</h1>
      {children(r)}
    </div>
  );
}

/**
 * A page's filter bar: a date range, the page's own fields (children), then 应用 and any further
 * actions. The page keeps the form's state and applies it on submit.
 */
export function DateRangeFilter(props: {
  range: { from: string; to: string };
  onDate: (field: 'from' | 'to', value: string) => void;
  onApply: () => void;
  required?: boolean;
  children?: ComponentChildren;
  actions?: ComponentChildren;
}) {
  const { t } = useI18n();
  return (
    <form
      class="filters"
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply();
      }}
    >
      {(['from', 'to'] as const).map((field) => (
        <label key={field}>
          {t(`filter.${field}`)}
          <input type="date" name={field} value={props.range[field]} onInput={(e) => props.onDate(field, e.currentTarget.value)} required={props.required} />
        </label>
      ))}
      {props.children}
      <button type="submit">{t('filter.apply')}</button>
      {props.actions}
    </form>
  );
}
