import { API, getJson } from './client';
import { saveApplicantSession } from './session';
import type { Applicant } from './types';

/**
 * A citizen's sign-in through the unified identity platform (OpenID Connect): the gateway runs the
 * flow and sends the browser back to the page it came from with its own token in the URL fragment
 * (`#citizen_token=…&expires_at=…`, or `#login_error=…`), which browsers never send to a server.
 */

/** Where the browser goes to sign in; it comes back to `returnTo` (a path of this site). */
export const citizenLoginHref = (returnTo: string): string => `${API}/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`;

export type LoginLanding = { token: string; expiresAt: string } | { error: string } | null;

/**
 * The sign-in result in the URL fragment, removed from the address (so it is neither bookmarked,
 * shared nor kept in the history); null when the page was not reached from a sign-in.
 */
export function takeLoginLanding(): LoginLanding {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const token = fragment.get('citizen_token');
  const expiresAt = fragment.get('expires_at');
  const error = fragment.get('login_error');
  if (!token && !error) return null;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  if (token && expiresAt) return { token, expiresAt };
  return { error: error ?? 'The sign-in answer was incomplete' };
}

/** Asks the gateway who the token is for and keeps it as this tab's session. */
export async function adoptCitizenToken(token: string, expiresAt: string): Promise<void> {
  const applicant = await getJson<Applicant>('/applicant/identity', { headers: { authorization: `Bearer ${token}` } });
  if (applicant.kind !== 'citizen') throw new Error('The token is not a citizen’s');
  saveApplicantSession(token, expiresAt, applicant);
}
