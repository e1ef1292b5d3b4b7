import { CERTIFICATE_OF, MATERIALS_CHECKLIST, type Registration, type RegistrationType } from '@estate-ledger/chaincode';
import { DISTRICT, LedgerClient, PEOPLE, ROLE, hashOf, unitNumber, type Person } from './ledger-fixture';

/** Business steps of the one-window flow, composed from single transactions. */
export const materialsFor = (type: RegistrationType) => MATERIALS_CHECKLIST[type].map((t) => ({ type: t, sha256: hashOf(`${type}:${t}`) }));

let counter = 0;
export const nextId = (prefix: string) => `${prefix}-${++counter}`;

/** The households of one building of a project's building table (楼盘表), four to a floor. */
export function householdsOf(projectId: string, building: number, rooms: number) {
  return Array.from({ length: rooms }, (_, i) => ({
    houseCode: `HC-${projectId}-${i + 1}`,
    floor: Math.floor(i / 4) + 1,
    room: String(101 + i),
    location: `达州市通川区滨江路${building}号${i + 1}室`,
    use: '住宅',
    structure: '钢筋混凝土',
    areas: { building: '98.50', inner: '80.20', shared: '18.30' },
  }));
}

/** Publishes one building with `rooms` households and links each to a unit number. */
export async function buildingWithUnits(fx: LedgerClient, building: number, rooms: number, opts: { presalePermit?: boolean; link?: boolean; district?: string } = {}): Promise<string[]> {
  const district = opts.district ?? DISTRICT;
  const projectId = nextId('P');
  const households = householdsOf(projectId, building, rooms);
  await fx.submitWith(ROLE.surveyor, 'BuildingTable:publishProject', {
    projectId,
    name: '滨江花园',
    district,
    developer: 'developer',
    presalePermit: opts.presalePermit === false ? undefined : '达住建预售字(2025)第012号',
    buildings: [{ buildingId: `B${building}`, name: `${building}号楼`, households }],
  }, ['developer']);
  const units: string[] = [];
  for (let i = 0; i < households.length; i++) {
    const un = unitNumber(building, i + 1, district);
    if (opts.link !== false) await fx.submit(ROLE.registrar, 'BuildingTable:linkUnit', { houseCode: households[i].houseCode, unitNumber: un });
    units.push(un);
  }
  return units;
}

export interface RegistrationInput {
  type: RegistrationType;
  unitNumber: string;
  /** A mortgage over several units: the units besides unitNumber. */
  additionalUnits?: string[];
  applicants: Array<{ party: Person; share?: string }>;
  coOwnership?: 'SOLE' | 'JOINT' | 'SHARES';
  contractId?: string;
  taxId?: string;
  mortgage?: { creditor: Person; amount: string; maximumAmount: boolean; noTransfer: boolean; termStart: string; termEnd: string; scope?: string };
  mortgageChange?: { amount?: string; termStart?: string; termEnd?: string; scope?: string; reason: string };
  targetRightId?: string;
  newCreditor?: Person;
  change?: { reason: string; use?: string };
  residence?: { until?: string; holders?: Person[] };
  riskUndertakingHash?: string;
  consents?: Array<{ rightId: string; documentHash: string }>;
  /** The documents sent; the type's usual checklist unless given. */
  documents?: Array<{ type: string; sha256: string }>;
}

export async function apply(fx: LedgerClient, input: RegistrationInput): Promise<string> {
  const registrationId = nextId('REG');
  const people = new Set<Person>(input.applicants.map((a) => a.party));
  if (input.mortgage) people.add(input.mortgage.creditor);
  if (input.newCreditor) people.add(input.newCreditor);
  for (const h of input.residence?.holders ?? []) people.add(h);
  await fx.submitWith(ROLE.clerk, 'Registration:apply', { registrationId, ...input, documents: input.documents ?? materialsFor(input.type) }, [...people]);
  return registrationId;
}

/** Accept, review, record — and certify and issue where the type issues a certificate. */
export async function process(fx: LedgerClient, registrationId: string, until: 'ACCEPTED' | 'REVIEWED' | 'RECORDED' | 'ISSUED' = 'ISSUED'): Promise<Registration> {
  const step = { registrationId };
  await fx.submit(ROLE.clerk, 'Registration:accept', step);
  if (until !== 'ACCEPTED') await fx.submit(ROLE.reviewer, 'Registration:review', { ...step, decision: 'APPROVE' });
  if (until === 'RECORDED' || until === 'ISSUED') await fx.submit(ROLE.registrar, 'Registration:record', step);
  let reg = await fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', registrationId);
  if (until === 'ISSUED' && CERTIFICATE_OF[reg.type]) {
    await fx.submit(ROLE.certifier, 'Registration:certify', step);
    await numberCertificates(fx, [registrationId]);
    await fx.submit(ROLE.certifier, 'Registration:issue', step);
    reg = await fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', registrationId);
  }
  return reg;
}

/** The numbering step of the office each certified registration was queued with (the registry gateway runs it after certify). */
export async function numberCertificates(fx: LedgerClient, registrationIds: string[]): Promise<void> {
  const byOffice = new Map<string, string[]>();
  for (const id of registrationIds) {
    const { certIssuer } = await fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', id);
    if (!certIssuer) throw new Error(`registration ${id} is not certified`);
    byOffice.set(certIssuer.office, [...(byOffice.get(certIssuer.office) ?? []), id]);
  }
  for (const [office, ids] of byOffice) await fx.submit(ROLE.certifier, 'Certificate:number', { office, registrationIds: ids });
}

export async function register(fx: LedgerClient, input: RegistrationInput): Promise<Registration> {
  return process(fx, await apply(fx, input));
}

export async function firstRegistration(fx: LedgerClient, unit: string, owner: Person = 'developer'): Promise<Registration> {
  return register(fx, { type: 'FIRST', unitNumber: unit, applicants: [{ party: owner }] });
}

export async function signContract(fx: LedgerClient, unit: string, sellers: Person[], buyers: Person[], kind: 'COMMODITY' | 'STOCK' = 'STOCK'): Promise<string> {
  const contractId = nextId('HT');
  await fx.submitWith(ROLE.filing, 'SaleContract:sign', {
    contractId,
    kind,
    unitNumber: unit,
    sellers: sellers.map((party) => ({ party })),
    buyers: buyers.map((party) => ({ party })),
    buyerCoOwnership: buyers.length > 1 ? 'JOINT' : 'SOLE',
    price: '1280000.00',
  }, [...new Set([...sellers, ...buyers])]);
  return contractId;
}

export async function filedContract(fx: LedgerClient, unit: string, sellers: Person[], buyers: Person[], kind: 'COMMODITY' | 'STOCK' = 'STOCK'): Promise<string> {
  const contractId = await signContract(fx, unit, sellers, buyers, kind);
  await fx.submit(ROLE.filing, 'SaleContract:file', { contractId });
  return contractId;
}

export async function clearedTax(fx: LedgerClient, contractId: string): Promise<string> {
  const taxId = nextId('TAX');
  await fx.submit(ROLE.assessor, 'Tax:assess', {
    taxId,
    contractId,
    items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1280000.00', rate: '1.5', amount: '19200.00' }],
  });
  await fx.submit(ROLE.assessor, 'Tax:clear', { taxId, voucherHash: hashOf(`voucher:${taxId}`) });
  return taxId;
}

/** A complete transfer case: filed contract, cleared tax, registration through issue. */
export async function transfer(fx: LedgerClient, unit: string, sellers: Person[], buyers: Person[], extra: Partial<RegistrationInput> = {}): Promise<Registration> {
  const contractId = await filedContract(fx, unit, sellers, buyers);
  const taxId = await clearedTax(fx, contractId);
  return register(fx, {
    type: 'TRANSFER',
    unitNumber: unit,
    applicants: [...sellers, ...buyers].map((party) => ({ party })),
    contractId,
    taxId,
    ...extra,
  });
}

export const MORTGAGE_TERMS = { amount: '800000.00', maximumAmount: false, termStart: '2026-01-01', termEnd: '2046-01-01' };

export async function seize(fx: LedgerClient, unit: string, court = ROLE.court): Promise<string> {
  const seizureId = nextId('SZ');
  await fx.submit(court, 'Court:seize', { seizureId, unitNumber: unit, caseNumber: `(2026)川1702执${seizureId}号`, documentHash: hashOf(seizureId) });
  return seizureId;
}

export { PEOPLE };
