import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { residentIdCheckChar } from '@estate-ledger/chaincode';
import { importEsm } from '../esm-import';

/** A person the local provider knows, with the verified name and ID number it asserts. */
export interface LocalCitizen {
  login: string;
  name: string;
  idNumber: string;
}

/** A relying party registered with the local provider (the gateway itself, a portal). */
export interface LocalIdpClient {
  clientId: string;
  clientSecret: string;
}

export interface LocalIdpOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  clients: LocalIdpClient[];
  citizens: LocalCitizen[];
  /** The claim that carries the ID number (the gateway reads the one it is configured with). */
  idNumberClaim?: string;
}

export interface LocalIdp {
  issuer: string;
  close(): Promise<void>;
}

/** What oidc-provider (ESM, untyped) offers that this module uses. */
interface OidcProviderModule {
  default: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
}
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  Client: { prototype: { redirectUriAllowed(uri: string): boolean } };
  Grant: new (init: { accountId: string; clientId: string }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
}

/** Any gateway on this machine may be redirected to: a development provider serves gateways on random ports. */
const LOOPBACK_CALLBACK = /^http:\/\/(127\.0\.0\.1|localhost):\d+\/api\/v1\/auth\/oidc\/callback$/;

const districtResidentId = (birth: string, seq: number) => {
  const first17 = `511702${birth}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
};

/** The people `npm run idp:dev` and `npm start` know when no citizens are configured. */
export const DEMO_CITIZENS: LocalCitizen[] = [
  { login: 'zhangsan', name: '张三丰', idNumber: districtResidentId('19850312', 11) },
  { login: 'lisi', name: '李四海', idNumber: districtResidentId('19900708', 23) },
];

/**
 * A real OpenID provider (`oidc-provider`) standing in for the unified identity platform
 * (统一身份认证) in development and tests: authorization code flow with PKCE, signed ID tokens
 * carrying `name` and the ID number claim. Its sign-in page (oidc-provider's development
 * interactions) accepts a known login with any password: it proves the flow, not the people.
 */
export async function startLocalIdp(opts: LocalIdpOptions): Promise<LocalIdp> {
  const idNumberClaim = opts.idNumberClaim ?? 'id_number';
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const issuer = `http://${opts.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  const { default: Provider } = await importEsm<OidcProviderModule>('oidc-provider');
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const byLogin = new Map(opts.citizens.map((c) => [c.login, c]));

  const provider = new Provider(issuer, {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: ['http://127.0.0.1/api/v1/auth/oidc/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'local-idp-1' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], profile: ['name', idNumberClaim] },
    // The verified name and ID number travel in the ID token itself, which a portal presents for its citizen.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    // A sign-in is short; sessions last a working hour; ID tokens only prove the moment of sign-in.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
    findAccount: async (_ctx: unknown, sub: string) => {
      const c = byLogin.get(sub);
      return c && { accountId: sub, claims: async () => ({ sub, name: c.name, [idNumberClaim]: c.idNumber }) };
    },
    // The identity platform's own relying parties need no consent screen.
    loadExistingGrant: async (ctx: { oidc: { client?: { clientId: string }; session?: { accountId?: string } } }) => {
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grant = new provider.Grant({ accountId, clientId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
  });
  const allowed = provider.Client.prototype.redirectUriAllowed;
  provider.Client.prototype.redirectUriAllowed = function (uri: string) {
    return LOOPBACK_CALLBACK.test(uri) || allowed.call(this, uri);
  };
  server.on('request', provider.callback());
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
