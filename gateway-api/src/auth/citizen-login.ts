import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type * as OpenId from 'openid-client';
import { importEsm } from '../esm-import';
import type { CitizenPrincipal } from './principal';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claims that carry the verified name and ID number (they differ between identity platforms). */
  nameClaim: string;
  idNumberClaim: string;
  /** Client ids of portals whose citizens' ID tokens the gateway accepts besides its own. */
  portalAudiences: string[];
}

/** Why a citizen identity was refused. */
export class CitizenIdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CitizenIdentityError';
  }
}

const PENDING_TTL_SECONDS = 600;
const PENDING_ISSUER = 'estate-ledger-gateway/oidc-login';

/** A login under way: what the callback must check, sealed in a cookie so any gateway instance can finish it. */
interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

/**
 * The gateway as an OpenID Connect relying party of the unified identity platform: the
 * authorization code flow with PKCE (openid-client) for a citizen in the browser, and the check
 * of an ID token a portal presents for the citizen it acts for.
 */
export class CitizenLogin {
  private configuration?: Promise<OpenId.Configuration>;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly settings: OidcSettings,
    private readonly sealKey: Uint8Array,
  ) {}

  /** Discovery happens at first use, so the gateway starts while the identity platform is away. */
  private async client(): Promise<{ oidc: typeof OpenId; config: OpenId.Configuration }> {
    const oidc = await importEsm<typeof OpenId>('openid-client');
    this.configuration ??= (async () => {
      const url = new URL(this.settings.issuer);
      // Plain http only for a provider on this machine (the local development provider).
      const local = url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      return oidc.discovery(url, this.settings.clientId, this.settings.clientSecret, undefined, local ? { execute: [oidc.allowInsecureRequests] } : undefined);
    })().catch((err: unknown) => {
      this.configuration = undefined;
      throw err;
    });
    return { oidc, config: await this.configuration };
  }

  /** The identity platform's sign-in URL and the sealed pending login to keep in a cookie. */
  async begin(redirectUri: string, returnTo: string, now: Date): Promise<{ url: string; sealed: string }> {
    const { oidc, config } = await this.client();
    const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), returnTo };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    const iat = Math.floor(now.getTime() / 1000);
    const sealed = await new SignJWT({ ...pending }).setProtectedHeader({ alg: 'HS256' }).setIssuer(PENDING_ISSUER).setIssuedAt(iat).setExpirationTime(iat + PENDING_TTL_SECONDS).sign(this.sealKey);
    return { url: url.href, sealed };
  }

  /** Redeems the code of the callback URL: the citizen and where the browser goes next. */
  async finish(callbackUrl: URL, sealed: string | undefined, now: Date): Promise<{ citizen: CitizenPrincipal; returnTo: string }> {
    if (!sealed) throw new CitizenIdentityError('No login is under way in this browser (the login cookie is missing or expired)');
    let pending: PendingLogin;
    try {
      const { payload } = await jwtVerify(sealed, this.sealKey, { issuer: PENDING_ISSUER, algorithms: ['HS256'], currentDate: now });
      pending = payload as unknown as PendingLogin;
    } catch {
      throw new CitizenIdentityError('The login cookie is invalid or expired; sign in again');
    }
    const { oidc, config } = await this.client();
    let claims: JWTPayload | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
      claims = tokens.claims();
    } catch (err) {
      throw new CitizenIdentityError(`The identity platform's answer was refused: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { citizen: this.citizenOf(claims ?? {}), returnTo: pending.returnTo };
  }

  /**
   * The citizen a portal acts for, from the ID token the identity platform issued to that portal
   * (or to the gateway): signature by the platform's keys, issuer, audience and expiry are checked.
   */
  async citizenOfIdToken(idToken: string, now: Date): Promise<CitizenPrincipal> {
    const { config } = await this.client();
    const meta = config.serverMetadata();
    if (!meta.jwks_uri) throw new CitizenIdentityError('The identity platform publishes no signing keys (jwks_uri)');
    this.jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri));
    try {
      const { payload } = await jwtVerify(idToken, this.jwks, { issuer: meta.issuer, audience: [this.settings.clientId, ...this.settings.portalAudiences], currentDate: now, requiredClaims: ['sub', 'exp', 'iat'] });
      return this.citizenOf(payload);
    } catch (err) {
      if (err instanceof CitizenIdentityError) throw err;
      throw new CitizenIdentityError(`The citizen's ID token was refused: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private citizenOf(claims: JWTPayload): CitizenPrincipal {
    const name = claims[this.settings.nameClaim];
    const idNumber = claims[this.settings.idNumberClaim];
    if (typeof claims.sub !== 'string' || typeof name !== 'string' || !name || typeof idNumber !== 'string' || !idNumber) {
      throw new CitizenIdentityError(`The identity platform did not assert a verified name (${this.settings.nameClaim}) and ID number (${this.settings.idNumberClaim})`);
    }
    return { kind: 'citizen', subject: `citizen:${claims.sub}`, name, idNumber: idNumber.toUpperCase() };
  }
}
