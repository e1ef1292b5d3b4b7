import { MATERIALS_CHECKLIST, type MspId, type RegistrationType } from '@estate-ledger/chaincode';
import { GatewayFixture } from './gateway-fixture';
import { DISTRICT, PEOPLE, hashOf, unitNumber, type Person } from './ledger-fixture';
import { householdsOf } from './scenario';

/** The one-window flow through HTTP alone, as portals and agency systems drive it. */
let counter = 0;
const stamp = Date.now().toString(36);
export const nextId = (prefix: string) => `${prefix}-${stamp}-${++counter}`;

export const materials = (type: RegistrationType) => MATERIALS_CHECKLIST[type].map((t) => ({ type: t, sha256: hashOf(`${type}:${t}`) }));

const MSP_OF_ROLE: Record<string, MspId> = { clerk: 'RegistryMSP', reviewer: 'RegistryMSP', registrar: 'RegistryMSP', certifier: 'RegistryMSP', admin: 'RegistryMSP', surveyor: 'HousingMSP', filing: 'HousingMSP', assessor: 'TaxMSP', enforcement: 'CourtMSP' };

export function mspOfRole(role: string): MspId {
  const msp = MSP_OF_ROLE[role];
  if (!msp) throw new Error(`unknown role ${role}`);
  return msp;
}

export class HttpScenario {
  /** `gatewayOf` picks the gateway a role's agency uses: one for all, or one per agency on Fabric. */
  constructor(
    readonly fx: GatewayFixture,
    private readonly gatewayOf: (msp: MspId) => GatewayFixture = () => fx,
  ) {}

  gateway(role: string): GatewayFixture {
    return this.gatewayOf(mspOfRole(role));
  }

  key(role: string): string {
    return this.gateway(role).key(mspOfRole(role), role);
  }

  /** POSTs and insists on success, so a scenario step that fails says which one and why. */
  async post(role: string, path: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await this.gateway(role).request('POST', `/api/v1${path}`, { key: this.key(role), body });
    if (res.status !== 201 && res.status !== 200) throw new Error(`POST ${path} as ${role}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async get<T = Record<string, unknown>>(role: string, path: string): Promise<T> {
    const res = await this.gateway(role).request<T>('GET', `/api/v1${path}`, { key: this.key(role) });
    if (res.status !== 200) throw new Error(`GET ${path} as ${role}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async building(building: number, rooms: number): Promise<string[]> {
    const projectId = nextId('P');
    const households = householdsOf(projectId, building, rooms);
    await this.post('surveyor', '/projects', {
      projectId, name: '滨江花园', district: DISTRICT, developer: PEOPLE.developer, presalePermit: '达住建预售字(2025)第012号',
      buildings: [{ buildingId: `B${building}`, name: `${building}号楼`, households }],
    });
    const units: string[] = [];
    for (let i = 0; i < rooms; i++) {
      const un = unitNumber(building, i + 1);
      await this.post('registrar', `/households/${encodeURIComponent(households[i].houseCode)}/link`, { unitNumber: un });
      units.push(un);
    }
    return units;
  }

  /** Applies and takes the case through issue with POSTs only (no read-model reads). */
  async registerOnLedger(input: { type: RegistrationType; unitNumber: string; applicants: Person[]; contractId?: string; taxId?: string; applicationId?: string; mortgage?: Record<string, unknown> }): Promise<string> {
    return this.applyAndIssue({
      type: input.type, unitNumber: input.unitNumber,
      applicants: input.applicants.map((p) => ({ party: PEOPLE[p] })),
      contractId: input.contractId, taxId: input.taxId, applicationId: input.applicationId, mortgage: input.mortgage,
    });
  }

  /** Applies a registration from a raw body (with the type's materials) and takes it through issue; returns its id. */
  async applyAndIssue(body: { type: RegistrationType } & Record<string, unknown>): Promise<string> {
    const registrationId = nextId('REG');
    await this.post('clerk', '/registrations', { registrationId, documents: materials(body.type), ...body });
    const step = `/registrations/${registrationId}`;
    await this.post('clerk', `${step}/accept`, {});
    await this.post('reviewer', `${step}/review`, { decision: 'APPROVE' });
    await this.post('registrar', `${step}/record`, {});
    await this.post('certifier', `${step}/certify`, {});
    await this.post('certifier', `${step}/issue`, {});
    return registrationId;
  }

  /** Application through issue; returns the registration as the read model shows it. */
  async register(input: Parameters<HttpScenario['registerOnLedger']>[0]): Promise<Record<string, unknown>> {
    return this.get('clerk', `/registrations/${await this.registerOnLedger(input)}`);
  }

  /**
   * A new home `buyer` bought from the developer, ready for the buyer to file the transfer online:
   * first registered, the contract filed, the deed tax cleared.
   */
  async soldTo(buyer: Person, unit: string): Promise<{ contractId: string; taxId: string }> {
    await this.registerOnLedger({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    const contractId = nextId('HT');
    await this.post('filing', '/contracts', { contractId, kind: 'STOCK', unitNumber: unit, sellers: [{ party: PEOPLE.developer }], buyers: [{ party: PEOPLE[buyer] }], buyerCoOwnership: 'SOLE', price: '980000.00' });
    await this.post('filing', `/contracts/${contractId}/file`, {});
    const taxId = nextId('TAX');
    await this.post('assessor', '/tax-assessments', { taxId, contractId, items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '980000.00', rate: '1.5', amount: '14700.00' }] });
    await this.post('assessor', `/tax-assessments/${taxId}/clear`, { voucherHash: hashOf(`voucher:${taxId}`) });
    return { contractId, taxId };
  }

  /** A complete one-window transfer: application, filed contract, cleared tax, registration to issue. */
  async transfer(unit: string, sellers: Person[], buyers: Person[]): Promise<{ applicationId: string; registration: Record<string, unknown> }> {
    const applicationId = nextId('YC');
    await this.post('clerk', '/applications', {
      applicationId, businessType: 'TRANSFER', unitNumber: unit, applicants: [...sellers, ...buyers].map((p) => PEOPLE[p]), materials: materials('TRANSFER'), channel: '政务大厅一窗',
    });
    const contractId = nextId('HT');
    await this.post('filing', '/contracts', {
      contractId, kind: 'STOCK', unitNumber: unit, sellers: sellers.map((p) => ({ party: PEOPLE[p] })), buyers: buyers.map((p) => ({ party: PEOPLE[p] })),
      buyerCoOwnership: buyers.length > 1 ? 'JOINT' : 'SOLE', price: '1280000.00', applicationId,
    });
    await this.post('filing', `/contracts/${contractId}/file`, {});
    const taxId = nextId('TAX');
    await this.post('assessor', '/tax-assessments', { taxId, contractId, applicationId, items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1280000.00', rate: '1.5', amount: '19200.00' }] });
    await this.post('assessor', `/tax-assessments/${taxId}/clear`, { voucherHash: hashOf(`voucher:${taxId}`) });
    const registration = await this.register({ type: 'TRANSFER', unitNumber: unit, applicants: [...sellers, ...buyers], contractId, taxId, applicationId });
    return { applicationId, registration };
  }

  async seize(unit: string): Promise<string> {
    const seizureId = nextId('SZ');
    await this.post('enforcement', '/seizures', { seizureId, unitNumber: unit, caseNumber: `(2026)川1702执${seizureId}号`, documentHash: hashOf(seizureId) });
    return seizureId;
  }

  /** The exact bytes of an issued e-certificate, as a certifier downloads them. */
  async certificateFile(certNo: string): Promise<Buffer> {
    const res = await fetch(`${this.gateway('certifier').url}/api/v1/certificates/${encodeURIComponent(certNo)}/document`, { headers: { 'x-api-key': this.key('certifier') } });
    if (res.status !== 200) throw new Error(`certificate document ${certNo}: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }

  /** The certificate's PDF, as a registry clerk downloads it for the holder. */
  async certificatePdf(certNo: string): Promise<Buffer> {
    const res = await fetch(`${this.gateway('clerk').url}/api/v1/certificates/${encodeURIComponent(certNo)}/pdf`, { headers: { 'x-api-key': this.key('clerk') } });
    if (res.status !== 200 || res.headers.get('content-type') !== 'application/pdf') throw new Error(`certificate PDF ${certNo}: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }
}
