import { ACTION_PERMISSIONS, MSP_IDS, ORGANISATIONS, type LedgerAction } from '@estate-ledger/chaincode';
import { DEFAULT_COURT } from '../src/ledger/embedded/crypto-material';
import { LedgerRuleRefusal } from '../src/ledger/ledger-errors';
import { DEFAULT_CONFIG } from '../src/ledger/ledger-bootstrap';
import type { CallerIdentity } from '../src/ledger/ledger-port';
import { DISTRICT, LedgerFixture, ROLE, hashOf, unitNumber, type Person } from './support/ledger-fixture';
import { buildingWithUnits, seize } from './support/scenario';

/**
 * DESIGN §5, last row: every action is refused to an organisation or role that may not perform
 * it. The matrix is generated from ACTION_PERMISSIONS × ORGANISATIONS; the authorisation check
 * runs first in every transaction function, so one valid input per function is enough.
 */

/** A transaction function with a valid input; a string input is the argument of a query. */
interface Call {
  fn: string;
  input: object | string;
  parties?: Person[];
}

const UNIT = unitNumber(900, 1);
const step = { registrationId: 'REG-roles' };
const document = { type: 'ID_DOCUMENT', sha256: hashOf('id document') };
const seizureRef = { seizureId: 'SZ-roles', unitNumber: UNIT, documentHash: hashOf('court notice') };

const CALLS: Record<LedgerAction, Call[]> = {
  'admin.configure': [{ fn: 'Admin:configure', input: DEFAULT_CONFIG }],
  'building.publish': [{
    fn: 'BuildingTable:publishProject',
    parties: ['developer'],
    input: {
      projectId: 'P-roles', name: '滨江花园', district: DISTRICT, developer: 'developer',
      buildings: [{ buildingId: 'B900', name: '900号楼', households: [{ houseCode: 'HC-roles-1', floor: 1, room: '101', location: '达州市通川区滨江路900号', use: '住宅', structure: '钢筋混凝土', areas: { building: '98.50', inner: '80.20', shared: '18.30' } }] }],
    },
  }],
  'unit.link': [{ fn: 'BuildingTable:linkUnit', input: { houseCode: 'HC-roles-none', unitNumber: UNIT } }],
  'registry.declareUnits': [{ fn: 'BuildingTable:declareRegistryUnits', input: { district: DISTRICT, units: [{ unitNumber: unitNumber(900, 3), location: '达州市通川区滨江路900号', area: '98.50' }] } }],
  'unit.relink': [
    { fn: 'BuildingTable:unlinkUnit', input: { houseCode: 'HC-roles-none', reason: '挂接错误' } },
    { fn: 'BuildingTable:relinkUnit', input: { unitNumber: UNIT, houseCode: 'HC-roles-none', reason: '挂接错误' } },
  ],
  'migration.load': [
    { fn: 'Migration:migrateUnit', input: { batchId: 'B-roles', legacyId: 'U-roles', unitNumber: UNIT, sourceHash: hashOf('legacy source') } },
    { fn: 'Migration:migrateUnits', input: { batchId: 'B-roles', units: [{ legacyId: 'U-roles', unitNumber: UNIT, sourceHash: hashOf('legacy source') }] } },
  ],
  'contract.sign': [{
    fn: 'SaleContract:sign',
    parties: ['alice', 'bob'],
    input: { contractId: 'HT-roles', kind: 'STOCK', unitNumber: UNIT, sellers: [{ party: 'alice' }], buyers: [{ party: 'bob' }], buyerCoOwnership: 'SOLE', price: '1280000.00' },
  }],
  'contract.file': [{ fn: 'SaleContract:file', input: { contractId: 'HT-roles' } }],
  'contract.cancel': [{ fn: 'SaleContract:cancel', input: { contractId: 'HT-roles', reason: '双方协商解除' } }],
  'tax.assess': [{ fn: 'Tax:assess', input: { taxId: 'TAX-roles', contractId: 'HT-roles', items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1280000.00', rate: '1.5', amount: '19200.00' }] } }],
  'tax.clear': [
    { fn: 'Tax:clear', input: { taxId: 'TAX-roles', voucherHash: hashOf('voucher') } },
    { fn: 'Tax:exempt', input: { taxId: 'TAX-roles', basis: '首套住房契税减免' } },
  ],
  'seizure.seize': [{ fn: 'Court:seize', input: { ...seizureRef, caseNumber: '(2026)川1702执1号' } }],
  'seizure.lift': [{ fn: 'Court:lift', input: seizureRef }],
  'seizure.renew': [{ fn: 'Court:renew', input: { ...seizureRef, endDate: '2027-12-31' } }],
  'application.create': [{
    fn: 'Application:create',
    parties: ['alice'],
    input: { applicationId: 'APP-roles', businessType: 'TRANSFER', unitNumber: UNIT, applicants: ['alice'], materials: [], channel: '综合窗口', filedBy: { kind: 'citizen', id: 'citizen:alice' } },
  }],
  'application.attach': [{ fn: 'Application:attach', input: { applicationId: 'APP-roles', materials: [document] } }],
  'application.withdraw': [{ fn: 'Application:withdraw', input: { applicationId: 'APP-roles', reason: '申请人撤回' } }],
  'registration.apply': [{ fn: 'Registration:apply', parties: ['developer'], input: { ...step, type: 'FIRST', unitNumber: UNIT, applicants: [{ party: 'developer' }] } }],
  'registration.accept': [
    { fn: 'Registration:accept', input: step },
    { fn: 'Registration:notAccept', input: step },
    { fn: 'Registration:requestSupplement', input: { ...step, note: '请补充身份证明' } },
  ],
  'registration.supplement': [{ fn: 'Registration:supplement', input: { ...step, documents: [document] } }],
  'registration.withdraw': [{ fn: 'Registration:withdraw', input: step }],
  'registration.review': [{ fn: 'Registration:review', input: { ...step, decision: 'APPROVE' } }],
  'registration.resume': [{ fn: 'Registration:resume', input: step }],
  'registration.record': [{ fn: 'Registration:record', input: step }],
  'registration.certify': [{ fn: 'Registration:certify', input: step }],
  'registryCorrection.start': [{
    fn: 'Registration:startRegistryCorrection',
    input: { registrationId: 'REG-roles-rc', unitNumber: UNIT, entryRegistrationId: 'REG-roles', change: { use: '住宅', reason: '用途登记错误' }, noticeHash: hashOf('notice') },
  }],
  'registryCorrection.announce': [{ fn: 'Registration:announceRegistryCorrection', input: { ...step, announcementHash: hashOf('announcement') } }],
  'certificate.number': [{ fn: 'Certificate:number', input: { office: '511700', registrationIds: ['REG-roles'] } }, { fn: 'Certificate:awaitingNumber', input: '511700' }],
  'registration.issue': [{ fn: 'Registration:issue', input: step }],
  'objection.record': [{
    fn: 'Registration:recordObjection',
    parties: ['carol'],
    input: { objectionId: 'YY-roles', unitNumber: UNIT, applicant: 'carol', reason: '登记错误', documentHash: hashOf('objection') },
  }],
  'objection.lawsuit': [{ fn: 'Registration:fileObjectionLawsuit', input: { objectionId: 'YY-roles', unitNumber: UNIT, documentHash: hashOf('lawsuit') } }],
  'certificate.revoke': [{ fn: 'Certificate:revoke', input: { certNo: '川(2026)达州市不动产权第0000001号', reason: '以欺骗手段取得' } }],
  'proof.issue': [
    { fn: 'HoldingsProof:issue', parties: ['alice'], input: { district: '511702', person: 'alice', units: [], validDays: 30 } },
    { fn: 'HoldingsProof:recordPdf', input: { proofNo: '达州市不动产登记中心查询证明〔2026〕0000001号', sha256: hashOf('pdf'), seal: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln' } },
  ],
  'certificate.pdf': [{ fn: 'Certificate:recordPdf', input: { certNo: '川(2026)达州市不动产权第0000001号', sha256: hashOf('pdf'), seal: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln' } }],
  'anchor.record': [
    { fn: 'Anchor:intend', input: { fromBlock: 0, toBlock: 0, root: hashOf('root'), chainId: 31337, chainName: 'anvil', anchorer: `0x${'1'.repeat(40)}`, nonce: 0, txHash: `0x${'2'.repeat(64)}`, rawTx: '0x02' } },
    { fn: 'Anchor:confirm', input: { fromBlock: 0, txHash: `0x${'2'.repeat(64)}`, chainBlockNumber: 1, chainBlockHash: `0x${'3'.repeat(64)}`, chainTime: '2026-12-01T02:00:00.000Z' } },
  ],
  'party.read': [
    { fn: 'Unit:party', input: hashOf('party') },
  ],
  'document.read': [
    { fn: 'Certificate:getDocument', input: '川(2026)达州市不动产权第0000001号' },
    { fn: 'HoldingsProof:getDocument', input: '达州市不动产登记中心查询证明〔2026〕0000001号' },
  ],
};

/** Read-only functions open to every member (no authorisation check). */
const PUBLIC_QUERIES = [
  'Admin:getConfig', 'Anchor:head', 'SaleContract:get', 'Tax:get', 'Application:get', 'Registration:get', 'Certificate:get', 'Certificate:verify', 'HoldingsProof:get',
  'Unit:get', 'Unit:status', 'Unit:book', 'Unit:titleChain', 'Unit:history', 'Unit:household', 'Unit:project', 'Migration:get',
];

/** Every staff identity of the consortium: each organisation with each of its roles. */
const STAFF = MSP_IDS.flatMap((msp) =>
  ORGANISATIONS[msp].roles.map((role) => ({
    label: `${msp}/${role}`,
    identity: (msp === 'CourtMSP' ? { msp, role, court: DEFAULT_COURT } : { msp, role }) as CallerIdentity,
  })),
);

const MATRIX = (Object.keys(ACTION_PERMISSIONS) as LedgerAction[]).map((action) => {
  const allowed: ReadonlyArray<readonly [string, string]> = ACTION_PERMISSIONS[action];
  const may = (id: CallerIdentity) => allowed.some(([msp, role]) => msp === id.msp && role === id.role);
  return { action, allowed: STAFF.filter((s) => may(s.identity)), refused: STAFF.filter((s) => !may(s.identity)) };
});

let fx: LedgerFixture;
beforeAll(async () => {
  fx = await LedgerFixture.create();
}, 30_000);
afterAll(async () => {
  await fx.close();
});

/** The rule code a call is refused with, or OK. */
async function outcome(identity: CallerIdentity, call: Call): Promise<string> {
  const run =
    typeof call.input === 'string'
      ? fx.ledger.evaluate({ identity, fn: call.fn, args: [call.input] })
      : call.parties
        ? fx.submitWith(identity, call.fn, call.input, call.parties)
        : fx.submit(identity, call.fn, call.input);
  return run.then(
    () => 'OK',
    (err: Error) => (err instanceof LedgerRuleRefusal ? err.code : err.message),
  );
}

it('maps every transaction function to an action, apart from the public queries', () => {
  const mapped = Object.values(CALLS).flatMap((calls) => calls.map((c) => c.fn));
  expect([...mapped, ...PUBLIC_QUERIES].sort()).toEqual(fx.ledger.functions().sort());
});

describe.each(MATRIX)('$action', ({ action, allowed, refused }) => {
  it.each(refused)('is refused to $label with ACCESS_DENIED', async ({ identity }) => {
    for (const call of CALLS[action]) expect(`${call.fn}: ${await outcome(identity, call)}`).toBe(`${call.fn}: ACCESS_DENIED`);
  });

  it.each(allowed)('lets $label past authorisation', async ({ identity }) => {
    // A valid input gets past parsing too; the call may then fail on a domain rule (e.g. NOT_FOUND).
    for (const call of CALLS[action]) expect(`${call.fn}: ${await outcome(identity, call)}`).not.toMatch(/: (ACCESS_DENIED|INVALID_INPUT)$/);
  });
});

describe('lifting and renewing a seizure', () => {
  it('is refused to a court other than the seizing one, which may lift it', async () => {
    const [unit] = await buildingWithUnits(fx, 1, 1);
    const seizureId = await seize(fx, unit);
    const ref = { seizureId, unitNumber: unit, documentHash: hashOf('lift') };
    await expect(fx.submit(ROLE.otherCourt, 'Court:lift', ref)).rejects.toMatchObject({ code: 'SEIZURE_NOT_BY_THIS_COURT' });
    await expect(fx.submit(ROLE.otherCourt, 'Court:renew', { ...ref, endDate: '2027-12-31' })).rejects.toMatchObject({ code: 'SEIZURE_NOT_BY_THIS_COURT' });
    const lifted = await fx.submit(ROLE.court, 'Court:lift', ref);
    expect((await fx.committed(lifted)).event).toMatchObject({ type: 'SEIZURE_LIFTED' });
  });
});
