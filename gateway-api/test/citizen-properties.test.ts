import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { startCitizenGateway, type CitizenGateway } from './support/citizen-gateway';
import { portalIdToken, type TestIdp } from './support/identity';
import { PEOPLE, hashOf } from './support/ledger-fixture';
import { MORTGAGE_TERMS } from './support/scenario';

jest.setTimeout(240_000);

type Party = { name: string; idNumber: string; masked: boolean };
type Property = {
  unitNumber: string;
  flags: { mortgaged: boolean; seized: boolean };
  rights: Array<{ type: string; rightId: string; certNo?: string }>;
  ownership?: { holders: Array<{ party: Party }> };
  restrictions: { mortgages: Array<{ creditor: Party; mortgagors: Party[] }>; seizures: Array<{ caseNumber: string }>; notices: unknown[]; objections: unknown[] };
  certificates: Array<{ certNo: string; kind: string; rightId: string; status: string }>;
};

/**
 * 本人名下 through HTTP with a real OpenID provider: a citizen sees the units they hold now, with
 * the restrictions on them and the certificates of their own rights; co-owners are masked;
 * a unit sold on, a unit of someone else, and a channel without a citizen see none of it.
 */
describe.each(ENGINES)('my properties (%s)', (engine) => {
  let idp: TestIdp;
  let fx: GatewayFixture;
  let s: HttpScenario;
  let alice: string;
  let bob: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const mine = async (token: string) => {
    const res = await fx.request<{ items: Property[] }>('GET', '/api/v1/applicant/properties', { headers: bearer(token) });
    expect(res.status).toBe(200);
    return res.body.items;
  };

  let gateway: CitizenGateway | undefined;
  beforeAll(async () => {
    gateway = await startCitizenGateway(engine);
    ({ idp, fx, s, alice, bob } = gateway);
  });
  afterAll(() => gateway?.close());

  it('a citizen sees the units they hold with their restrictions and certificates; co-owners are masked; a unit sold on is no longer theirs', async () => {
    const [solo, shared, sold, bobs] = await s.building(Math.floor(Math.random() * 9000) + 100, 4);
    for (const unit of [solo, shared, sold, bobs]) await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    await s.transfer(solo, ['developer'], ['alice']);
    await s.transfer(shared, ['developer'], ['alice', 'bob']);
    await s.transfer(sold, ['developer'], ['alice']);
    await s.transfer(sold, ['alice'], ['carol']);
    await s.transfer(bobs, ['developer'], ['bob']);
    // alice mortgages her own flat to the bank; a court seizes it.
    await s.registerOnLedger({ type: 'MORTGAGE', unitNumber: solo, applicants: ['alice'], mortgage: { creditor: PEOPLE.bank, noTransfer: false, ...MORTGAGE_TERMS } });
    const seizureId = await s.seize(solo);

    const hers = await mine(alice);
    expect(hers.map((p) => p.unitNumber)).toEqual([solo, shared]);
    const flat = hers[0];
    expect(flat.flags).toMatchObject({ mortgaged: true, seized: true });
    expect(flat.rights).toEqual([expect.objectContaining({ type: 'OWNERSHIP', certNo: expect.any(String) })]);
    // Her own name in full; the bank is an organisation; the court's case is named.
    expect(flat.ownership?.holders).toEqual([{ party: expect.objectContaining({ name: PEOPLE.alice.name, idNumber: PEOPLE.alice.idNumber, masked: false }) }]);
    expect(flat.restrictions.mortgages).toEqual([expect.objectContaining({ creditor: expect.objectContaining({ name: PEOPLE.bank.name }), mortgagors: [expect.objectContaining({ name: PEOPLE.alice.name })] })]);
    expect(flat.restrictions.seizures.map((z) => z.caseNumber)).toEqual([expect.stringContaining(seizureId)]);
    // Her title certificate, not the bank's mortgage proof nor the developer's first certificate.
    expect(flat.certificates).toEqual([expect.objectContaining({ certNo: flat.rights[0].certNo, kind: 'TITLE', rightId: flat.rights[0].rightId, status: 'VALID' })]);

    // The co-owned flat: each co-owner sees the other masked.
    const coOwners = (items: Property[]) => items.find((p) => p.unitNumber === shared)?.ownership?.holders.map((h) => h.party);
    expect(coOwners(hers)).toEqual([
      expect.objectContaining({ name: PEOPLE.alice.name, masked: false }),
      expect.objectContaining({ idNumber: expect.stringMatching(/^\d{4}\*+\w{4}$/), masked: true }),
    ]);
    const his = await mine(bob);
    expect(his.map((p) => p.unitNumber)).toEqual([shared, bobs]);
    expect(coOwners(his)).toEqual([expect.objectContaining({ masked: true }), expect.objectContaining({ name: PEOPLE.bob.name, masked: false })]);
    expect(JSON.stringify(his)).not.toContain(PEOPLE.alice.idNumber);
  });

  it('a portal acting for the citizen sees their units; a channel alone, staff and the public do not', async () => {
    const admin = fx.key('RegistryMSP', 'admin');
    const channel = async (channelType: string) =>
      (await fx.request<{ apiKey: string }>('POST', '/api/v1/admin/channels', { key: admin, body: { name: `${channelType} ${hashOf(channelType).slice(0, 6)}`, channelType, businessTypes: ['TRANSFER'], districts: ['511702'] } })).body.apiKey;
    const portal = await channel('portal');
    const bank = await channel('bank');
    const forAlice = await fx.request<{ items: Property[] }>('GET', '/api/v1/applicant/properties', { key: portal, headers: { 'x-on-behalf-of': await portalIdToken(idp.idp.issuer, 'alice') } });
    expect(forAlice.status).toBe(200);
    expect(forAlice.body.items.map((p) => p.unitNumber)).toEqual((await mine(alice)).map((p) => p.unitNumber));

    expect((await fx.request('GET', '/api/v1/applicant/properties', { key: bank })).body).toMatchObject({ error: { code: 'NOT_AN_APPLICANT_ACCOUNT' } });
    expect((await fx.request('GET', '/api/v1/applicant/properties', { key: portal })).status).toBe(403);
    expect((await fx.request('GET', '/api/v1/applicant/properties', { key: fx.key('RegistryMSP', 'clerk') })).status).toBe(403);
    expect((await fx.request('GET', '/api/v1/applicant/properties')).status).toBe(401);
  });
});
