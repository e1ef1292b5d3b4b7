import type { StatisticsRow } from '@estate-ledger/api-schemas';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario, materials, nextId } from './support/http-scenario';
import { PEOPLE, hashOf } from './support/ledger-fixture';
import { MORTGAGE_TERMS } from './support/scenario';
import { SetClock } from './support/set-clock';

/**
 * Correction on the registry's own authority (依职权更正, 细则 81 and 17) through HTTP, on a
 * gateway whose register clock (and so the transactions' timestamps) the test moves.
 */

interface RegistryCorrectionView {
  status: string;
  type: string;
  registryCorrection: { announceFrom: string; reviewFrom?: string; announcedAt?: string };
  steps: Array<{ status: string; note?: string }>;
}
interface Submitted {
  record: RegistryCorrectionView;
}
interface ErrorBody {
  error: { code: string; message: string; field?: string; rule?: string };
}

describe.each(ENGINES)('correction on the registry’s own authority through HTTP (%s read model)', (engine) => {
  const clock = new SetClock('2026-02-02T09:00:00+08:00');
  const at = (chinaTime: string) => clock.set(`${chinaTime}+08:00`);
  let fx: GatewayFixture;
  let s: HttpScenario;

  beforeAll(async () => {
    fx = await GatewayFixture.start(engine, {}, { clock });
    s = new HttpScenario(fx);
  }, 60_000);
  afterAll(async () => fx?.close());

  const post = <T>(role: string, path: string, body: unknown) => fx.request<T>('POST', `/api/v1${path}`, { key: s.key(role), body });
  const start = (role: string, unitNumber: string, entryRegistrationId: string) => {
    const registrationId = nextId('YZGZ');
    const body = { registrationId, unitNumber, entryRegistrationId, change: { use: '商业', reason: '首次登记时用途误记为住宅' }, noticeHash: hashOf(`通知 ${registrationId}`) };
    return { registrationId, sent: post<Submitted & ErrorBody>(role, '/registry-corrections', body) };
  };
  const announce = (registrationId: string) => post<Submitted & ErrorBody>('registrar', `/registrations/${registrationId}/announce`, { announcementHash: hashOf(`公告 ${registrationId}`) });
  const approve = (registrationId: string) => post<ErrorBody>('reviewer', `/registrations/${registrationId}/review`, { decision: 'APPROVE' });
  const statistics = async (day: string) => {
    const res = await fx.request<{ rows: StatisticsRow[] }>('GET', `/api/v1/statistics?from=${day}&to=${day}&period=day&type=REGISTRY_CORRECTION`, { key: fx.key('RegistryMSP', 'auditor') });
    expect(res.status).toBe(200);
    return res.body.rows;
  };
  async function firstRegistered(building: number): Promise<{ unit: string; entry: string }> {
    const [unit] = await s.building(building, 1);
    return { unit, entry: String((await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['alice'] })).registrationId) };
  }

  test('notice, announcement at 30 working days, review at 15 more, recording: the unit is corrected and the time limit counted only after the announcement', async () => {
    at('2026-02-02T09:00:00');
    const { unit, entry } = await firstRegistered(81);
    at('2026-02-05T10:00:00');
    const { registrationId, sent } = start('registrar', unit, entry);
    const started = await sent;
    expect(started.status).toBe(201);
    expect(started.body.record).toMatchObject({ type: 'REGISTRY_CORRECTION', status: 'NOTIFIED', registryCorrection: { announceFrom: '2026-03-25' } });
    const listed = await s.get<{ items: Array<{ registrationId: string }> }>('clerk', `/registrations?type=REGISTRY_CORRECTION&status=NOTIFIED&unitNumber=${unit}`);
    expect(listed.items.map((r) => r.registrationId)).toEqual([registrationId]);

    at('2026-03-24T16:00:00');
    const early = await announce(registrationId);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'PERIOD_NOT_ENDED', message: expect.stringContaining('allowed from 2026-03-25') });
    at('2026-03-25T09:00:00');
    const announced = await announce(registrationId);
    expect(announced.status).toBe(201);
    expect(announced.body.record).toMatchObject({ status: 'ANNOUNCED', registryCorrection: { reviewFrom: '2026-04-16' } });

    // Judged on 15 April, the open case is not past its 5 working days: notice and announcement do not count.
    at('2026-04-15T17:00:00');
    expect(await statistics('2026-02-05')).toEqual([expect.objectContaining({ applied: 1, completed: 0, overdue: 0, openPastLimit: 0, limitDays: 5 })]);
    const tooSoon = await approve(registrationId);
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.error.code).toBe('PERIOD_NOT_ENDED');

    at('2026-04-16T09:00:00');
    expect((await approve(registrationId)).status).toBe(201);
    at('2026-04-17T10:00:00');
    await s.post('registrar', `/registrations/${registrationId}/record`, {});
    await s.post('certifier', `/registrations/${registrationId}/certify`, {});
    await s.post('certifier', `/registrations/${registrationId}/issue`, {});

    const view = await s.get<{ use: string; registryCorrection?: string }>('clerk', `/units/${unit}`);
    expect(view).toMatchObject({ use: '商业' });
    expect(view.registryCorrection).toBeUndefined();
    const reg = await s.get<RegistryCorrectionView>('clerk', `/registrations/${registrationId}`);
    expect(reg.steps.map((x) => x.status)).toEqual(['NOTIFIED', 'ANNOUNCED', 'REVIEWED', 'RECORDED', 'CERTIFIED', 'ISSUED']);
    expect(await statistics('2026-02-05')).toEqual([expect.objectContaining({ applied: 1, completed: 1, withinLimit: 1, overdue: 0, avgWorkingDays: 1 })]);
  }, 120_000);

  test('a mortgage registered after the wrong entry: 409 CORRECTION_BARRED', async () => {
    at('2026-05-06T09:00:00');
    const { unit, entry } = await firstRegistered(82);
    await s.register({ type: 'MORTGAGE', unitNumber: unit, applicants: ['alice'], mortgage: { ...MORTGAGE_TERMS, noTransfer: false, creditor: PEOPLE.bank } });
    const refused = await start('registrar', unit, entry).sent;
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CORRECTION_BARRED', message: expect.stringContaining('细则 81') });
  }, 60_000);

  test("the holder's own correction recorded first closes the registry case", async () => {
    at('2026-05-11T09:00:00');
    const { unit, entry } = await firstRegistered(83);
    const { registrationId, sent } = start('registrar', unit, entry);
    expect((await sent).status).toBe(201);
    const own = await s.applyAndIssue({ type: 'CORRECTION', unitNumber: unit, applicants: [{ party: PEOPLE.alice }], change: { use: '商业', reason: '用途登记错误' } });
    const closed = await s.get<RegistryCorrectionView>('clerk', `/registrations/${registrationId}`);
    expect(closed.status).toBe('WITHDRAWN');
    expect(closed.steps.at(-1)?.note).toBe(`the holder corrected the entry first: ${own}`);
  }, 60_000);

  test('only the registrar starts one, and nobody applies for one', async () => {
    const { unit, entry } = await firstRegistered(84);
    expect((await start('clerk', unit, entry).sent).status).toBe(403);
    expect((await start('enforcement', unit, entry).sent).status).toBe(403);
    const applied = await post<ErrorBody>('clerk', '/registrations', { registrationId: nextId('REG'), type: 'REGISTRY_CORRECTION', unitNumber: unit, applicants: [{ party: PEOPLE.alice }], change: { use: '商业', reason: '用途' }, documents: materials('CORRECTION') });
    expect(applied.status).toBe(400);
    expect(applied.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'type' });
  }, 60_000);
});
