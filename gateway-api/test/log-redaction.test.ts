import pino from 'pino';
import { AuditLog } from '../src/audit/audit-log';
import { HEADER_REDACTION, REDACTED, redactUrl } from '../src/http/log-redaction';
import { GatewayFixture } from './support/gateway-fixture';

jest.setTimeout(60_000);

/** Finding 3.1: credentials sent in URLs or headers must not reach stdout or the audit log. */
describe('credentials in the logs', () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  let fx: GatewayFixture;
  let apiKey: string;

  beforeAll(async () => {
    fx = await GatewayFixture.start('pglite', {}, { logger });
    apiKey = fx.key('RegistryMSP', 'clerk');
  });
  afterAll(async () => fx?.close());

  const logged = () => lines.join('');
  const urlsLogged = () => lines.map((l) => (JSON.parse(l) as { req?: { url?: string } }).req?.url).filter((u): u is string => !!u);
  async function until(what: string, done: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
    if (!done()) throw new Error(`timed out waiting for ${what}`);
  }

  it('redacts API keys and JWTs in query strings and headers, in the request log, error bodies and audit log', async () => {
    const token = await fx.request<{ token: string }>('POST', '/api/v1/auth/token', { body: { apiKey } });
    expect(token.status).toBe(200);
    const jwt = token.body.token;
    const others = { APIKEY: 'upper-case-secret-1', Token: 'mixed-case-secret-2', key: 'plain-key-secret-3', secret: 'secret-secret-4', 'api_key[]': 'bracketed-secret-5' };
    const cookie = 'session-cookie-secret-6';

    // A key in the query is refused (only X-API-Key counts), but it has been sent and is logged.
    const refused = [`?apiKey=${apiKey}`, `?api_key=${apiKey}`, `?limit=5&access_token=${apiKey}&district=511702`, ...Object.entries(others).map(([n, v]) => `?${encodeURIComponent(n)}=${v}`)];
    for (const query of refused) {
      const res = await fx.request('GET', `/api/v1/units${query}`);
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain(apiKey);
    }
    const badToken = await fx.request('GET', '/api/v1/units', { headers: { authorization: `Bearer ${jwt}x` } });
    expect(badToken.status).toBe(401);
    expect(JSON.stringify(badToken.body)).not.toContain(jwt);

    expect((await fx.request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${jwt}`, cookie: `sid=${cookie}` } })).status).toBe(200);
    expect((await fx.request('GET', '/api/v1/me', { key: apiKey })).status).toBe(200);

    // The documented EventSource form: the JWT in ?access_token=.
    const abort = new AbortController();
    const stream = await fetch(`${fx.url}/api/v1/stream?access_token=${jwt}`, { signal: abort.signal });
    expect(stream.status).toBe(200);
    await stream.body!.getReader().read();
    abort.abort();
    await until('the stream request to be logged', () => urlsLogged().some((u) => u.startsWith('/api/v1/stream')));

    const text = logged();
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(jwt);
    for (const secret of [...Object.values(others), cookie]) expect(text).not.toContain(secret);
    const urls = urlsLogged();
    expect(urls).toEqual(expect.arrayContaining([
      `/api/v1/units?apiKey=${REDACTED}`,
      `/api/v1/units?api_key=${REDACTED}`,
      `/api/v1/units?limit=5&access_token=${REDACTED}&district=511702`,
      `/api/v1/units?APIKEY=${REDACTED}`,
      `/api/v1/units?Token=${REDACTED}`,
      `/api/v1/units?key=${REDACTED}`,
      `/api/v1/units?secret=${REDACTED}`,
      `/api/v1/units?api_key%5B%5D=${REDACTED}`,
      `/api/v1/stream?access_token=${REDACTED}`,
    ]));

    // The audit log keeps the path only.
    await fx.gw.container.resolve(AuditLog).flush();
    const audit = await fx.gw.db.query<{ path: string }>('SELECT path, detail FROM audit_log');
    expect(audit.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/v1/units', '/api/v1/stream', '/api/v1/auth/token']));
    const stored = JSON.stringify(audit);
    expect(stored).not.toContain(apiKey);
    expect(stored).not.toContain(jwt);
  });

  it('redacts credential headers wherever a log line holds headers', () => {
    const out: string[] = [];
    const headerLogger = pino({ redact: HEADER_REDACTION }, { write: (line: string) => void out.push(line) });
    headerLogger.info({ req: { headers: { authorization: 'Bearer abc.def.ghi', 'x-api-key': 'k-123', cookie: 'sid=1', accept: 'text/html' } }, res: { headers: { 'set-cookie': 'sid=2' } } });
    const entry = JSON.parse(out[0]) as { req: { headers: Record<string, string> }; res: { headers: Record<string, string> } };
    expect(entry.req.headers).toEqual({ authorization: REDACTED, 'x-api-key': REDACTED, cookie: REDACTED, accept: 'text/html' });
    expect(entry.res.headers).toEqual({ 'set-cookie': REDACTED });
  });

  it('leaves URLs without credentials as they are', () => {
    expect(redactUrl('/api/v1/units?limit=5&cursor=abc')).toBe('/api/v1/units?limit=5&cursor=abc');
    expect(redactUrl('/api/v1/units')).toBe('/api/v1/units');
    expect(redactUrl('/x?monkey=1&keys=2&%41PIKEY=3')).toBe(`/x?monkey=1&keys=2&%41PIKEY=${REDACTED}`);
  });
});
