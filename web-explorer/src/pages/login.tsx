import { useState } from 'preact/hooks';
import { asApiError, postJson, type ApiError } from '../api/client';
import { saveSession } from '../api/session';
import type { TokenResponse } from '../api/types';
import { ErrorBox } from '../components/common';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';

/** Only same-site paths are followed after login. */
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export function LoginPage({ next }: { next: string | null }) {
  const { t } = useI18n();
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      saveSession(await postJson<TokenResponse>('/auth/token', { apiKey: apiKey.trim() }));
      navigate(safeNext(next), { replace: true });
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };

  return (
    <div class="page narrow">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <form class="login" onSubmit={submit}>
        <label for="api-key">{t('login.apiKey')}</label>
        <input id="api-key" name="apiKey" type="password" value={apiKey} onInput={(e) => setApiKey(e.currentTarget.value)} autoComplete="off" required />
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      {error && <ErrorBox error={error} />}
      <p class="muted small">{t('login.sessionNote')}</p>
    </div>
  );
}

/** Shown instead of a staff page to a visitor without a session. */
export function LoginRequired() {
  const { t } = useI18n();
  const here = window.location.pathname + window.location.search;
  return (
    <div class="page narrow" data-testid="login-required">
      <h1>{t('login.required')}</h1>
      <p>{t('login.requiredText')}</p>
      <p>
        <Link class="button" href={`/login?next=${encodeURIComponent(here)}`}>
          {t('nav.login')}
        </Link>
      </p>
      <p>
        <Link href="/verify">{t('login.publicVerify')}</Link>
      </p>
    </div>
  );
}
