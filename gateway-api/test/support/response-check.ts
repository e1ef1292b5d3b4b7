import { zErrorBody, zWarnings } from '@estate-ledger/api-schemas';
import type { z } from 'zod';
import { OPERATIONAL_ENDPOINTS } from '../../src/http/openapi';
import type { AnyRoute } from '../../src/http/route-spec';

/**
 * Checks a real response against what the OpenAPI document declares for it: the success body
 * against the route's response schema, any error against the Error schema. Fields the schema does
 * not declare count as wrong too (the document says `additionalProperties: false`), so a schema
 * that forgets a field fails here rather than misleading an integrator.
 */

interface Expected {
  /** The operation answering (an error body is checked under the operation too). */
  operationId: string;
  schema: z.ZodType;
  json: boolean;
  /** A JSON object body of this route may carry `warnings` beside its fields. */
  warnings: boolean;
}

const pattern = (path: string) => new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`);
const isJson = (contentType: string | undefined) => (contentType ?? 'application/json') === 'application/json';

/** What the document says this method, path and status answer; undefined when it says nothing (not an API path). */
export function expectedResponse(routes: AnyRoute[], mayWarn: (r: AnyRoute) => boolean, method: string, path: string, status: number): Expected | undefined {
  const bare = path.split('?')[0];
  const op = OPERATIONAL_ENDPOINTS.find((e) => e.path === bare);
  if (op && method === 'GET') {
    const r = op.responses.find((x) => x.status === status);
    return r && { operationId: op.operationId, schema: r.schema, json: isJson(r.contentType), warnings: false };
  }
  if (!bare.startsWith('/api/v1/') || bare === '/api/v1/openapi.json') return undefined;
  // Express serves the first route that matches: the same order here.
  const r = routes.find((x) => x.method === method.toLowerCase() && pattern(`/api/v1${x.path}`).test(bare));
  if (r && (status === r.response.status || (status === 503 && r.response.unavailable))) {
    return { operationId: r.operationId, schema: r.response.schema, json: isJson(r.response.contentType), warnings: mayWarn(r) && !r.response.verbatim };
  }
  return status >= 400 ? { operationId: r?.operationId ?? 'NO_SUCH_ROUTE', schema: zErrorBody, json: true, warnings: false } : undefined;
}

/** Paths (a.b.0.c) of the fields in `given` that `parsed` lost: the schema does not declare them. */
function undeclared(given: unknown, parsed: unknown, at = ''): string[] {
  if (Array.isArray(given) && Array.isArray(parsed)) return given.flatMap((g, i) => undeclared(g, parsed[i], `${at}${i}.`));
  if (given && typeof given === 'object' && parsed && typeof parsed === 'object') {
    return Object.entries(given).flatMap(([k, v]) =>
      k in parsed ? undeclared(v, (parsed as Record<string, unknown>)[k], `${at}${k}.`) : v === undefined ? [] : [`${at}${k}`],
    );
  }
  return [];
}

/** Why the body does not match the document; [] when it does. */
export function responseProblems(expected: Expected, body: unknown): string[] {
  if (!expected.json) return typeof body === 'string' ? [] : ['a text body was declared, JSON came'];
  let value = body;
  const problems: string[] = [];
  if (expected.warnings && value && typeof value === 'object' && !Array.isArray(value) && 'warnings' in value) {
    const { warnings, ...rest } = value as Record<string, unknown>;
    const w = zWarnings.safeParse(warnings);
    if (!w.success) problems.push(...w.error.issues.map((i) => `warnings.${i.path.join('.')}: ${i.message}`));
    value = rest;
  }
  const parsed = expected.schema.safeParse(value);
  if (!parsed.success) return [...problems, ...parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)];
  return [...problems, ...undeclared(value, parsed.data).map((p) => `${p}: not declared in the schema`)];
}
