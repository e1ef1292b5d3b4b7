import type { Applicant, Principal, TokenResponse } from './types';

/**
 * The signed-in session of this browser tab: agency staff with an API key's token, or an
 * applicant (a citizen with the token the gateway issued after the identity platform's sign-in, a
 * channel with its OAuth 2 token), told apart by `principal.kind`. One at a time: signing in as
 * one ends the other. Kept in sessionStorage, so it ends with the tab.
 */
export interface Session {
  token: string;
  expiresAt: string;
  principal: Principal | Applicant;
}
export type StaffSession = Session & { principal: Principal };
export type ApplicantSession = Session & { principal: Applicant };

export const isStaffSession = (s: Session | null): s is StaffSession => s?.principal.kind === 'staff';
export const isApplicantSession = (s: Session | null): s is ApplicantSession => s !== null && s.principal.kind !== 'staff';

const KEY = 'estate-ledger.session';
const CHANGED = 'explorer:session';

export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  const session = JSON.parse(raw) as Session;
  if (Date.parse(session.expiresAt) <= Date.now()) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return session;
}

function store(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  window.dispatchEvent(new Event(CHANGED));
}

export function saveSession(res: TokenResponse): void {
  store({ token: res.token, expiresAt: res.expiresAt, principal: res.principal });
}

/** An applicant's token, with who the gateway says it is for (GET /applicant/identity). */
export function saveApplicantSession(token: string, expiresAt: string, applicant: Applicant): void {
  store({ token, expiresAt, principal: applicant });
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event(CHANGED));
}

export function onSessionChange(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
}
