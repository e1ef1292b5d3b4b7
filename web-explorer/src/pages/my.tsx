import type { ApiError } from '../api/client';
import { citizenLoginHref } from '../api/citizen-login';
import { clearSession, type ApplicantSession } from '../api/session';
import { ErrorBox, Loading } from '../components/common';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { Link } from '../router';

/** Where the sign-in that brought the browser here stands: its token being exchanged, or refused. */
export interface CitizenLoginState {
  pending: boolean;
  error: ApiError | null;
}

/** The identity platform's sign-in, coming back to `returnTo`: a page load, not a route change. */
function SignInButton({ returnTo }: { returnTo: string }) {
  const { t } = useI18n();
  return (
    <a class="button" href={citizenLoginHref(returnTo)} data-testid="citizen-sign-in">
      {t('my.signIn')}
    </a>
  );
}

/** 市民服务: who is signed in, the way to their cases and property, and sign-out; else the sign-in. */
export function MyPage({ session, login }: { session: ApplicantSession | null; login: CitizenLoginState }) {
  const { t, lang } = useI18n();
  if (login.pending) return <Loading />;
  return (
    <div class="page narrow">
      <h1>{t('my.title')}</h1>
      {login.error && <ErrorBox error={login.error} />}
      {session ? (
        <>
          <div class="card" data-testid="citizen">
            <p>
              {t('my.signedInAs')} <strong>{session.principal.name}</strong>
            </p>
            <p class="muted small">{t('my.verified', { until: formatTime(session.expiresAt, lang) })}</p>
          </div>
          <ul class="my-links">
            <li>
              <Link href="/my/apply">{t('apply.title')}</Link>
              <span class="muted small">{t('my.applyHint')}</span>
            </li>
            <li>
              <Link href="/my/cases">{t('nav.myCases')}</Link>
              <span class="muted small">{t('my.casesHint')}</span>
            </li>
            <li>
              <Link href="/my/properties">{t('nav.myProperties')}</Link>
              <span class="muted small">{t('my.propertiesHint')}</span>
            </li>
          </ul>
          <button type="button" onClick={clearSession}>
            {t('my.signOut')}
          </button>
        </>
      ) : (
        <>
          <p>{t('my.intro')}</p>
          <SignInButton returnTo="/my" />
          <p class="muted small">{t('my.sessionNote')}</p>
        </>
      )}
    </div>
  );
}

/** Shown instead of a citizen's page to a visitor who has not signed in as a citizen. */
export function CitizenLoginRequired({ error }: { error: ApiError | null }) {
  const { t } = useI18n();
  return (
    <div class="page narrow" data-testid="citizen-login-required">
      <h1>{t('my.required')}</h1>
      {error && <ErrorBox error={error} />}
      <p>{t('my.requiredText')}</p>
      <SignInButton returnTo={window.location.pathname} />
    </div>
  );
}
