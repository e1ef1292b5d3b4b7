import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayFixture } from './support/gateway-fixture';

const VALIDATOR = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');

let fx: GatewayFixture;
let doc: { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };

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
});

test('the document lists every route, once, with its operation id', () => {
  const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`));
  const served = fx.gw.routes.map((r) => `${r.method.toUpperCase()} /api/v1${r.path} ${r.operationId}`);
  expect(listed.sort()).toEqual(served.sort());
  expect(new Set(fx.gw.routes.map((r) => r.operationId)).size).toBe(fx.gw.routes.length);
});

test('the interactive API docs are served', async () => {
  const page = await fx.request<string>('GET', '/api/docs');
  expect(page.status).toBe(200);
  expect(page.body).toContain('/api/v1/openapi.json');
  const asset = await fetch(`${fx.url}/api/docs/assets/swagger-ui-bundle.js`);
  expect(asset.status).toBe(200);
});
