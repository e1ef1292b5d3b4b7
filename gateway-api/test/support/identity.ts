import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { startLocalIdp, type LocalCitizen, type LocalIdp } from '../../src/identity-provider/local-idp';
import { PEOPLE } from './ledger-fixture';

/**
 * Applicants for tests: a real local OpenID provider (oidc-provider) with citizens of the ledger
 * fixture, the browser's sign-in walked with fetch, and channels' keys and client assertions.
 */

export const CITIZENS = {
  alice: { login: 'alice', name: PEOPLE.alice.name, idNumber: PEOPLE.alice.idNumber },
  bob: { login: 'bob', name: PEOPLE.bob.name, idNumber: PEOPLE.bob.idNumber },
} satisfies Record<string, LocalCitizen>;
export type CitizenLogin = keyof typeof CITIZENS;

export const GATEWAY_CLIENT = { clientId: 'estate-ledger-gateway', clientSecret: randomBytes(16).toString('hex') };
export const PORTAL_CLIENT = { clientId: 'provincial-portal', clientSecret: randomBytes(16).toString('hex') };

export interface TestIdp {
  idp: LocalIdp;
  /** The gateway's environment for this provider (portal ID tokens accepted too). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startTestIdp(): Promise<TestIdp> {
  const idp = await startLocalIdp({ port: 0, clients: [GATEWAY_CLIENT, PORTAL_CLIENT], citizens: Object.values(CITIZENS) });
  return {
    idp,
    env: { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: GATEWAY_CLIENT.clientId, OIDC_CLIENT_SECRET: GATEWAY_CLIENT.clientSecret, OIDC_PORTAL_AUDIENCES: PORTAL_CLIENT.clientId },
    close: () => idp.close(),
  };
}

/** Cookies per origin, as a browser keeps them across the redirects of a sign-in. */
class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.byOrigin.get(url.origin) ?? new Map<string, string>()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(url: URL, res: Response): void {
    const jar = this.byOrigin.get(url.origin) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value) jar.set(pair.slice(0, eq), value);
      else jar.delete(pair.slice(0, eq));
    }
    this.byOrigin.set(url.origin, jar);
  }
}

/** Follows redirects by hand (keeping cookies) until `stop` says the URL is the end; returns that URL. */
async function browse(start: URL, jar: CookieJar, stop: (u: URL) => boolean, form?: (html: string, u: URL) => { action: URL; body: URLSearchParams } | undefined): Promise<URL> {
  let url = start;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (stop(url)) return url;
    const res = await fetch(url, { method, body, redirect: 'manual', headers: { cookie: jar.header(url), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } });
    jar.store(url, res);
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      continue;
    }
    const submit = res.status === 200 && form ? form(await res.text(), url) : undefined;
    if (!submit) throw new Error(`sign-in stopped at ${url.href}: ${res.status} ${await res.text().catch(() => '')}`.slice(0, 600));
    url = submit.action;
    method = 'POST';
    body = submit.body;
  }
  throw new Error('too many redirects');
}

/** Fills the provider's sign-in form (oidc-provider's development interactions) as the citizen. */
const signInForm = (login: string) => (html: string, at: URL) => {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
  if (!action || !prompt) return undefined;
  const body = new URLSearchParams({ prompt });
  if (prompt === 'login') {
    body.set('login', login);
    body.set('password', 'any');
  }
  return { action: new URL(action.replace(/&amp;/g, '&'), at), body };
};

/** A citizen signs in through the gateway: the gateway's citizen token from the final redirect's fragment. */
export async function citizenToken(gatewayUrl: string, who: CitizenLogin): Promise<string> {
  const end = await browse(new URL('/api/v1/auth/oidc/login?returnTo=/my', gatewayUrl), new CookieJar(), (u) => u.origin === new URL(gatewayUrl).origin && u.pathname === '/my', signInForm(CITIZENS[who].login));
  const token = new URLSearchParams(end.hash.slice(1)).get('citizen_token');
  if (!token) throw new Error(`sign-in ended without a token: ${end.href}`);
  return token;
}

/** The ID token the identity platform gives a portal (its own client) for a citizen: what the portal presents to the gateway. */
export async function portalIdToken(issuer: string, who: CitizenLogin): Promise<string> {
  const redirectUri = 'http://127.0.0.1:9/api/v1/auth/oidc/callback';
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const auth = new URL(`${issuer}/auth`);
  for (const [k, v] of Object.entries({ client_id: PORTAL_CLIENT.clientId, response_type: 'code', scope: 'openid profile', redirect_uri: redirectUri, state: randomUUID(), nonce: randomUUID(), code_challenge: challenge, code_challenge_method: 'S256' })) auth.searchParams.set(k, v);
  const end = await browse(auth, new CookieJar(), (u) => u.href.startsWith(redirectUri), signInForm(CITIZENS[who].login));
  const code = end.searchParams.get('code');
  if (!code) throw new Error(`no code: ${end.href}`);
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${PORTAL_CLIENT.clientId}:${PORTAL_CLIENT.clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  const tokens = (await res.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error(`no ID token: ${JSON.stringify(tokens)}`);
  return tokens.id_token;
}

/** A channel's key pair: the public JWK the registry registers, the private key the channel signs with. */
export async function channelKeys(): Promise<{ publicJwk: Record<string, unknown>; privateKey: KeyLike }> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  return { publicJwk: { ...(await exportJWK(publicKey)), alg: 'ES256' }, privateKey };
}

/** An RFC 7523 client assertion for the gateway's token endpoint. */
export function clientAssertion(privateKey: KeyLike, accountId: string, audience: string, opts: { jti?: string; ttlSeconds?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(accountId)
    .setSubject(accountId)
    .setAudience(audience)
    .setJti(opts.jti ?? randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.ttlSeconds ?? 120))
    .sign(privateKey);
}

/** Exchanges a client assertion for a channel's access token (form-encoded, as OAuth 2 clients send it). */
export async function channelToken(gatewayUrl: string, assertion: string): Promise<Response> {
  return fetch(`${gatewayUrl}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
  });
}
