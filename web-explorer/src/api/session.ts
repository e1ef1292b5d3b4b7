import type { Principal, TokenResponse } from './types';

/** The signed-in staff session: the gateway's JWT kept for this browser tab only. */
export interface Session {
  token: string;
  expiresAt: string;
  principal: Principal;
}

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

export function saveSession(res: TokenResponse): void {
  sessionStorage.setItem(KEY, JSON.stringify({ token: res.token, expiresAt: res.expiresAt, principal: res.principal } satisfies Session));
  window.dispatchEvent(new Event(CHANGED));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event(CHANGED));
}

export function onSessionChange(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
}
