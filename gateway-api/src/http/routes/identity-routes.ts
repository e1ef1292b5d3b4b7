import { z } from 'zod';
import * as S from '@estate-ledger/api-schemas';
import { APPLIED_FOR_TYPES, zDistrict } from '@estate-ledger/chaincode';
import { ChannelAccounts, type PublicJwk } from '../../auth/channel-accounts';
import { CitizenIdentityError, type CitizenLogin } from '../../auth/citizen-login';
import { CLIENT_ASSERTION_TYPE, ClientAssertionError, verifyClientAssertion } from '../../auth/client-assertion';
import { CHANNEL_TYPES } from '../../auth/principal';
import { TokenService, TOKEN_ISSUER } from '../../auth/token-service';
import type { Clock } from '../../register-clock';
import { APPLICANT, PUBLIC, scope } from '../access-policy';
import { ApiError } from '../api-error';
import type { Authenticator } from '../authenticator';
import { route, type AnyRoute } from '../route-spec';

const TOKEN_PATH = '/api/v1/oauth/token';
const CALLBACK_PATH = '/api/v1/auth/oidc/callback';
const LOGIN_COOKIE = 'el_oidc_login';
/** Where a citizen lands after signing in, unless the explorer asked for another page. */
const DEFAULT_RETURN = '/my';

const zPublicJwk = z
  .looseObject({ kty: z.enum(['RSA', 'EC', 'OKP']), alg: z.enum(['RS256', 'PS256', 'ES256', 'EdDSA']) })
  .refine((k) => !('d' in k), { message: 'must be a public key: a private key (d) is never sent to the registry', path: ['d'] })
  .meta({ description: 'The public key (JWK, with alg) that checks the channel\'s client assertions' });

const zScopes = {
  businessTypes: z.array(z.enum(APPLIED_FOR_TYPES)).min(1).max(APPLIED_FOR_TYPES.length),
  districts: z.array(zDistrict).min(1).max(50),
};
const zAccountId = z.strictObject({ accountId: z.string().regex(/^ch-[0-9a-f-]{36}$/, 'must be a channel account id (ch-…)') });
/** A same-site path only: the login never redirects a browser to another site. */
const zReturnTo = z.string().regex(/^\/(?![/\\])[\w\-./?=&%#~]*$/, 'must be a path of this site, e.g. /my').max(300);

const cookieOf = (header: string | undefined, name: string) =>
  header
    ?.split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === name)?.[1];

export interface IdentityRouteDeps {
  channels: ChannelAccounts;
  tokens: TokenService;
  authenticator: Authenticator;
  citizens: CitizenLogin | undefined;
  publicUrl: string | undefined;
  clock: Clock;
}

/** Channel accounts (registry admin), the OAuth 2 token endpoint for channels, and citizens' OpenID login. */
export function identityRoutes(d: IdentityRouteDeps): AnyRoute[] {
  const base = (req: { protocol: string; get(h: string): string | undefined }) => d.publicUrl ?? `${req.protocol}://${req.get('host')}`;
  const citizens = () => {
    if (!d.citizens) throw new ApiError(503, 'CITIZEN_LOGIN_UNAVAILABLE', 'No identity platform is configured (OIDC_ISSUER)');
    return d.citizens;
  };
  const admin = (c: { principal: Parameters<ChannelAccounts['create']>[1] | undefined }) => {
    if (!c.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
    return c.principal;
  };
  return [
    route<Record<string, never>, Record<string, never>, { name: string; channelType: S.ChannelAccount['channelType']; businessTypes: S.ChannelAccount['businessTypes']; districts: string[]; publicJwk?: PublicJwk }>({
      operationId: 'createChannelAccount', method: 'post', path: '/admin/channels', tag: 'Channels', summary: 'Create a channel account for a bank, developer, broker, registration agent or portal; its API key is shown once', access: scope('channels.manage'),
      body: z.strictObject({ name: z.string().trim().min(2).max(100), channelType: z.enum(CHANNEL_TYPES), ...zScopes, publicJwk: zPublicJwk.optional() }),
      response: { status: 201, description: 'Created, with its API key', schema: S.zChannelCredentials },
      handle: async (c) => ({ status: 201, body: await d.channels.create(c.body, admin(c), c.requestId) }),
    }),
    route({
      operationId: 'listChannelAccounts', method: 'get', path: '/admin/channels', tag: 'Channels', summary: 'Every channel account', access: scope('channels.manage'),
      response: { status: 200, description: 'Accounts', schema: S.zChannelAccountList },
      handle: async () => ({ body: { items: await d.channels.list() } }),
    }),
    route<{ accountId: string }>({
      operationId: 'getChannelAccount', method: 'get', path: '/admin/channels/{accountId}', tag: 'Channels', summary: 'One channel account', access: scope('channels.manage'),
      params: zAccountId, response: { status: 200, description: 'Account', schema: S.zChannelAccount },
      handle: async (c) => ({ body: await d.channels.get(c.params.accountId) }),
    }),
    route<{ accountId: string }, Record<string, never>, { businessTypes: S.ChannelAccount['businessTypes']; districts: string[] }>({
      operationId: 'setChannelScopes', method: 'post', path: '/admin/channels/{accountId}/scopes', tag: 'Channels', summary: 'Set the business types and districts a channel may file', access: scope('channels.manage'),
      params: zAccountId, body: z.strictObject(zScopes), response: { status: 200, description: 'Account', schema: S.zChannelAccount },
      handle: async (c) => ({ body: await d.channels.setScopes(c.params.accountId, c.body, admin(c), c.requestId) }),
    }),
    route<{ accountId: string }, Record<string, never>, { publicJwk?: PublicJwk }>({
      operationId: 'rotateChannelCredentials', method: 'post', path: '/admin/channels/{accountId}/credentials', tag: 'Channels', summary: 'Rotate credentials: a new API key (the old one stops at once) and optionally a new client-assertion key', access: scope('channels.manage'),
      params: zAccountId, body: z.strictObject({ publicJwk: zPublicJwk.optional() }), response: { status: 200, description: 'The new API key, shown once', schema: S.zChannelCredentials },
      handle: async (c) => ({ body: await d.channels.rotate(c.params.accountId, c.body.publicJwk, admin(c), c.requestId) }),
    }),
    route<{ accountId: string }, Record<string, never>, { reason: string }>({
      operationId: 'suspendChannel', method: 'post', path: '/admin/channels/{accountId}/suspend', tag: 'Channels', summary: 'Suspend a channel: its calls are refused with CHANNEL_SUSPENDED until it is reopened', access: scope('channels.manage'),
      params: zAccountId, body: z.strictObject({ reason: z.string().trim().min(2).max(300) }), response: { status: 200, description: 'Account', schema: S.zChannelAccount },
      handle: async (c) => ({ body: await d.channels.suspend(c.params.accountId, c.body.reason, admin(c), c.requestId) }),
    }),
    route<{ accountId: string }>({
      operationId: 'reopenChannel', method: 'post', path: '/admin/channels/{accountId}/reopen', tag: 'Channels', summary: 'Reopen a suspended channel', access: scope('channels.manage'),
      params: zAccountId, response: { status: 200, description: 'Account', schema: S.zChannelAccount },
      handle: async (c) => ({ body: await d.channels.reopen(c.params.accountId, admin(c), c.requestId) }),
    }),
    route<Record<string, never>, Record<string, never>, { grant_type: 'client_credentials'; client_assertion_type: string; client_assertion: string; client_id?: string }>({
      operationId: 'oauthToken', method: 'post', path: '/oauth/token', tag: 'Auth', formBody: true,
      summary: 'OAuth 2 client credentials for channels, authenticated by a signed client assertion (RFC 7523 private_key_jwt; aud = this endpoint\'s URL)', access: PUBLIC,
      body: z.strictObject({
        grant_type: z.literal('client_credentials'),
        client_assertion_type: z.literal(CLIENT_ASSERTION_TYPE),
        client_assertion: z.string().min(20).max(8000),
        client_id: z.string().max(64).optional(),
        scope: z.string().max(200).optional(),
      }),
      response: { status: 200, description: 'Access token', schema: S.zOAuthToken },
      handle: async (c) => {
        let account;
        try {
          account = await verifyClientAssertion(c.body.client_assertion, [`${base(c.req)}${TOKEN_PATH}`, TOKEN_ISSUER], d.channels, d.clock.now());
        } catch (err) {
          if (err instanceof ClientAssertionError) throw new ApiError(401, 'INVALID_CLIENT', err.message, 'client_assertion');
          throw err;
        }
        if (c.body.client_id && c.body.client_id !== account.accountId) throw new ApiError(401, 'INVALID_CLIENT', 'client_id differs from the assertion\'s issuer', 'client_id');
        const principal = d.authenticator.active(account);
        const issued = await d.tokens.issue(principal, d.clock.now());
        c.res.setHeader('Cache-Control', 'no-store');
        return { body: { access_token: issued.token, token_type: 'Bearer' as const, expires_in: Math.round((Date.parse(issued.expiresAt) - d.clock.now().getTime()) / 1000) } };
      },
    }),
    route<Record<string, never>, { returnTo?: string }>({
      operationId: 'beginCitizenLogin', method: 'get', path: '/auth/oidc/login', tag: 'Auth', summary: 'Citizen sign-in: redirects the browser to the identity platform (OpenID Connect, code flow with PKCE)', access: PUBLIC,
      query: z.strictObject({ returnTo: zReturnTo.optional() }),
      response: { status: 302, description: 'To the identity platform', schema: S.zRedirect, contentType: 'text/plain' },
      handle: async (c) => {
        const { url, sealed } = await citizens().begin(`${base(c.req)}${CALLBACK_PATH}`, c.query.returnTo ?? DEFAULT_RETURN, d.clock.now());
        c.res.cookie(LOGIN_COOKIE, sealed, { httpOnly: true, sameSite: 'lax', path: '/api/v1/auth/oidc', maxAge: 600_000, secure: c.req.protocol === 'https' });
        c.res.redirect(302, url);
        return undefined;
      },
    }),
    route({
      operationId: 'finishCitizenLogin', method: 'get', path: '/auth/oidc/callback', tag: 'Auth',
      summary: "The identity platform's redirect back: redeems the code and sends the browser to the explorer with the gateway's token in the URL fragment (never sent to a server)", access: PUBLIC,
      // The provider's parameters (code, state, iss, or error) are checked by openid-client.
      query: z.object({}),
      response: { status: 302, description: 'To the explorer: #citizen_token=…&expires_at=…, or #login_error=…', schema: S.zRedirect, contentType: 'text/plain' },
      handle: async (c) => {
        c.res.clearCookie(LOGIN_COOKIE, { path: '/api/v1/auth/oidc' });
        try {
          const { citizen, returnTo } = await citizens().finish(new URL(c.req.originalUrl, base(c.req)), cookieOf(c.req.headers.cookie, LOGIN_COOKIE), d.clock.now());
          const issued = await d.tokens.issue(citizen, d.clock.now());
          c.res.redirect(302, `${returnTo}#citizen_token=${encodeURIComponent(issued.token)}&expires_at=${encodeURIComponent(issued.expiresAt)}`);
        } catch (err) {
          if (!(err instanceof CitizenIdentityError)) throw err;
          c.req.log?.warn({ reason: err.message }, 'citizen login refused');
          c.res.redirect(302, `${DEFAULT_RETURN}#login_error=${encodeURIComponent(err.message)}`);
        }
        return undefined;
      },
    }),
    route({
      operationId: 'whoAmIApplicant', method: 'get', path: '/applicant/identity', tag: 'Applicants', summary: 'The calling applicant: a citizen, or a channel and the citizen it acts for', access: APPLICANT,
      response: { status: 200, description: 'Applicant', schema: S.zApplicant },
      // The authenticator read a channel's account for this request: its scopes are current.
      handle: async (c) => ({ body: c.applicant }),
    }),
  ];
}
