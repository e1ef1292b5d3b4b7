import { randomUUID } from 'node:crypto';
import { isAllowed } from '../src/http/access-policy';
import type { AnyRoute } from '../src/http/route-spec';
import type { DemoAccount } from '../src/auth/account-store';
import { zPrincipal } from '../src/auth/principal';
import { GatewayFixture } from './support/gateway-fixture';
import { unitNumber } from './support/ledger-fixture';

/**
 * Every route × every organisation/role and anonymous, expected outcomes derived from the one
 * access table (READ_SCOPES + the chaincode's ACTION_PERMISSIONS). A refused caller gets 401
 * (anonymous) or 403; an allowed one never does (its empty request fails validation instead).
 */
const SAMPLE_PARAM: Record<string, string> = {
  unitNumber: unitNumber(9, 9),
  sha256: 'a'.repeat(64),
  txId: 'b'.repeat(64),
  number: '0',
  id: randomUUID(),
  houseCode: 'HC-NONE-1',
  certNo: '川(2026)达州市不动产权第0000001号',
};

const fillPath = (path: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(SAMPLE_PARAM[name] ?? 'NONE-1'));

let fx: GatewayFixture;
let routes: AnyRoute[] = [];
let accounts: DemoAccount[] = [];

beforeAll(async () => {
  fx = await GatewayFixture.start('pglite');
  routes = fx.gw.routes;
  accounts = (fx.gw.demoAccounts ?? []).filter((a) => a.districts.includes('511702'));
}, 60_000);
afterAll(async () => fx?.close());

test('the matrix covers every route and every role', () => {
  expect(routes.length).toBeGreaterThan(50);
  expect(accounts.length).toBe(14);
});

test('each route answers each caller as the access table says', async () => {
  const mismatches: string[] = [];
  let cells = 0;
  for (const r of routes) {
    for (const caller of [undefined, ...accounts]) {
      const principal = caller ? zPrincipal.parse({ subject: caller.subject, name: caller.name, msp: caller.msp, role: caller.role, court: caller.court, districts: caller.districts }) : undefined;
      const allowed = isAllowed(r.access, principal);
      const ctl = new AbortController();
      const res = await fetch(fx.url + '/api/v1' + fillPath(r.path), {
        method: r.method.toUpperCase(),
        headers: { ...(caller ? { 'x-api-key': caller.apiKey } : {}), ...(r.method === 'post' ? { 'content-type': 'application/json' } : {}) },
        body: r.method === 'post' ? '{}' : undefined,
        signal: ctl.signal,
      });
      ctl.abort();
      cells++;
      const who = caller ? `${caller.msp}/${caller.role}` : 'anonymous';
      const refused = res.status === 401 || res.status === 403;
      const expected = allowed ? 'allowed' : caller ? '403' : '401';
      const actual = refused ? String(res.status) : 'allowed';
      if (expected !== actual) mismatches.push(`${r.method.toUpperCase()} ${r.path} as ${who}: expected ${expected}, got ${res.status}`);
    }
  }
  expect(cells).toBe(routes.length * (accounts.length + 1));
  expect(mismatches).toEqual([]);
}, 600_000);
