import { z } from 'zod';
import { zErrorBody, zHealth, zMetrics, zWarnings } from '@estate-ledger/api-schemas';
import { ACTION_PERMISSIONS, ORGANISATIONS, type MspId } from '@estate-ledger/chaincode';
import { READ_SCOPES } from './access-policy';
import { ERROR_CATALOGUE } from './error-catalogue';
import { routeMayWarn } from './response-schemas';
import type { AnyRoute } from './route-spec';

type JsonSchema = Record<string, unknown>;

/**
 * zod emits named schemas (`.meta({ id })`) under a local `$defs`; in OpenAPI they belong in
 * components.schemas, so they are moved there and the references rewritten.
 */
const relink = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(relink);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' ? x.replace('#/$defs/', '#/components/schemas/') : relink(x)]),
    );
  }
  return v;
};
type Components = Record<string, JsonSchema>;

const toSchema = (components: Components, s: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, $defs, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  void _drop;
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) components[name] = relink(def) as JsonSchema;
  return relink(rest) as JsonSchema;
};

/** Parameters of a path or query object schema, one OpenAPI parameter per property. */
function parameters(components: Components, schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(components, schema, 'input');
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s, ...(s.description ? { description: s.description } : {}) }));
}

/** The organisations and roles that may call a route: the same tables the router and the chaincode enforce. */
export function allowedRoles(r: AnyRoute): Array<{ organisation: MspId; role: string }> {
  if (r.access.kind === 'public' || r.access.kind === 'applicant') return [];
  const pairs: ReadonlyArray<readonly [MspId, string]> = r.access.kind === 'action' ? ACTION_PERMISSIONS[r.access.action] : READ_SCOPES[r.access.scope];
  return pairs.map(([organisation, role]) => ({ organisation, role }));
}

const APPLICANTS_TEXT = 'citizens signed in through the identity platform (OpenID Connect) and channel accounts (banks, developers, agents, portals; a suspended channel gets 403 CHANNEL_SUSPENDED)';

function accessText(r: AnyRoute): string {
  if (r.access.kind === 'public') return '**Access:** public, no authentication; rate-limited per client.';
  if (r.access.kind === 'applicant') return `**Access:** applicants: ${APPLICANTS_TEXT}; each sees only what is theirs (another applicant's record answers 404).`;
  const who = allowedRoles(r)
    .map((a) => `${a.organisation}/${a.role} (${ORGANISATIONS[a.organisation].name})`)
    .join(', ');
  const rule =
    r.access.kind === 'action'
      ? `ledger action \`${r.access.action}\` of the chaincode's permission table (the chaincode enforces it again), on records of the caller's districts`
      : `read scope \`${r.access.scope}\``;
  const applicants = r.access.kind === 'action' && r.access.applicants ? ` Applicants too (${APPLICANTS_TEXT}): the registry's gateway files for them and records who filed.` : '';
  return `**Access:** ${rule}. Allowed: ${who}. The same list is in \`x-allowed-roles\`.${applicants}`;
}

/** The gateway's endpoints outside /api/v1 that integrators and operators call, with their answers. */
export const OPERATIONAL_ENDPOINTS = [
  {
    path: '/health',
    operationId: 'getHealth',
    summary: 'Health: ledger height, read-model state and lag (public, for load balancers and monitoring)',
    responses: [
      { status: 200, description: 'UP', contentType: 'application/json', schema: zHealth },
      { status: 503, description: 'DEGRADED: the read model is unreachable or the projector is failing', contentType: 'application/json', schema: zHealth },
    ],
  },
  {
    path: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (public)',
    responses: [{ status: 200, description: 'Gauges', contentType: 'text/plain', schema: zMetrics }],
  },
] as const;

/** The OpenAPI 3.1 document, generated from the same route list and zod schemas that serve requests. */
export function openApiDocument(routes: AnyRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const components: Components = {};
  // Registers the Error and Warnings schemas (they carry ids) among the components.
  toSchema(components, zErrorBody, 'output');
  toSchema(components, zWarnings, 'output');
  const errorRef = { $ref: '#/components/schemas/Error' };
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorRef } } });
  const warningHeader = { Warning: { description: 'One `299 - "RULE field"` per warning; the messages are in the body\'s `warnings`', schema: { type: 'string' } } };
  for (const r of routes) {
    // Warnings appear where an input field's check can pass with one.
    const warns = routeMayWarn(r);
    const result = toSchema(components, r.response.schema, 'output');
    const bodyWarns = warns && !r.response.verbatim;
    const content = (schema: JsonSchema) => ({ [r.response.contentType ?? 'application/json']: { schema } });
    const op: JsonSchema = {
      operationId: r.operationId,
      summary: r.summary,
      description: accessText(r),
      'x-access': r.access,
      ...(r.access.kind === 'public' || r.access.kind === 'applicant' ? {} : { 'x-allowed-roles': allowedRoles(r) }),
      tags: [r.tag],
      parameters: [...parameters(components, r.params, 'path'), ...parameters(components, r.query, 'query')],
      responses: {
        [String(r.response.status)]: {
          description: r.response.description,
          ...(warns ? { headers: warningHeader } : {}),
          content: content(bodyWarns ? { allOf: [result, { type: 'object', properties: { warnings: { $ref: '#/components/schemas/Warnings' } } }] } : result),
        },
        '400': errorResponse('Invalid input: the field and the rule it broke'),
        ...(r.access.kind === 'public' ? { '429': errorResponse('Rate limit exceeded') } : { '401': errorResponse('Not authenticated'), '403': errorResponse('Not allowed for this role or district') }),
        ...(r.method === 'post' ? { '409': errorResponse('Refused by a ledger rule (stable rule code)'), '413': errorResponse('Body too large') } : { '404': errorResponse('Not found') }),
        '503': r.response.unavailable ? { description: r.response.unavailable, content: content(result) } : errorResponse('Ledger or read model unavailable'),
      },
      security: r.access.kind === 'public' ? [] : [{ apiKey: [] }, { bearer: [] }],
    };
    if (r.body) {
      const schema = toSchema(components, r.body, 'input');
      op.requestBody = { required: true, content: { 'application/json': { schema }, ...(r.formBody ? { 'application/x-www-form-urlencoded': { schema } } : {}) } };
    }
    const path = `/api/v1${r.path}`;
    paths[path] = { ...(paths[path] ?? {}), [r.method]: op };
  }
  for (const e of OPERATIONAL_ENDPOINTS) {
    paths[e.path] = {
      get: {
        operationId: e.operationId,
        summary: e.summary,
        description: '**Access:** public, no authentication.',
        'x-access': { kind: 'public' },
        tags: ['Operations'],
        responses: Object.fromEntries(e.responses.map((x) => [String(x.status), { description: x.description, content: { [x.contentType]: { schema: toSchema(components, x.schema, 'output') } } }])),
        security: [],
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Estate Ledger gateway',
      version,
      description: 'One-window real-estate registration (不动产登记) over a consortium ledger: applications, building tables, contracts, tax, seizures, registrations, certificates, public verification, statistics, audit log and webhooks.',
      'x-error-codes': ERROR_CATALOGUE,
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };
}
