import { jwtVerify, SignJWT } from 'jose';
import { zPrincipal, type Principal } from './principal';

const ISSUER = 'estate-ledger-gateway';

/** Short-lived HS256 tokens carrying the principal, exchanged for an API key at /auth/token. */
export class TokenService {
  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlSeconds: number,
  ) {}

  async issue(p: Principal, now: Date): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ name: p.name, msp: p.msp, role: p.role, court: p.court, districts: p.districts })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(p.subject)
      .setIssuer(ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.secret);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The principal of a valid token, or undefined for a forged, expired or malformed one. */
  async verify(token: string, now: Date): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, algorithms: ['HS256'], currentDate: now });
      const parsed = zPrincipal.safeParse({ subject: payload.sub, name: payload.name, msp: payload.msp, role: payload.role, court: payload.court, districts: payload.districts });
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
