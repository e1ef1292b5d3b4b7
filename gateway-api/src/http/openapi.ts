import { z } from 'zod';
import { mayWarn } from '@estate-ledger/chaincode';
import { READ_SCOPES } from './access-policy';
import { zErrorBody } from './api-error';
import type { AnyRoute } from './route-spec';
import { zWarnings } from './warnings';

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

function accessText(r: AnyRoute): string {
  if (r.access.kind === 'public') return 'Public, no authentication; rate-limited per client.';
  if (r.access.kind === 'action') return `Ledger action \`${r.access.action}\` (the chaincode's permission table).`;
  const pairs = READ_SCOPES[r.access.scope].map(([m, role]) => `${m}/${role}`).join(', ');
  return `Scope \`${r.access.scope}\`: ${pairs}.`;
}

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
    const warns = [r.params, r.query, r.body].some((schema) => schema !== undefined && mayWarn(schema));
    const result = r.response.schema && toSchema(components, r.response.schema, 'output');
    const bodyWarns = warns && result && !r.response.verbatim;
    const op: JsonSchema = {
      operationId: r.operationId,
      summary: r.summary,
      description: accessText(r),
      tags: [r.tag],
      parameters: [...parameters(components, r.params, 'path'), ...parameters(components, r.query, 'query')],
      responses: {
        [String(r.response.status)]: {
          description: r.response.description,
          ...(warns ? { headers: warningHeader } : {}),
          ...(result
            ? { content: { [r.response.contentType ?? 'application/json']: { schema: bodyWarns ? { allOf: [result, { type: 'object', properties: { warnings: { $ref: '#/components/schemas/Warnings' } } }] } : result } } }
            : {}),
        },
        '400': errorResponse('Invalid input: the field and the rule it broke'),
        ...(r.access.kind === 'public' ? { '429': errorResponse('Rate limit exceeded') } : { '401': errorResponse('Not authenticated'), '403': errorResponse('Not allowed for this role or district') }),
        ...(r.method === 'post' ? { '409': errorResponse('Refused by a ledger rule (stable rule code)'), '413': errorResponse('Body too large') } : { '404': errorResponse('Not found') }),
        '503': errorResponse('Ledger or read model unavailable'),
      },
      security: r.access.kind === 'public' ? [] : [{ apiKey: [] }, { bearer: [] }],
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(components, r.body, 'input') } } };
    const path = `/api/v1${r.path}`;
    paths[path] = { ...(paths[path] ?? {}), [r.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Estate Ledger gateway',
      version,
      description: 'One-window real-estate registration (不动产登记) over a consortium ledger: applications, building tables, contracts, tax, seizures, registrations, certificates, public verification, statistics, audit log and webhooks.',
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
