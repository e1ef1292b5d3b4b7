import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { startCitizenGateway, type CitizenGateway } from './support/citizen-gateway';

jest.setTimeout(240_000);

type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * 我的办件 and 本人名下 come in keyset pages: walking them a page at a time gives every item
 * once, in order, and the same as one large page; a unit the citizen no longer holds, between
 * units they do, neither ends a page early nor shows up.
 */
describe.each(ENGINES)('applicant lists in pages (%s)', (engine) => {
  let fx: GatewayFixture;
  let s: HttpScenario;
  let alice: string;
  let gateway: CitizenGateway | undefined;
  let held: string[];
  let sold: string;

  const list = async <T>(path: string, token: string, limit: number, cursor: string | null) => {
    const query = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await fx.request<Page<T>>('GET', `/api/v1${path}?${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return res.body;
  };
  const walk = async <T>(path: string, token: string, limit: number) => {
    const pages: T[][] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: Page<T> = await list<T>(path, token, limit, cursor);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      pages.push(page.items);
      cursor = page.nextCursor;
    }
    return pages;
  };

  beforeAll(async () => {
    gateway = await startCitizenGateway(engine);
    ({ fx, s, alice } = gateway);
    const units = await s.building(Math.floor(Math.random() * 9000) + 100, 5);
    for (const unit of units) await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    for (const unit of units) await s.transfer(unit, ['developer'], ['alice']);
    // The third unit, sold on: still in the units' party index under alice, no longer hers.
    sold = units[2];
    await s.transfer(sold, ['alice'], ['carol']);
    held = units.filter((u) => u !== sold);
  });
  afterAll(() => gateway?.close());

  it('my properties walked a page at a time give each unit she holds once, by unit number, skipping the one she sold', async () => {
    const all = await list<{ unitNumber: string }>('/applicant/properties', alice, 50, null);
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((u) => u.unitNumber)).toEqual(held);
    for (const limit of [1, 2, 3]) {
      const pages = await walk<{ unitNumber: string }>('/applicant/properties', alice, limit);
      expect(pages.flat().map((u) => u.unitNumber)).toEqual(held);
      // Full pages until the last: the sold unit does not cut one short.
      expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
    }
  });

  it('my cases walked a page at a time give each case once, newest first, as one large page does', async () => {
    const all = await list<{ applicationId: string; unitNumber: string }>('/applicant/applications', alice, 50, null);
    // Five purchases and the sale of one of them.
    expect(all.items).toHaveLength(6);
    expect(all.items[0].unitNumber).toBe(sold);
    for (const limit of [1, 4]) {
      const pages = await walk<{ applicationId: string }>('/applicant/applications', alice, limit);
      expect(pages.flat().map((c) => c.applicationId)).toEqual(all.items.map((c) => c.applicationId));
    }
  });

  it('a cursor the API did not give and a page size out of range are refused, naming the parameter', async () => {
    const headers = { authorization: `Bearer ${alice}` };
    const forged = await fx.request('GET', '/api/v1/applicant/properties?cursor=not-a-cursor', { headers });
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'cursor' } });
    const tooMany = await fx.request('GET', '/api/v1/applicant/applications?limit=500', { headers });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'limit' } });
  });
});
