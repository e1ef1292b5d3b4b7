import type { IssuerKeySet } from '@estate-ledger/api-schemas';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { warningsOf } from '@estate-ledger/chaincode';
import { pinoHttp } from 'pino-http';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import type { Logger } from 'pino';
import { AuditLog } from '../audit/audit-log';
import { isApplicant, isStaff, type Principal } from '../auth/principal';
import type { GatewayConfig } from '../config/gateway-config';
import { isAllowed } from './access-policy';
import { ApiError, toApiError } from './api-error';
import { Authenticator } from './authenticator';
import { HEADER_REDACTION, redactUrl } from './log-redaction';
import { parseUpload, type UploadedFile } from './multipart-upload';
import { RateLimiter } from './rate-limiter';
import type { AnyRoute } from './route-spec';
import { bodyWithWarnings, warningHeader } from './warnings';

export interface AppDeps {
  config: GatewayConfig;
  logger: Logger;
  routes: AnyRoute[];
  authenticator: Authenticator;
  audit: AuditLog;
  rateLimiter: RateLimiter;
  openApi: Record<string, unknown>;
  health(): Promise<{ status: 'UP' | 'DEGRADED'; [k: string]: unknown }>;
  metrics(): Promise<string>;
  /** The registry offices' public seal keys, served at the well-known address verifiers look for. */
  jwks(): IssuerKeySet;
}

type Locals = { principal?: Principal; requestId: string };
const locals = (res: Response) => res.locals as Locals;

export const clientIp = (req: { socket: { remoteAddress?: string } }) => req.socket.remoteAddress ?? 'unknown';

function sendError(res: Response, err: ApiError): void {
  if (err.status === 429) res.setHeader('Retry-After', '1');
  // Warnings describe accepted input; a refused request has none.
  res.removeHeader('Warning');
  res.status(err.status).json({ error: { code: err.code, message: err.message, field: err.field, rule: err.rule, requestId: locals(res).requestId } });
}

const warningsIn = (schema: Parameters<typeof warningsOf>[0] | undefined, input: unknown) => (schema ? warningsOf(schema, input) : []);

function swaggerUiPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Estate Ledger API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#ui' });</script></body></html>`;
}

const callerLabel = (p: Principal) => (p.kind === 'staff' ? `${p.msp}/${p.role}` : p.kind === 'channel' ? `channel ${p.subject} (${p.channelType})` : 'a citizen');

/** The express application: logging, audit, authentication, the route list, docs and the explorer. */
export function createApp(d: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  const requestIdOf = (req: IncomingMessage, res: ServerResponse): string => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  };
  if (d.logger.isLevelEnabled('fatal')) {
    app.use(
      pinoHttp({
        logger: d.logger,
        genReqId: requestIdOf,
        customProps: (_req, res) => ({ principal: (res as Response).locals?.principal?.subject }),
        // Bodies may hold names and ID numbers: never logged. Credentials in the query or headers are redacted.
        serializers: { req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }) },
        redact: HEADER_REDACTION,
      }),
    );
  } else {
    // LOG_LEVEL=silent: no request logger is built for every request, only its id.
    app.use((req: Request, res: Response, next: NextFunction) => {
      req.id = requestIdOf(req, res);
      next();
    });
  }

  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    locals(res).requestId = String(req.id);
    // 'close', not 'finish': a stream the client disconnects from (SSE) never finishes, and is audited too.
    res.on('close', () => {
      const p = locals(res).principal;
      const staff = isStaff(p) ? p : undefined;
      d.audit.record({
        kind: 'REQUEST', actor: p?.subject ?? 'anonymous', msp: staff?.msp, role: staff?.role ?? (p && p.kind !== 'staff' ? p.kind : undefined), district: p && 'districts' in p ? p.districts.join(',') : undefined,
        method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6, requestId: String(req.id), clientIp: clientIp(req),
      });
    });
    next();
  });

  // Also under /api/v1, where clients that know only the API's base URL look for it.
  app.get(['/health', '/api/v1/health'], async (_req, res) => {
    const h = await d.health();
    res.status(h.status === 'UP' ? 200 : 503).json(h);
  });
  app.get('/metrics', async (_req, res) => {
    res.type('text/plain; version=0.0.4').send(await d.metrics());
  });
  app.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(d.jwks());
  });
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(d.openApi);
  });
  app.get('/api/docs', (_req, res) => {
    res.type('html').send(swaggerUiPage());
  });
  app.use('/api/docs/assets', express.static(getAbsoluteFSPath(), { index: false }));

  const api = express.Router();
  api.use(express.json({ limit: d.config.bodyLimitBytes, strict: true }));
  const formBody = express.urlencoded({ extended: false, limit: d.config.bodyLimitBytes });
  for (const r of d.routes) {
    const expressPath = r.path.replace(/\{(\w+)\}/g, ':$1');
    const parsers = r.formBody ? [formBody] : [];
    api[r.method](expressPath, ...parsers, async (req: Request, res: Response, next: NextFunction) => {
      try {
        if (r.access.kind === 'public') {
          const wait = d.rateLimiter.take(clientIp(req), Date.now());
          if (wait > 0) throw new ApiError(429, 'RATE_LIMITED', `Too many requests; retry in ${wait}s`);
        }
        const query = { ...(req.query as Record<string, unknown>) };
        const queryToken = r.queryToken && typeof query.access_token === 'string' ? query.access_token : undefined;
        if (r.queryToken) delete query.access_token;
        const principal = await d.authenticator.principalOf(req, queryToken);
        locals(res).principal = principal;
        if (!isAllowed(r.access, principal)) {
          throw principal ? new ApiError(403, 'FORBIDDEN', `${callerLabel(principal)} may not call ${r.operationId}`) : new ApiError(401, 'UNAUTHENTICATED', 'Authentication required: X-API-Key or Authorization: Bearer');
        }
        const params = r.params ? r.params.parse(req.params) : {};
        const parsedQuery = r.query ? r.query.parse(query) : {};
        if (!r.query && Object.keys(query).length) throw new ApiError(400, 'VALIDATION_FAILED', `${Object.keys(query)[0]}: unknown query parameter`, Object.keys(query)[0], 'UNRECOGNIZED_KEYS');
        let files: UploadedFile[] = [];
        let rawBody: unknown = req.body;
        if (r.upload) ({ metadata: rawBody, files } = await parseUpload(req, { maxFileBytes: d.config.documentMaxBytes, maxFiles: d.config.documentMaxFiles }));
        // Async: a body schema may check a large body a slice at a time (channel batches).
        const body = r.body ? await r.body.parseAsync(rawBody ?? {}) : undefined;
        // Set before the handler runs: handlers that write their own response carry the header too.
        const warnings = [...warningsIn(r.params, req.params), ...warningsIn(r.query, query), ...warningsIn(r.body, rawBody)];
        if (warnings.length) res.setHeader('Warning', warningHeader(warnings));
        const out = await r.handle({ principal: isStaff(principal) ? principal : undefined, applicant: isApplicant(principal) ? principal : undefined, params: params as never, query: parsedQuery as never, body: body as never, files, requestId: String(req.id), req, res });
        if (out) res.status(out.status ?? r.response.status).json(bodyWithWarnings(out.body, warnings));
      } catch (err) {
        next(err);
      }
    });
  }
  api.use((req: Request, _res: Response, next: NextFunction) => next(new ApiError(404, 'NO_SUCH_ROUTE', `No route ${req.method} ${req.originalUrl.split('?')[0]}`)));
  app.use('/api/v1', api);

  if (existsSync(join(d.config.explorerDir, 'index.html'))) {
    app.use(express.static(d.config.explorerDir, { index: 'index.html' }));
    // `root` keeps send's dotfile check to the relative part: the checkout itself may sit under a dot-folder.
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile('index.html', { root: d.config.explorerDir }));
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    void _next;
    const e = toApiError(err);
    if (e.status >= 500) req.log?.error({ err }, 'request failed');
    if (res.headersSent) return;
    sendError(res, e);
  });
  return app;
}
