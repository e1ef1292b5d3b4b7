import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { clearSession, loadSession, onSessionChange, type Session } from './api/session';
import { setLang, useI18n } from './i18n';
import { AuditPage } from './pages/audit';
import { LegacyPage } from './pages/legacy';
import { LinkagePage } from './pages/linkage';
import { BlockPage, BlocksPage } from './pages/blocks';
import { ChannelsPage } from './pages/channels';
import { MyAppointmentsPage } from './pages/my-appointments';
import { MyCasesPage } from './pages/my-cases';
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

/** Staff routes need a session; /verify, /verify/:hash and /login are public. */
function route(loc: Location, session: Session | null): ComponentChildren {
  const staff = (page: ComponentChildren) => (session ? page : <LoginRequired />);
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
  if (p === '/my/cases') return staff(<MyCasesPage />);
  if (p === '/my/appointments') return staff(<MyAppointmentsPage />);
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

export function App() {
  const loc = useLocation();
  const session = useSession();
  const { t, lang } = useI18n();
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang]);

  const nav: Array<[string, string]> = [
    ['/', t('nav.dashboard')],
    ['/blocks', t('nav.blocks')],
    ['/stats', t('nav.stats')],
    ['/audit', t('nav.audit')],
    ['/channels', t('nav.channels')],
    ['/legacy', t('nav.legacy')],
    ['/linkage', t('nav.linkage')],
    ['/verify', t('nav.verify')],
  ];
  const active = (href: string) => (href === '/' ? loc.path === '/' : loc.path === href || loc.path.startsWith(`${href}/`));

  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="top">
        <div class="brand">
          <Link href="/">{t('app.title')}</Link>
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
        {session && <SearchBox initial={loc.path === '/search' ? (loc.query.get('q') ?? '') : ''} />}
        <div class="account">
          <button type="button" class="lang" lang={lang === 'en' ? 'zh-CN' : 'en'} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
            {t('app.otherLanguage')}
          </button>
          {session ? (
            <>
              <span class="who" data-testid="who">
                {session.principal.name}
                {/* An applicant's session (citizen, channel) has no organisation or role. */}
                {session.principal.msp && ` · ${session.principal.msp}/${session.principal.role}`}
              </span>
              <button type="button" onClick={clearSession}>
                {t('nav.logout')}
              </button>
            </>
          ) : (
            loc.path !== '/login' && <Link href={`/login?next=${encodeURIComponent(loc.path + (window.location.search || ''))}`}>{t('nav.login')}</Link>
          )}
        </div>
      </header>
      <main id="main">{route(loc, session)}</main>
      <footer class="foot muted small">{t('app.footer')}</footer>
    </>
  );
}
