import { useCallback, useEffect, useState } from 'preact/hooks';
import { asApiError, getJson, type ApiError } from './client';
import type { Page, RegisterTime } from './types';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (no request while it is null) and reloads when it changes. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: path !== null });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    getJson<T>(path).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (err: unknown) => live && setState({ data: null, error: asApiError(err), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

/**
 * The register's "today" (its China calendar date), from the gateway rather than the browser's
 * clock and time zone; null until it has answered.
 */
export function useRegisterToday(): string | null {
  return useApi<RegisterTime>('/time').data?.today ?? null;
}

export interface Paged<T> {
  items: T[];
  error: ApiError | null;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  /** Starts again from the first page (after a change the listed items may show). */
  reload: () => void;
}

/** Keyset paging: `base` is a path whose query already holds the filters; pages append. */
export function usePaged<T>(base: string | null): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<{ error: ApiError | null; loading: boolean; hasMore: boolean }>({ error: null, loading: false, hasMore: false });

  const fetchPage = useCallback(
    (from: string | null, reset: boolean) => {
      if (base === null) return () => undefined;
      let live = true;
      setState((s) => ({ ...s, loading: true, error: null }));
      const sep = base.includes('?') ? '&' : '?';
      getJson<Page<T>>(from ? `${base}${sep}cursor=${encodeURIComponent(from)}` : base).then(
        (page) => {
          if (!live) return;
          setItems((old) => (reset ? page.items : [...old, ...page.items]));
          setCursor(page.nextCursor ?? null);
          setState({ error: null, loading: false, hasMore: !!page.nextCursor });
        },
        (err: unknown) => live && setState({ error: asApiError(err), loading: false, hasMore: false }),
      );
      return () => {
        live = false;
      };
    },
    [base],
  );

  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    setItems([]);
    setCursor(null);
    return fetchPage(null, true);
  }, [fetchPage, nonce]);

  const loadMore = useCallback(() => {
    if (cursor) fetchPage(cursor, false);
  }, [cursor, fetchPage]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { items, ...state, loadMore, reload };
}
