import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION_PERMISSIONS } from '@estate-ledger/chaincode';
import { READ_SCOPES } from '../src/http/access-policy';
import { OPERATIONAL_ENDPOINTS } from '../src/http/openapi';
import { GatewayFixture } from './support/gateway-fixture';

const VALIDATOR = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');

let fx: GatewayFixture;
type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  description: string;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  'x-allowed-roles'?: Array<{ organisation: string; role: string }>;
}
let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

beforeAll(async () => {
  fx = await GatewayFixture.start('pglite');
  const res = await fx.request<typeof doc>('GET', '/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
}, 60_000);
afterAll(async () => fx?.close());

test('the served OpenAPI 3.1 document passes @seriousme/openapi-schema-validator', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc));
    const run = spawnSync(process.execPath, [VALIDATOR, file], { encoding: 'utf8' });
    expect({ status: run.status, out: run.stdout + run.stderr }).toMatchObject({ status: 0 });
    expect(doc.openapi).toBe('3.1.0');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // The validator is a child process: on a loaded machine it takes far longer than jest's 5 s default.
}, 60_000);

const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

test('the document lists every route, once, with its operation id', () => {
  const listed = operations().map(({ path, method, op }) => `${method.toUpperCase()} ${path} ${op.operationId}`);
  const served = [
    ...fx.gw.routes.map((r) => `${r.method.toUpperCase()} /api/v1${r.path} ${r.operationId}`),
    ...OPERATIONAL_ENDPOINTS.map((e) => `GET ${e.path} ${e.operationId}`),
  ];
  expect(listed.sort()).toEqual(served.sort());
  expect(new Set(fx.gw.routes.map((r) => r.operationId)).size).toBe(fx.gw.routes.length);
});

/** Keywords that only annotate a schema: a node with nothing else says nothing about the value. */
const ANNOTATIONS = new Set(['description', 'example', 'examples', 'title', 'deprecated', 'readOnly', 'writeOnly', 'default']);
const says = (node: Schema) => Object.keys(node).some((k) => !ANNOTATIONS.has(k));

/**
 * Where a schema leaves a value undescribed: an empty schema (`{}`, e.g. `items: {}` or an open
 * object's values) without even a description, or an object with no properties and no rule for
 * its values. Components are followed once.
 */
function undescribed(node: unknown, at: string, seen: Set<string>): string[] {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return [];
  const s = node as Schema;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    seen.add(name);
    return undescribed(doc.components.schemas[name], `${at}→${name}`, seen);
  }
  if (!says(s)) return s.description ? [] : [at || '(body)'];
  const out: string[] = [];
  if (s.type === 'object' && !s.properties && (s.additionalProperties === undefined || s.additionalProperties === true)) out.push(`${at || '(body)'}: object with no properties`);
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) out.push(...undescribed(v, `${at}.${k}`, seen));
  if (s.items) out.push(...undescribed(s.items, `${at}[]`, seen));
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...undescribed(s.additionalProperties, `${at}{}`, seen));
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) for (const [i, v] of ((s[k] ?? []) as unknown[]).entries()) out.push(...undescribed(v, `${at}|${k}${i}`, seen));
  return out;
}

test('every operation declares a real schema for its success response, with every part described', () => {
  const problems: string[] = [];
  for (const { path, method, op } of operations()) {
    // Sign-in routes succeed by redirecting the browser (302).
    const success = Object.entries(op.responses).filter(([status]) => /^[23]/.test(status));
    if (success.length === 0) problems.push(`${op.operationId}: no 2xx or redirect response`);
    for (const [status, response] of success) {
      const contents = Object.entries(response.content ?? {});
      if (contents.length === 0) problems.push(`${op.operationId} ${status}: no content schema`);
      for (const [type, { schema }] of contents) {
        const top = schema.$ref ? doc.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')] : schema;
        if (!top || !says(top)) problems.push(`${method.toUpperCase()} ${path} ${status} ${type}: the schema says nothing about the body`);
        problems.push(...undescribed(schema, '', new Set()).map((p) => `${op.operationId} ${status} ${type}: ${p} is undescribed`));
      }
    }
  }
  expect(problems).toEqual([]);
});

test('every command and every non-public query names the organisations and roles allowed, as the access tables say', () => {
  const problems: string[] = [];
  for (const r of fx.gw.routes) {
    const op = doc.paths[`/api/v1${r.path}`][r.method];
    // Applicant routes are for citizens and channels, no staff role.
    if (r.access.kind === 'public' || r.access.kind === 'applicant') {
      expect(op['x-allowed-roles']).toBeUndefined();
      continue;
    }
    const table: ReadonlyArray<readonly [string, string]> = r.access.kind === 'action' ? ACTION_PERMISSIONS[r.access.action] : READ_SCOPES[r.access.scope];
    const expected = table.map(([organisation, role]) => ({ organisation, role }));
    if (expected.length === 0) problems.push(`${r.operationId}: its access table is empty`);
    if (JSON.stringify(op['x-allowed-roles']) !== JSON.stringify(expected)) problems.push(`${r.operationId}: x-allowed-roles ${JSON.stringify(op['x-allowed-roles'])}, the table says ${JSON.stringify(expected)}`);
    for (const { organisation, role } of expected) if (!op.description.includes(`${organisation}/${role}`)) problems.push(`${r.operationId}: the description does not name ${organisation}/${role}`);
    if (r.access.kind === 'action' && !op.description.includes(r.access.action)) problems.push(`${r.operationId}: the description does not name its ledger action`);
  }
  expect(fx.gw.routes.filter((r) => r.access.kind === 'action').length).toBeGreaterThan(25);
  expect(problems).toEqual([]);
});

test('the operational endpoints answer as documented', async () => {
  const health = await fx.request<{ status: string }>('GET', '/health');
  expect(health.status).toBe(200);
  expect(health.body.status).toBe('UP');
  const metrics = await fx.request<string>('GET', '/metrics');
  expect(metrics.status).toBe(200);
  expect(metrics.body).toContain('estate_ledger_height');
});

test('the interactive API docs are served', async () => {
  const page = await fx.request<string>('GET', '/api/docs');
  expect(page.status).toBe(200);
  expect(page.body).toContain('/api/v1/openapi.json');
  const asset = await fetch(`${fx.url}/api/docs/assets/swagger-ui-bundle.js`);
  expect(asset.status).toBe(200);
});
