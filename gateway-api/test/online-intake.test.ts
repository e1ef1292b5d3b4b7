import type { Application } from '@estate-ledger/chaincode';
import { LedgerRuleRefusal } from '../src/ledger/ledger-errors';
import type { CallerIdentity } from '../src/ledger/ledger-port';
import { LedgerFixture, ROLE } from './support/ledger-fixture';
import { buildingWithUnits, firstRegistration, materialsFor, nextId } from './support/scenario';

/**
 * Applicants hold no ledger identity: the registry's gateway files for them with its online intake
 * identity (RegistryMSP, role intake), and the application records who filed.
 */
const INTAKE: CallerIdentity = { msp: 'RegistryMSP', role: 'intake' };
const filedBy = { kind: 'channel', id: 'ch-3d5d8a61-0b7c-4f4e-9f55-2b8f0c1e7a10', channelType: 'portal', onBehalfOf: 'citizen:alice' };

let fx: LedgerFixture;
let unit: string;
beforeAll(async () => {
  fx = await LedgerFixture.create();
  [unit] = await buildingWithUnits(fx, 31, 1);
  await firstRegistration(fx, unit, 'alice');
});
afterAll(async () => fx?.close());

const application = (extra: object = {}) => ({ applicationId: nextId('WS'), businessType: 'TRANSFER', unitNumber: unit, applicants: ['alice'], materials: materialsFor('TRANSFER'), channel: 'ONLINE', ...extra });
const refusal = (p: Promise<unknown>) => p.then(() => 'OK', (err: Error) => (err instanceof LedgerRuleRefusal ? `${err.code} ${err.field ?? ''}`.trim() : err.message));

test('the online intake files an application for a named applicant, recorded beside the signing identity', async () => {
  const input = application({ filedBy });
  const result = await fx.submitWith(INTAKE, 'Application:create', input, ['alice']);
  const app = JSON.parse(result.result!) as Application;
  expect(app.filedBy).toEqual(filedBy);
  expect(app.createdBy).toMatchObject({ msp: 'RegistryMSP', role: 'intake' });
  const stored = await fx.evaluate<Application>(ROLE.clerk, 'Application:get', input.applicationId);
  expect(stored.filedBy).toEqual(filedBy);
});

test('the online intake never files without an applicant', async () => {
  expect(await refusal(fx.submitWith(INTAKE, 'Application:create', application(), ['alice']))).toBe('INVALID_INPUT filedBy');
});

test('the online intake may change only applications filed online, and may not take the registry steps', async () => {
  const counter = application();
  await fx.submitWith(ROLE.clerk, 'Application:create', counter, ['alice']);
  expect(await refusal(fx.submit(INTAKE, 'Application:withdraw', { applicationId: counter.applicationId, reason: '申请人撤回' }))).toBe('ACCESS_DENIED');
  const online = application({ filedBy });
  await fx.submitWith(INTAKE, 'Application:create', online, ['alice']);
  expect(await refusal(fx.submit(INTAKE, 'Application:withdraw', { applicationId: online.applicationId, reason: '申请人撤回' }))).toBe('OK');
  expect(await refusal(fx.submit(INTAKE, 'Registration:accept', { registrationId: 'REG-none' }))).toBe('ACCESS_DENIED');
});
