import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { asApiError, ApiError } from './api/client';
import { adoptCitizenToken, takeLoginLanding } from './api/citizen-login';
import { clearSession, isApplicantSession, isStaffSession, loadSession, onSessionChange, type Session } from './api/session';
import { Loading } from './components/common';
import { setLang, useI18n, type Translate } from './i18n';
import { AuditPage } from './pages/audit';
import { LegacyPage } from './pages/legacy';
import { LinkagePage } from './pages/linkage';
import { BlockPage, BlocksPage } from './pages/blocks';
import { ChannelsPage } from './pages/channels';
import { AppointmentDeskPage } from './pages/appointment-desk';
import { CitizenLoginRequired, MyPage, type CitizenLoginState } from './pages/my';
import { ApplyOnlinePage } from './pages/my-apply';
import { MyAppointmentsPage } from './pages/my-appointments';
import { MyCasesPage } from './pages/my-cases';
import { MyPropertiesPage } from './pages/my-properties';
import { DashboardPage } from './pages/dashboard';
import { LoginPage, LoginRequired } from './pages/login';
import { ApplicationPage, CertificatePage, ContractPage, RegistrationPage } from './pages/records';
import { SearchPage } from './pages/search';
import { StatsPage } from './pages/stats';
import { TransactionPage } from './pages/transaction';
import { UnitPage } from './pages/unit';
import { VerifyPage } from './pages/verify';
import { Link, match, navigate, pathOf, useLocation, type Location } from './router';

function useSession(): Session | null {
  const [session, setSession] = useState(loadSession);
  useEffect(() => onSessionChange(() => setSession(loadSession())), []);
  return session;
}

/**
 * A citizen's sign-in lands on the page it started from with the token in the URL fragment: it is
 * taken out of the address at once and exchanged for the tab's session (the citizen's identity).
 */
function useCitizenLanding(): CitizenLoginState {
  const [landing] = useState(takeLoginLanding);
  const [state, setState] = useState<CitizenLoginState>(() => ({
    pending: landing !== null && 'token' in landing,
    error: landing && 'error' in landing ? new ApiError(401, 'LOGIN_REFUSED', landing.error) : null,
  }));
  useEffect(() => {
    if (!landing || !('token' in landing)) return;
    adoptCitizenToken(landing.token, landing.expiresAt).then(
      () => setState({ pending: false, error: null }),
      (err: unknown) => setState({ pending: false, error: asApiError(err) }),
    );
  }, [landing]);
  return state;
}

/** Staff routes need a staff session, /my/… an applicant's (a citizen's, or a channel's); /verify, /verify/:hash, /login and /my are public. */
function route(loc: Location, session: Session | null, login: CitizenLoginState): ComponentChildren {
  const staff = (page: ComponentChildren) => (isStaffSession(session) ? page : <LoginRequired />);
  const applicant = (page: ComponentChildren) => (isApplicantSession(session) ? page : login.pending ? <Loading /> : <CitizenLoginRequired error={login.error} />);
  const p = loc.path;
  let m: Record<string, string> | null;
  // One VerifyPage element for both routes, so the picked file's details survive the URL update.
  if (p === '/verify') return <VerifyPage />;
  if ((m = match('/verify/:hash', p))) return <VerifyPage hash={m.hash} />;
  if (p === '/login') return <LoginPage next={loc.query.get('next')} />;
  if (p === '/') return staff(<DashboardPage />);
  if (p === '/blocks') return staff(<BlocksPage />);
  if ((m = match('/blocks/:number', p)) && /^\d+$/.test(m.number)) return staff(<BlockPage key={m.number} number={m.number} />);
  if ((m = match('/tx/:txId', p))) return staff(<TransactionPage key={m.txId} txId={m.txId} />);
  if ((m = match('/units/:unitNumber', p))) return staff(<UnitPage key={m.unitNumber} unitNumber={m.unitNumber} />);
  if ((m = match('/certificates/:certNo', p))) return staff(<CertificatePage key={m.certNo} certNo={m.certNo} />);
  if ((m = match('/registrations/:id', p))) return staff(<RegistrationPage key={m.id} registrationId={m.id} />);
  if ((m = match('/applications/:id', p))) return staff(<ApplicationPage key={m.id} applicationId={m.id} />);
  if ((m = match('/contracts/:id', p))) return staff(<ContractPage key={m.id} contractId={m.id} />);
  if (p === '/search') return staff(<SearchPage q={loc.query.get('q') ?? ''} />);
  if (p === '/stats') return staff(<StatsPage />);
  if (p === '/audit') return staff(<AuditPage />);
  if (p === '/channels') return staff(<ChannelsPage />);
  if (p === '/appointment-desk') return staff(<AppointmentDeskPage />);
  if (p === '/my') return <MyPage session={isApplicantSession(session) ? session : null} login={login} />;
  if (p === '/my/apply') return applicant(<ApplyOnlinePage />);
  if (p === '/my/cases') return applicant(<MyCasesPage />);
  if (p === '/my/properties') return applicant(<MyPropertiesPage />);
  if (p === '/my/appointments') return applicant(<MyAppointmentsPage />);
  if (p === '/legacy') return staff(<LegacyPage />);
  if (p === '/linkage') return staff(<LinkagePage project={loc.query.get('project') ?? ''} />);
  return <NotFound />;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div class="page narrow">
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link href="/">{t('nav.dashboard')}</Link>
      </p>
    </div>
  );
}

function SearchBox({ initial }: { initial: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState(initial);
  useEffect(() => setQ(initial), [initial]);
  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (q.trim()) navigate(pathOf.search(q.trim()));
      }}
    >
      <label for="search-q" class="sr-only">
        {t('search.label')}
      </label>
      <input id="search-q" type="search" name="q" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder={t('search.placeholder')} />
      <button type="submit">{t('search.submit')}</button>
    </form>
  );
}

/** Staff with organisation and role; a citizen as such; a channel by its name. */
function whoText(session: Session, t: Translate): string {
  const p = session.principal;
  if (p.kind === 'staff') return `${p.name} · ${p.msp}/${p.role}`;
  return p.kind === 'citizen' ? `${p.name} · ${t('my.citizen')}` : p.name;
}

/** Ends the tab's session; an applicant goes back to the citizens' page. */
function signOut(session: Session): void {
  clearSession();
  if (isApplicantSession(session)) navigate('/my');
}

export function App() {
  const loc = useLocation();
  const session = useSession();
  const login = useCitizenLanding();
  const { t, lang } = useI18n();
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang]);

  const citizenNav: Array<[string, string]> = [
    ['/my', t('nav.my')],
    ['/my/apply', t('apply.title')],
    ['/my/cases', t('nav.myCases')],
    ['/my/properties', t('nav.myProperties')],
    ['/my/appointments', t('appointments.title')],
    ['/verify', t('nav.verify')],
  ];
  const staffNav: Array<[string, string]> = [
    ['/', t('nav.dashboard')],
    ['/blocks', t('nav.blocks')],
    ['/stats', t('nav.stats')],
    ['/audit', t('nav.audit')],
    ['/channels', t('nav.channels')],
    ['/legacy', t('nav.legacy')],
    ['/linkage', t('nav.linkage')],
    ['/appointment-desk', t('desk.title')],
    ['/verify', t('nav.verify')],
    ['/my', t('nav.my')],
  ];
  const nav = isApplicantSession(session) ? citizenNav : staffNav;
  // "/" and "/my" head sections of their own: only the page itself is theirs.
  const active = (href: string) => (href === '/' || href === '/my' ? loc.path === href : loc.path === href || loc.path.startsWith(`${href}/`));

  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="top">
        <div class="brand">
          <Link href={isApplicantSession(session) ? '/my' : '/'}>{t('app.title')}</Link>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {nav.map(([href, text]) => (
              <li key={href}>
                <Link href={href} aria-current={active(href) ? 'page' : undefined}>
                  {text}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {isStaffSession(session) && <SearchBox initial={loc.path === '/search' ? (loc.query.get('q') ?? '') : ''} />}
        <div class="account">
          <button type="button" class="lang" lang={lang === 'en' ? 'zh-CN' : 'en'} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
            {t('app.otherLanguage')}
          </button>
          {session ? (
            <>
              <span class="who" data-testid="who">
                {whoText(session, t)}
              </span>
              <button type="button" onClick={() => signOut(session)}>
                {t('nav.logout')}
              </button>
            </>
          ) : (
            loc.path !== '/login' && <Link href={`/login?next=${encodeURIComponent(loc.path + (window.location.search || ''))}`}>{t('nav.login')}</Link>
          )}
        </div>
      </header>
      <main id="main">{route(loc, session, login)}</main>
      <footer class="foot muted small">{t('app.footer')}</footer>
    </>
  );
}
