import { createHash } from 'node:crypto';
import { addDays, isoDateInChina, MATERIALS_CHECKLIST } from '@estate-ledger/chaincode';
import type { AnyRoute } from '../src/http/route-spec';
import { ENGINES, GatewayFixture, type HttpResponse } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { citizenToken, startTestIdp, type TestIdp } from './support/identity';
import { DISTRICT, PEOPLE } from './support/ledger-fixture';

jest.setTimeout(300_000);

/**
 * Every route open to applicants, taken from the route table so a new one is swept too: the
 * public gets 401, a suspended channel 403 CHANNEL_SUSPENDED, and another applicant 404 for
 * what belongs to someone else (or a list without it).
 */
type Owner = 'citizen' | 'channel';
/** What an applicant route's path parameter names: alice's (or the developer channel's) real record. */
type Sample = { value: string; owner: Owner };

const isApplicantRoute = (r: AnyRoute) => r.access.kind === 'applicant' || (r.access.kind === 'action' && r.access.applicants === true);
const paramsOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
/** Routes where an applicant makes something of their own: there is nothing of another's to reach. */
const CREATES = new Set(['fileOnlineApplication', 'bookAppointment', 'issueMyHoldingsProof', 'submitChannelBatch']);

const pdf = (label: string) => Buffer.concat([Buffer.from(`%PDF-1.7\n% ${label}\n`), Buffer.alloc(1500, 0x20), Buffer.from('\n%%EOF\n')]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(ENGINES)('every applicant route (%s)', (engine) => {
  let idp: TestIdp;
  let fx: GatewayFixture;
  let s: HttpScenario;
  const callers = {} as Record<'alice' | 'bob', { headers: Record<string, string> }> & Record<'developer' | 'otherChannel' | 'suspended', { key: string }>;
  const samples: Record<string, Sample> = {};
  let applicantRoutes: AnyRoute[] = [];
  /** A slot the owner's booking could move to. */
  let freeSlot = '';

  /** A well-formed request for each state-changing route on a record, so a refusal is about whose record it is. */
  const validInput: Record<string, () => { body?: unknown; form?: FormData }> = {
    supplementOnlineApplication: () => {
      const form = new FormData();
      form.append('TAX_VOUCHER', new Blob([new Uint8Array(pdf('tax voucher, again'))], { type: 'application/pdf' }), 'voucher.pdf');
      return { form };
    },
    withdrawOnlineApplication: () => ({ body: { reason: '不办了' } }),
    moveMyAppointment: () => ({ body: { slotId: freeSlot } }),
    cancelMyAppointment: () => ({ body: {} }),
  };
  const call = (r: AnyRoute, path: string, as: { key?: string; headers?: Record<string, string> } = {}): Promise<HttpResponse<{ error?: { code: string } }>> =>
    fx.request(r.method.toUpperCase(), `/api/v1${path}`, { ...as, ...(r.method === 'post' && (validInput[r.operationId]?.() ?? { body: {} })) });
  const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const sample = samples[name];
    if (!sample) throw new Error(`the sweep has no record for the path parameter {${name}}: add one`);
    return encodeURIComponent(sample.value);
  });

  beforeAll(async () => {
    idp = await startTestIdp();
    fx = await GatewayFixture.start(engine, idp.env);
    s = new HttpScenario(fx);
    applicantRoutes = fx.gw.routes.filter(isApplicantRoute);
    callers.alice = { headers: { authorization: `Bearer ${await citizenToken(fx.url, 'alice')}` } };
    callers.bob = { headers: { authorization: `Bearer ${await citizenToken(fx.url, 'bob')}` } };
    const channel = async (name: string, channelType: string) =>
      (await s.post('admin', '/admin/channels', { name, channelType, businessTypes: ['FIRST', 'TRANSFER', 'MORTGAGE'], districts: [DISTRICT] })) as { apiKey: string; account: { accountId: string } };
    const developer = await channel('达州滨江房地产开发有限公司', 'developer');
    const other = await channel('达州安居房产经纪', 'broker');
    const suspended = await channel('达州不动产登记代理', 'agent');
    await s.post('admin', `/admin/channels/${suspended.account.accountId}/suspend`, { reason: '批量提交材料不实' });
    Object.assign(callers, { developer: { key: developer.apiKey }, otherChannel: { key: other.apiKey }, suspended: { key: suspended.apiKey } });

    // alice files a transfer online with its files, and the registry issues her title.
    const [unit, unbuilt] = await s.building(Math.floor(Math.random() * 9000) + 100, 2);
    const { contractId, taxId } = await s.soldTo('alice', unit);
    const files = MATERIALS_CHECKLIST.TRANSFER.map((type) => [type, pdf(`${type} of ${unit}`)] as const);
    const form = new FormData();
    form.append('metadata', JSON.stringify({ businessType: 'TRANSFER', unitNumber: unit, contractId }));
    for (const [type, bytes] of files) form.append(type, new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), `${type}.pdf`);
    const filed = await fx.request<{ record: { applicationId: string } }>('POST', '/api/v1/applicant/applications', { ...callers.alice, form });
    expect(filed.status).toBe(201);
    const applicationId = filed.body.record.applicationId;
    const registrationId = nextId('REG');
    await s.post('clerk', '/registrations', { registrationId, type: 'TRANSFER', unitNumber: unit, contractId, taxId, applicationId });
    for (const [role, step, body] of [['clerk', 'accept', {}], ['reviewer', 'review', { decision: 'APPROVE' }], ['registrar', 'record', {}], ['certifier', 'certify', {}], ['certifier', 'issue', {}]] as const) {
      await s.post(role, `/registrations/${registrationId}/${step}`, body);
    }
    const held = await fx.request<{ items: Array<{ certificates: Array<{ certNo: string }> }> }>('GET', '/api/v1/applicant/properties', callers.alice);
    const certNo = held.body.items[0].certificates[0].certNo;

    const proof = await fx.request<{ proofNo: string }>('POST', '/api/v1/applicant/holdings-proofs', { ...callers.alice, body: { district: DISTRICT } });
    expect(proof.status).toBe(201);

    await s.post('admin', '/admin/appointment-offices', { officeId: 'sweep-hall', name: '达州市不动产登记中心 政务服务大厅', address: '达州市通川区朝阳东路1号', districts: [DISTRICT] });
    await s.post('admin', '/admin/appointment-offices/sweep-hall/windows', { windowId: 'w1', name: '1号窗口 综合受理', businessTypes: ['TRANSFER'] });
    const today = isoDateInChina(new Date());
    const opened = (await s.post('admin', '/admin/appointment-offices/sweep-hall/slots', { windowId: 'w1', from: addDays(today, 1), to: addDays(today, 14), times: [{ start: '09:00', end: '09:30' }, { start: '09:30', end: '10:00' }], capacity: 5 })) as { dates: string[] };
    const slots = await fx.request<{ items: Array<{ slotId: string }> }>('GET', `/api/v1/appointment-offices/sweep-hall/slots?date=${opened.dates[0]}`);
    const booking = await fx.request<{ appointmentId: string }>('POST', '/api/v1/applicant/appointments', { ...callers.alice, body: { slotId: slots.body.items[0].slotId, businessType: 'TRANSFER', applicationId } });
    expect(booking.status).toBe(201);
    freeSlot = slots.body.items[1].slotId;

    const batch = await fx.request<{ batch: { batchId: string } }>('POST', '/api/v1/channel/batches', {
      ...callers.developer,
      body: { idempotencyKey: nextId('sweep'), items: [{ itemKey: 'sweep-1', registration: { type: 'FIRST', unitNumber: unbuilt, applicants: [{ party: PEOPLE.developer }], documents: materials('FIRST') } }] },
    });
    expect(batch.status).toBe(202);

    Object.assign(samples, {
      applicationId: { value: applicationId, owner: 'citizen' },
      sha256: { value: sha(files[0][1]), owner: 'citizen' },
      certNo: { value: certNo, owner: 'citizen' },
      proofNo: { value: proof.body.proofNo, owner: 'citizen' },
      appointmentId: { value: booking.body.appointmentId, owner: 'citizen' },
      batchId: { value: batch.body.batch.batchId, owner: 'channel' },
    } satisfies Record<string, Sample>);
  });
  afterAll(async () => {
    await fx?.close();
    await idp?.close();
  });

  it('the sweep finds the applicant routes in the route table', () => {
    expect(applicantRoutes.length).toBeGreaterThanOrEqual(20);
    for (const r of applicantRoutes) for (const p of paramsOf(r.path)) expect([r.operationId, p, samples[p] !== undefined]).toEqual([r.operationId, p, true]);
  });

  it('the public is refused with 401 on every applicant route', async () => {
    const answers = await Promise.all(applicantRoutes.map(async (r) => [r.operationId, (await call(r, fill(r.path))).status]));
    expect(answers).toEqual(applicantRoutes.map((r) => [r.operationId, 401]));
  });

  it('a suspended channel is refused with 403 CHANNEL_SUSPENDED on every applicant route', async () => {
    const answers = await Promise.all(applicantRoutes.map(async (r) => {
      const res = await call(r, fill(r.path), callers.suspended);
      return [r.operationId, res.status, res.body.error?.code];
    }));
    expect(answers).toEqual(applicantRoutes.map((r) => [r.operationId, 403, 'CHANNEL_SUSPENDED']));
  });

  it("another applicant gets 404 for the owner's record on every route that names one, and lists without it", async () => {
    const results: unknown[] = [];
    for (const r of applicantRoutes) {
      const names = paramsOf(r.path);
      if (names.length > 0) {
        const owner = samples[names[0]].owner;
        const [own, stranger] = owner === 'citizen' ? [callers.alice, callers.bob] : [callers.developer, callers.otherChannel];
        // The record is real: its owner reads it (state-changing routes are left untouched for the owner).
        if (r.method === 'post') expect([r.operationId, r.operationId in validInput]).toEqual([r.operationId, true]);
        if (r.method === 'get') expect([r.operationId, (await call(r, fill(r.path), own)).status]).toEqual([r.operationId, 200]);
        const res = await call(r, fill(r.path), stranger);
        results.push([r.operationId, res.status]);
      } else if (r.method === 'get') {
        for (const stranger of [callers.bob, callers.otherChannel]) {
          const res = await call(r, r.path, stranger);
          const leaked = Object.values(samples).filter((v) => res.bytes.toString('utf8').includes(v.value)).map((v) => v.value);
          results.push([r.operationId, leaked]);
        }
      } else {
        expect(CREATES.has(r.operationId) ? r.operationId : `${r.operationId} is neither a record's route, a list nor a creation`).toBe(r.operationId);
      }
    }
    const expected: unknown[] = applicantRoutes.flatMap((r): unknown[] => (paramsOf(r.path).length > 0 ? [[r.operationId, 404]] : r.method === 'get' ? [[r.operationId, []], [r.operationId, []]] : []));
    expect(results).toEqual(expected);
  });
});
