import type { Applicant, Principal, TokenResponse } from './types';

/**
 * The signed-in session of this browser tab: staff with an API key's token, or a citizen with the
 * token the gateway issued after the identity platform's sign-in. One at a time: signing in as the
 * one ends the other. Kept in sessionStorage, so it ends with the tab.
 */
export type Session = StaffSession | CitizenSession;

export interface StaffSession {
  kind: 'staff';
  token: string;
  expiresAt: string;
  principal: Principal;
}

export interface CitizenSession {
  kind: 'citizen';
  token: string;
  expiresAt: string;
  /** Who the gateway says the token is for (GET /applicant/identity). */
  citizen: Extract<Applicant, { kind: 'citizen' }>;
}

const KEY = 'estate-ledger.session';
const CHANGED = 'explorer:session';

export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  const session = JSON.parse(raw) as Partial<Session>;
  // A session of an older explorer (no kind) or one that has expired is gone.
  if ((session.kind !== 'staff' && session.kind !== 'citizen') || !session.expiresAt || Date.parse(session.expiresAt) <= Date.now()) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return session as Session;
}

function store(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  window.dispatchEvent(new Event(CHANGED));
}

export function saveSession(res: TokenResponse): void {
  store({ kind: 'staff', token: res.token, expiresAt: res.expiresAt, principal: res.principal });
}

export function saveCitizenSession(token: string, expiresAt: string, citizen: CitizenSession['citizen']): void {
  store({ kind: 'citizen', token, expiresAt, citizen });
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event(CHANGED));
}

export function onSessionChange(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
}
