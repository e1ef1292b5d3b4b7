import { GatewayFixture } from './support/gateway-fixture';
import { channelKeys, channelToken, CITIZENS, citizenToken, clientAssertion, portalIdToken, startTestIdp, type TestIdp } from './support/identity';

/**
 * Applicant principals: channel accounts managed by the registry's admin (API keys, RFC 7523
 * client assertions, rotation, suspension), citizens signed in through a real OpenID provider,
 * and a portal acting for a citizen with the citizen's ID token.
 */
let idp: TestIdp;
let fx: GatewayFixture;
let admin: string;

type Account = { accountId: string; status: string; suspendedReason?: string };
type Credentials = { account: Account; apiKey: string };

const bearer = (token: string, extra: Record<string, string> = {}) => ({ headers: { authorization: `Bearer ${token}`, ...extra } });
const tokenUrl = () => `${fx.url}/api/v1/oauth/token`;

async function createChannel(body: Record<string, unknown>): Promise<Credentials> {
  const res = await fx.request<Credentials>('POST', '/api/v1/admin/channels', { key: admin, body });
  expect(res.status).toBe(201);
  return res.body;
}

beforeAll(async () => {
  idp = await startTestIdp();
  fx = await GatewayFixture.start('pglite', idp.env);
  admin = fx.key('RegistryMSP', 'admin');
}, 60_000);
afterAll(async () => {
  await fx?.close();
  await idp?.close();
});

test('only the registry admin manages channel accounts', async () => {
  const body = { name: '中国建设银行达州分行', channelType: 'bank', businessTypes: ['MORTGAGE'], districts: ['511702'] };
  expect((await fx.request('POST', '/api/v1/admin/channels', { body })).status).toBe(401);
  expect((await fx.request('POST', '/api/v1/admin/channels', { key: fx.key('RegistryMSP', 'clerk'), body })).status).toBe(403);
  const bad = await fx.request<{ error: { field: string } }>('POST', '/api/v1/admin/channels', { key: admin, body: { ...body, businessTypes: ['LOAN'] } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('businessTypes.0');
  const { account } = await createChannel(body);
  expect(account).toMatchObject({ status: 'ACTIVE', channelType: 'bank', businessTypes: ['MORTGAGE'], credentials: { apiKey: true } });
  const list = await fx.request<{ items: Account[] }>('GET', '/api/v1/admin/channels', { key: admin });
  expect(list.body.items.map((a) => a.accountId)).toContain(account.accountId);
});

test('a channel authenticates with its API key or with a signed client assertion, once per assertion', async () => {
  const keys = await channelKeys();
  const { account, apiKey } = await createChannel({ name: '达州滨江房地产开发有限公司', channelType: 'developer', businessTypes: ['FIRST', 'TRANSFER'], districts: ['511702'], publicJwk: keys.publicJwk });
  const byKey = await fx.request<{ kind: string; subject: string; channelType: string }>('GET', '/api/v1/applicant/identity', { key: apiKey });
  expect(byKey.body).toMatchObject({ kind: 'channel', subject: account.accountId, channelType: 'developer' });

  const assertion = await clientAssertion(keys.privateKey, account.accountId, tokenUrl());
  const res = await channelToken(fx.url, assertion);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const token = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
  expect(token.token_type).toBe('Bearer');
  expect(token.expires_in).toBeGreaterThan(0);
  const me = await fx.request<{ subject: string }>('GET', '/api/v1/applicant/identity', bearer(token.access_token));
  expect(me.body.subject).toBe(account.accountId);

  const replay = await channelToken(fx.url, assertion);
  expect(replay.status).toBe(401);
  expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('INVALID_CLIENT');
  const wrongAudience = await channelToken(fx.url, await clientAssertion(keys.privateKey, account.accountId, 'https://elsewhere.example/token'));
  expect(wrongAudience.status).toBe(401);
  const otherKey = await channelKeys();
  const forged = await channelToken(fx.url, await clientAssertion(otherKey.privateKey, account.accountId, tokenUrl()));
  expect(forged.status).toBe(401);
  // Channels are applicants, not staff: staff routes refuse them.
  expect((await fx.request('GET', '/api/v1/me', { key: apiKey })).status).toBe(403);
});

test('rotating credentials retires the old API key at once', async () => {
  const { account, apiKey } = await createChannel({ name: '达州安居房产经纪', channelType: 'broker', businessTypes: ['TRANSFER'], districts: ['511702'] });
  const rotated = await fx.request<Credentials>('POST', `/api/v1/admin/channels/${account.accountId}/credentials`, { key: admin, body: {} });
  expect(rotated.status).toBe(200);
  expect(rotated.body.apiKey).not.toBe(apiKey);
  const old = await fx.request<{ error: { code: string } }>('GET', '/api/v1/applicant/identity', { key: apiKey });
  expect([old.status, old.body.error.code]).toEqual([401, 'INVALID_API_KEY']);
  expect((await fx.request('GET', '/api/v1/applicant/identity', { key: rotated.body.apiKey })).status).toBe(200);
});

test('a suspended channel is refused with CHANNEL_SUSPENDED, by key, by token and at the token endpoint, until reopened; both are audited', async () => {
  const keys = await channelKeys();
  const { account, apiKey } = await createChannel({ name: '达州不动产登记代理', channelType: 'agent', businessTypes: ['TRANSFER'], districts: ['511702'], publicJwk: keys.publicJwk });
  const token = ((await (await channelToken(fx.url, await clientAssertion(keys.privateKey, account.accountId, tokenUrl()))).json()) as { access_token: string }).access_token;

  const suspended = await fx.request<Account>('POST', `/api/v1/admin/channels/${account.accountId}/suspend`, { key: admin, body: { reason: '批量提交材料不实' } });
  expect(suspended.body).toMatchObject({ status: 'SUSPENDED', suspendedReason: '批量提交材料不实' });
  for (const opts of [{ key: apiKey }, bearer(token)]) {
    const res = await fx.request<{ error: { code: string; message: string } }>('GET', '/api/v1/applicant/identity', opts);
    expect([res.status, res.body.error.code]).toEqual([403, 'CHANNEL_SUSPENDED']);
    expect(res.body.error.message).toContain('批量提交材料不实');
  }
  const refused = await channelToken(fx.url, await clientAssertion(keys.privateKey, account.accountId, tokenUrl()));
  expect(refused.status).toBe(403);

  expect((await fx.request('POST', `/api/v1/admin/channels/${account.accountId}/reopen`, { key: admin })).status).toBe(200);
  expect((await fx.request('GET', '/api/v1/applicant/identity', bearer(token))).status).toBe(200);

  // The audit log is written in the background: wait for the three entries.
  let changes: Array<string | undefined> = [];
  for (let i = 0; i < 50 && changes.length < 3; i++) {
    const audit = await fx.request<{ items: Array<{ detail?: { accountId?: string; change?: string } }> }>('GET', '/api/v1/audit-log?kind=ACCOUNT&limit=100', { key: admin });
    changes = audit.body.items.filter((e) => e.detail?.accountId === account.accountId).map((e) => e.detail?.change);
    if (changes.length < 3) await new Promise((r) => setTimeout(r, 100));
  }
  expect(changes.sort()).toEqual(['CREATED', 'REOPENED', 'SUSPENDED']);
});

test('a citizen signs in through the identity platform and is known by the verified name and ID number', async () => {
  const token = await citizenToken(fx.url, 'alice');
  const me = await fx.request<{ kind: string; name: string; idNumber: string }>('GET', '/api/v1/applicant/identity', bearer(token));
  expect(me.body).toMatchObject({ kind: 'citizen', name: CITIZENS.alice.name, idNumber: CITIZENS.alice.idNumber });
  // A citizen is not staff.
  expect((await fx.request('GET', '/api/v1/me', bearer(token))).status).toBe(403);
  expect((await fx.request('GET', '/api/v1/applicant/identity')).status).toBe(401);
});

test('a portal acts for a citizen with the ID token the identity platform gave it; others may not', async () => {
  const portal = await createChannel({ name: '四川政务服务网', channelType: 'portal', businessTypes: ['TRANSFER'], districts: ['511702'] });
  const bank = await createChannel({ name: '中国工商银行达州分行', channelType: 'bank', businessTypes: ['MORTGAGE'], districts: ['511702'] });
  const idToken = await portalIdToken(idp.idp.issuer, 'bob');
  const me = await fx.request<{ kind: string; subject: string; onBehalfOf: { name: string; idNumber: string } }>('GET', '/api/v1/applicant/identity', { key: portal.apiKey, headers: { 'x-on-behalf-of': idToken } });
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ kind: 'channel', subject: portal.account.accountId, onBehalfOf: { name: CITIZENS.bob.name, idNumber: CITIZENS.bob.idNumber } });

  const notPortal = await fx.request<{ error: { code: string } }>('GET', '/api/v1/applicant/identity', { key: bank.apiKey, headers: { 'x-on-behalf-of': idToken } });
  expect([notPortal.status, notPortal.body.error.code]).toEqual([403, 'ON_BEHALF_OF_NOT_ALLOWED']);
  const tampered = idToken.slice(0, -4) + (idToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const forged = await fx.request<{ error: { code: string } }>('GET', '/api/v1/applicant/identity', { key: portal.apiKey, headers: { 'x-on-behalf-of': tampered } });
  expect([forged.status, forged.body.error.code]).toEqual([401, 'INVALID_ID_TOKEN']);
});
