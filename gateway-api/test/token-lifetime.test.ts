import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, type JWTPayload } from 'jose';
import { loadConfig } from '../src/config/gateway-config';
import { GatewayFixture } from './support/gateway-fixture';

jest.setTimeout(60_000);

const HOUR = 3600;
const YEAR = 365 * 24 * HOUR;

/** Finding 3.3: a token signed with the gateway's own secret must still have a bounded lifetime. */
describe('token lifetime bound', () => {
  let fx: GatewayFixture;
  let claims: JWTPayload;

  beforeAll(async () => {
    fx = await GatewayFixture.start('pglite');
    const a = fx.gw.demoAccounts!.find((x) => x.msp === 'RegistryMSP' && x.role === 'clerk')!;
    claims = { sub: a.subject, name: a.name, msp: a.msp, role: a.role, districts: a.districts };
  });
  afterAll(async () => fx?.close());

  /** A token as an attacker holding the secret (or a careless issuer) would mint it; undefined leaves a claim out. */
  function sign(t: { iat?: number; exp?: number }, secret: Uint8Array = fx.gw.config.jwtSecret): Promise<string> {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('estate-ledger-gateway');
    if (t.iat !== undefined) jwt.setIssuedAt(t.iat);
    if (t.exp !== undefined) jwt.setExpirationTime(t.exp);
    return jwt.sign(secret);
  }
  const now = () => Math.floor(Date.now() / 1000);
  const me = (token: string) => fx.request<{ error: Record<string, unknown> }>('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } });

  it('accepts its own tokens and any of up to the maximum lifetime (8 h by default)', async () => {
    expect(fx.gw.config.jwtMaxTtlSeconds).toBe(8 * HOUR);
    const issued = await fx.request<{ token: string }>('POST', '/api/v1/auth/token', { body: { apiKey: fx.key('RegistryMSP', 'clerk') } });
    expect((await me(issued.body.token)).status).toBe(200);
    const t = now();
    expect((await me(await sign({ iat: t, exp: t + 8 * HOUR }))).status).toBe(200);
  });

  it.each([
    ['a 100-year token', () => ({ iat: now(), exp: now() + 100 * YEAR })],
    ['one second over the maximum', () => ({ iat: now(), exp: now() + 8 * HOUR + 1 })],
    ['a token without exp', () => ({ iat: now() })],
    ['a token without iat', () => ({ exp: now() + HOUR })],
    ['a token issued in the future', () => ({ iat: now() + 100 * YEAR, exp: now() + 100 * YEAR + HOUR })],
    ['a token issued 9 h ago that is still unexpired', () => ({ iat: now() - 9 * HOUR, exp: now() + HOUR })],
  ])('refuses %s with 401 TOKEN_LIFETIME_TOO_LONG', async (_what, times) => {
    const res = await me(await sign(times()));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'TOKEN_LIFETIME_TOO_LONG', message: expect.stringContaining('28800 s'), field: 'Authorization', requestId: expect.any(String) } });
  });

  it('refuses a long-lived token on the event stream too', async () => {
    const token = await sign({ iat: now(), exp: now() + 100 * YEAR });
    const res = await fx.request<{ error: { code: string } }>('GET', `/api/v1/stream?access_token=${token}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_LIFETIME_TOO_LONG');
  });

  it('still answers INVALID_TOKEN for expired and forged tokens (a forger learns nothing about the bound)', async () => {
    const expired = await me(await sign({ iat: now() - 2 * HOUR, exp: now() - HOUR }));
    expect(expired.body.error).toMatchObject({ code: 'INVALID_TOKEN' });
    const forged = await me(await sign({ iat: now(), exp: now() + 100 * YEAR }, Buffer.alloc(32, 7)));
    expect(forged.status).toBe(401);
    expect(forged.body.error).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('takes the bound from JWT_MAX_TTL_SECONDS, and refuses an issuing TTL above it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'estate-config-'));
    try {
      expect(loadConfig({ DATA_DIR: dir, JWT_MAX_TTL_SECONDS: '600', JWT_TTL_SECONDS: '600' }).jwtMaxTtlSeconds).toBe(600);
      expect(() => loadConfig({ DATA_DIR: dir, JWT_MAX_TTL_SECONDS: '600' })).toThrow('JWT_TTL_SECONDS (3600) must not exceed JWT_MAX_TTL_SECONDS (600)');
      expect(() => loadConfig({ DATA_DIR: dir, JWT_TTL_SECONDS: '86400' })).toThrow('JWT_TTL_SECONDS (86400) must not exceed JWT_MAX_TTL_SECONDS (28800)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
