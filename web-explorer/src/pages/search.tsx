import { useEffect } from 'preact/hooks';
import { query } from '../api/client';
import { useApi } from '../api/hooks';
import type { SearchResult } from '../api/types';
import { ErrorBox, Loading } from '../components/common';
import { useI18n } from '../i18n';
import { Link, navigate, pathOf } from '../router';

/** The explorer page of a search hit. */
export function resultHref(r: SearchResult): string {
  switch (r.kind) {
    case 'block':
      return pathOf.block(r.id);
    case 'transaction':
      return pathOf.tx(r.id);
    case 'unit':
      return pathOf.unit(r.id);
    case 'certificate':
      return pathOf.certificate(r.id);
    case 'registration':
      return pathOf.registration(r.id);
    case 'application':
      return pathOf.application(r.id);
    case 'contract':
      return pathOf.contract(r.id);
  }
}

export function SearchPage({ q }: { q: string }) {
  const { t } = useI18n();
  const term = q.trim();
  const found = useApi<{ results: SearchResult[] }>(term ? `/search${query({ q: term })}` : null);
  const results = found.data?.results;

  // A single hit opens at once.
  useEffect(() => {
    if (results?.length === 1) navigate(resultHref(results[0]), { replace: true });
  }, [results]);

  return (
    <div class="page">
      <h1>{t('search.title')}</h1>
      {!term && <p class="muted">{t('search.hint')}</p>}
      {found.error && <ErrorBox error={found.error} />}
      {found.loading && <Loading />}
      {results && (
        <>
          <p role="status">{t('search.count', { count: results.length, q: term })}</p>
          <ul class="results">
            {results.map((r) => (
              <li key={`${r.kind}:${r.id}`} data-kind={r.kind}>
                <span class="badge">{t(`searchKind.${r.kind}`)}</span> <Link href={resultHref(r)}>{r.label}</Link>
                <code class="muted small wrap"> {r.id}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
