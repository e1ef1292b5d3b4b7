import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuditLog } from '../audit/audit-log';
import { statusUnknownBody, VerificationQuery } from '../read-model/verification-query';
import { RateLimiter } from './rate-limiter';

const PREFIX = '/api/v1/verify/';
const HASH = /^[0-9a-f]{64}$/;

/**
 * The public verify-by-hash route, answered before express sees the request: it is the hottest
 * route and the one exposed to everyone. Like the express route, it reads upper-case hex as lower
 * case and ignores the query string (QR links carry parameters of their own, e.g. ?src=qr&v=1).
 * Anything that is not a plain well-formed GET falls through to express, whose route (same
 * semantics) reports the input error.
 */
export function verifyFastPath(d: { verification: VerificationQuery; rateLimiter: RateLimiter; audit: AuditLog }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    if (req.method !== 'GET' || !url.startsWith(PREFIX)) return false;
    const query = url.indexOf('?', PREFIX.length);
    const path = query < 0 ? url : url.slice(0, query);
    if (path.length !== PREFIX.length + 64) return false;
    const hash = path.slice(PREFIX.length).toLowerCase();
    if (!HASH.test(hash)) return false;
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const ip = req.socket.remoteAddress ?? 'unknown';
    const finish = (status: number, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-request-id': requestId, ...extra });
      res.end(body);
      d.audit.record({ kind: 'REQUEST', actor: 'anonymous', method: 'GET', path: PREFIX + hash, status, durationMs: Number(process.hrtime.bigint() - started) / 1e6, requestId, clientIp: ip });
    };
    const wait = d.rateLimiter.take(ip, Date.now());
    if (wait > 0) {
      finish(429, JSON.stringify({ error: { code: 'RATE_LIMITED', message: `Too many requests; retry in ${wait}s`, requestId } }), { 'retry-after': String(wait) });
      return true;
    }
    d.verification.verify(hash).then(
      (r) => finish(r.unavailable ? 503 : 200, r.body, { 'x-cache': r.cached ? 'hit' : 'miss' }),
      () => finish(503, statusUnknownBody(new Date())),
    );
    return true;
  };
}
