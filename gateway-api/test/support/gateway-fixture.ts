import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { loadConfig } from '../../src/config/gateway-config';
import { routeMayWarn } from '../../src/http/response-schemas';
import type { Clock } from '../../src/register-clock';
import { startGateway, type RunningGateway } from '../../src/server';
import { expectedResponse, responseProblems } from './response-check';
import { freshPostgres, type TestDatabase } from './test-database';

export type Engine = 'postgres' | 'pglite';
export const ENGINES: Engine[] = ['postgres', 'pglite'];

export interface HttpResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A real gateway on a free port: embedded ledger in a temp dir, the real PostgreSQL or PGlite. */
export class GatewayFixture {
  private constructor(
    readonly gw: RunningGateway,
    private readonly dir: string,
    private readonly database?: TestDatabase,
  ) {}

  /** `opts.logger` receives the gateway's log (silent by default); `opts.clock` replaces the register clock (ledger timestamps included). */
  static async start(engine: Engine, env: Record<string, string> = {}, opts: { logger?: Logger; clock?: Clock } = {}): Promise<GatewayFixture> {
    const dir = await mkdtemp(join(tmpdir(), 'estate-gw-'));
    const database = engine === 'postgres' ? await freshPostgres() : undefined;
    if (database) await database.db.close();
    const config = loadConfig({ DATA_DIR: dir, PORT: '0', PUBLIC_RATE_LIMIT: '0', LOG_LEVEL: 'silent', ...(database?.url ? { DATABASE_URL: database.url } : {}), ...env });
    const gw = await startGateway(config, { logger: opts.logger ?? pino({ level: 'silent' }), clock: opts.clock });
    return new GatewayFixture(gw, dir, database);
  }

  /** `operationId status` of every answer checked against the document so far. */
  readonly answered = new Set<string>();

  get url(): string {
    return this.gw.url;
  }

  /** The demo API key of an organisation and role (district 511702 unless given). */
  key(msp: string, role: string, district = '511702'): string {
    const a = this.gw.demoAccounts?.find((x) => x.msp === msp && x.role === role && x.districts.includes(district));
    if (!a) throw new Error(`no demo account ${msp}/${role} in ${district}`);
    return a.apiKey;
  }

  /**
   * One HTTP request. Every answer is checked against the OpenAPI document (the route's response
   * schema, or the Error schema): a body the document does not describe fails the calling test.
   */
  async request<T = Record<string, unknown>>(method: string, path: string, opts: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string>; redirect?: 'manual' } = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.key) headers['x-api-key'] = opts.key;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    } else if (opts.raw !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(this.url + path, { method, headers, body, redirect: opts.redirect });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // non-JSON bodies (CSV, HTML) stay text
    }
    const expected = expectedResponse(this.gw.routes, routeMayWarn, method, path, res.status);
    const problems = expected ? responseProblems(expected, parsed) : [];
    if (problems.length) {
      throw new Error(`${method} ${path} answered ${res.status} with a body the OpenAPI document does not describe:\n  ${problems.slice(0, 20).join('\n  ')}\nbody: ${text.slice(0, 3000)}`);
    }
    if (expected) this.answered.add(`${expected.operationId} ${res.status}`);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  async close(): Promise<void> {
    await this.gw.close();
    await this.database?.drop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
