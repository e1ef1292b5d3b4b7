import { errors, jwtVerify, SignJWT } from 'jose';
import { zAnyPrincipal, type Principal } from './principal';

/** The `iss` of the gateway's tokens; also an accepted `aud` of channels' client assertions. */
export const TOKEN_ISSUER = 'estate-ledger-gateway';

/** What a presented token is worth: a principal, or why it is refused. */
export type TokenCheck = { principal: Principal } | { refused: 'INVALID' | 'LIFETIME_TOO_LONG' };

/** Short-lived HS256 tokens carrying the principal: staff (for an API key), channels (for a client assertion), citizens (after OpenID login). */
export class TokenService {
  /** `maxTtlSeconds` bounds every accepted token's `exp - iat`, whoever signed it with our secret. */
  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlSeconds: number,
    readonly maxTtlSeconds: number,
  ) {}

  async issue(p: Principal, now: Date): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const { subject, ...claims } = p;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.secret);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /**
   * The principal of a valid token. A correctly signed token whose lifetime is unbounded (no
   * `iat` or `exp`), longer than the maximum, or issued in the future is refused as
   * LIFETIME_TOO_LONG; forged, expired or malformed ones as INVALID.
   */
  async verify(token: string, now: Date): Promise<TokenCheck> {
    try {
      // maxTokenAge requires `iat` and refuses one in the future, which `exp - iat` alone would let through.
      const { payload } = await jwtVerify(token, this.secret, { issuer: TOKEN_ISSUER, algorithms: ['HS256'], currentDate: now, requiredClaims: ['iat', 'exp'], maxTokenAge: this.maxTtlSeconds });
      // requiredClaims made jose check both are present and numeric.
      if (payload.exp! - payload.iat! > this.maxTtlSeconds) return { refused: 'LIFETIME_TOO_LONG' };
      const claims: Record<string, unknown> = { ...payload, subject: payload.sub };
      for (const registered of ['iss', 'sub', 'iat', 'exp']) delete claims[registered];
      const parsed = zAnyPrincipal.safeParse(claims);
      return parsed.success ? { principal: parsed.data } : { refused: 'INVALID' };
    } catch (err) {
      return { refused: unboundedLifetime(err) ? 'LIFETIME_TOO_LONG' : 'INVALID' };
    }
  }
}

/** jose checks the signature before the claims, so these come only from tokens signed with our secret. */
function unboundedLifetime(err: unknown): boolean {
  if (!(err instanceof errors.JWTClaimValidationFailed || err instanceof errors.JWTExpired)) return false;
  return err.claim === 'iat' || (err.claim === 'exp' && err.reason === 'missing');
}
