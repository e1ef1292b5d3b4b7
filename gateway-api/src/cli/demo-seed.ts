import 'reflect-metadata';
import '../quiet-chaincode-logs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { readDemoAccounts, type DemoAccount } from '../auth/account-store';
import {
  CERTIFICATE_OF,
  MATERIALS_CHECKLIST,
  addYearsToDate,
  creditCodeCheckChar,
  orgCodeCheckChar,
  residentIdCheckChar,
  type ApiInput,
  type PartyIdentity,
  type RegistrationType,
} from '@estate-ledger/chaincode';

/**
 * `npm run demo:seed`: fills a running gateway, through its HTTP API only, with a realistic
 * district 511702 (达州市通川区): projects with buildings and households, linked unit numbers,
 * first registrations to the developers, one-window sales with filed contracts and cleared taxes,
 * bank mortgages, resales, one court seizure, cases left mid-way and one withdrawn application.
 * Every run uses fresh ids (a run stamp) and fresh parcels, so it can be run again.
 *
 * Environment: BASE_URL (default http://127.0.0.1:$PORT, PORT defaulting to 8080 as for npm start), DATA_DIR (default data; API keys are read
 * from DATA_DIR/demo-accounts.json), SEED_SIZE (demo | small), SEED_CONCURRENCY (default 8).
 */

export const DISTRICT = '511702';

export interface SeedSize {
  projects: number;
  buildingsPerProject: number;
  floors: number;
  roomsPerFloor: number;
}

/** A few hundred households: 3 projects × 3 buildings × 11 floors × 4 rooms. */
export const DEMO_SIZE: SeedSize = { projects: 3, buildingsPerProject: 3, floors: 11, roomsPerFloor: 4 };
/** Eight households: one of each story below, for tests. */
export const SMALL_SIZE: SeedSize = { projects: 1, buildingsPerProject: 1, floors: 2, roomsPerFloor: 4 };

export type Story =
  /** First registration only: the developer still holds it. */
  | 'DEVELOPER_HELD'
  /** One-window commodity sale to citizens, through issue. */
  | 'SOLD'
  /** Sold, then mortgaged to a bank by the buyers. */
  | 'SOLD_MORTGAGED'
  /** Sold, then resold (stock housing) and mortgaged by the second buyers. */
  | 'RESOLD'
  /** Sold, then seized by the court. */
  | 'SEIZED'
  /** A sale whose registration was accepted and waits for review. */
  | 'TRANSFER_ACCEPTED'
  /** A sale whose registration was reviewed and waits for recording. */
  | 'TRANSFER_REVIEWED'
  /** A sale whose application was withdrawn (撤件) and whose contract filing was cancelled. */
  | 'WITHDRAWN';

/** The first households get one of each story; the rest follow a mix with most homes sold. */
const FIRST_STORIES: Story[] = ['SOLD', 'RESOLD', 'SOLD_MORTGAGED', 'SEIZED', 'TRANSFER_ACCEPTED', 'TRANSFER_REVIEWED', 'WITHDRAWN', 'DEVELOPER_HELD'];
const MIX: Array<Story | 'IN_PROGRESS'> = [
  'SOLD_MORTGAGED', 'SOLD', 'DEVELOPER_HELD', 'SOLD_MORTGAGED', 'SOLD', 'RESOLD', 'SOLD_MORTGAGED', 'DEVELOPER_HELD', 'SOLD', 'SOLD_MORTGAGED',
  'SOLD', 'DEVELOPER_HELD', 'SOLD_MORTGAGED', 'SOLD', 'RESOLD', 'SOLD_MORTGAGED', 'SOLD', 'DEVELOPER_HELD', 'SOLD_MORTGAGED', 'IN_PROGRESS',
];

/** The story of the household at `index`; one case in twenty is left in progress, accepted and reviewed by turns. */
export function storyOf(index: number): Story {
  if (index < FIRST_STORIES.length) return FIRST_STORIES[index];
  const i = index - FIRST_STORIES.length;
  const story = MIX[i % MIX.length];
  if (story !== 'IN_PROGRESS') return story;
  return Math.floor(i / MIX.length) % 2 === 0 ? 'TRANSFER_ACCEPTED' : 'TRANSFER_REVIEWED';
}

export interface SeededUnit {
  unitNumber: string;
  houseCode: string;
  projectId: string;
  story: Story;
  /** Certificates of title in issue order: the developer's first, the current owner's last. */
  titleCertificates: string[];
  /** Registration proofs of the unit's mortgages. */
  mortgageCertificates: string[];
  /** The registration left open or withdrawn, for the mid-way stories. */
  openRegistrationId?: string;
  applicationIds: string[];
  contractIds: string[];
  seizureId?: string;
}

export interface SeedReport {
  runStamp: string;
  units: SeededUnit[];
  projects: string[];
  transactions: number;
  elapsedMs: number;
  stories: Record<Story, number>;
}

export interface SeedOptions {
  baseUrl: string;
  accounts: DemoAccount[];
  size?: SeedSize;
  concurrency?: number;
  runStamp?: string;
  log?: (line: string) => void;
}

/** An error answered by the gateway, with the step that asked. */
export class SeedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SeedError';
  }
}

const RETRYABLE = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT', 'READ_MODEL_UNAVAILABLE', 'RATE_LIMITED']);
const MAX_ATTEMPTS = 6;

type Role = 'surveyor' | 'filing' | 'clerk' | 'reviewer' | 'registrar' | 'certifier' | 'assessor' | 'enforcement';
const MSP_OF: Record<Role, string> = {
  surveyor: 'HousingMSP',
  filing: 'HousingMSP',
  clerk: 'RegistryMSP',
  reviewer: 'RegistryMSP',
  registrar: 'RegistryMSP',
  certifier: 'RegistryMSP',
  assessor: 'TaxMSP',
  enforcement: 'CourtMSP',
};

interface Submission {
  txId: string;
  blockNumber: number;
}

interface RegistrationRecord {
  registrationId: string;
  status: string;
  certNo?: string;
  certHash?: string;
}

/** The gateway's HTTP API as the seed drives it: one API key per role, retries on MVCC conflicts. */
export class GatewayClient {
  transactions = 0;
  private readonly keys: Record<Role, string>;

  constructor(
    readonly baseUrl: string,
    accounts: DemoAccount[],
  ) {
    const key = (role: Role) => {
      const account = accounts.find((a) => a.msp === MSP_OF[role] && a.role === role && a.districts.includes(DISTRICT));
      if (!account) throw new Error(`demo accounts have no ${MSP_OF[role]}/${role} for district ${DISTRICT}`);
      return account.apiKey;
    };
    this.keys = Object.fromEntries((Object.keys(MSP_OF) as Role[]).map((r) => [r, key(r)])) as Record<Role, string>;
  }

  private async call(role: Role, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers: { 'x-api-key': this.keys[role], accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json: unknown = await res.json().catch(() => null);
      if (res.ok) return { status: res.status, json };
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      const code = error?.code ?? `HTTP_${res.status}`;
      if (RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, 20 * attempt + Math.floor(Math.random() * 30)));
        continue;
      }
      throw new SeedError(res.status, code, `${method} ${path} as ${role}: ${res.status} ${code}: ${error?.message ?? ''}`);
    }
  }

  async post(role: Role, path: string, body: object): Promise<Submission> {
    const { json } = await this.call(role, 'POST', path, body);
    this.transactions++;
    return json as Submission;
  }

  async get<T>(role: Role, path: string): Promise<T> {
    return (await this.call(role, 'GET', path)).json as T;
  }

  /** The register's today (a China date): terms and case years follow the gateway's clock, not this host's. */
  async registerToday(): Promise<string> {
    return (await this.get<{ today: string }>('clerk', '/time')).today;
  }

  /** Whether a unit number is already in the register (404 means free). */
  async unitExists(unitNumber: string): Promise<boolean> {
    const res = await fetch(`${this.baseUrl}/api/v1/units/${unitNumber}`, { headers: { 'x-api-key': this.keys.clerk } });
    if (res.status === 404) return false;
    if (res.ok) return true;
    throw new SeedError(res.status, `HTTP_${res.status}`, `GET /units/${unitNumber}: ${res.status} ${await res.text()}`);
  }
}

// ---- realistic parties -------------------------------------------------------------------

/** Deterministic pseudo-random numbers (mulberry32), so a run stamp always yields the same people. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰春梅海燕波宇浩然子涵欣怡思雨晨阳佳琪俊杰文博雅婷诗涵梓轩一鸣宏达立新德明永胜晓东雪梅丹凤';
/** County codes of 达州市 where buyers were born (GB/T 2260). */
const BIRTH_COUNTIES = ['511702', '511703', '511722', '511723', '511724', '511725', '511781'];

const pick = <T>(rnd: () => number, list: ArrayLike<T>): T => list[Math.floor(rnd() * list.length)];

/** A resident ID (GB 11643) with a real birth date and its ISO 7064 MOD 11-2 check character. */
export function residentId(county: string, birth: Date, sequence: number): string {
  const first17 = `${county}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A unified social credit code (GB 32100) for an enterprise (91) registered in `division`. */
export function creditCode(division: string, orgBody: string): string {
  const orgCode = orgBody + orgCodeCheckChar(orgBody);
  const first17 = `91${division}${orgCode}`;
  return first17 + creditCodeCheckChar(first17);
}

class People {
  private readonly rnd: () => number;

  constructor(seed: number) {
    this.rnd = random(seed);
  }

  person(sex?: 'M' | 'F'): PartyIdentity {
    const rnd = this.rnd;
    const given = Array.from({ length: rnd() < 0.7 ? 2 : 1 }, () => pick(rnd, GIVEN)).join('');
    const birth = new Date(Date.UTC(1958 + Math.floor(rnd() * 42), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)));
    // The 17th digit is odd for men and even for women.
    let seq = 1 + Math.floor(rnd() * 998);
    const want = sex ?? (rnd() < 0.5 ? 'M' : 'F');
    if ((seq % 2 === 1) !== (want === 'M')) seq = seq === 999 ? 998 : seq + 1;
    return { kind: 'PERSON', name: pick(rnd, SURNAMES) + given, idNumber: residentId(pick(rnd, BIRTH_COUNTIES), birth, seq) };
  }

  /** One buyer, or a married couple buying jointly. */
  buyers(): PartyIdentity[] {
    return this.rnd() < 0.45 ? [this.person('M'), this.person('F')] : [this.person()];
  }

  chance(p: number): boolean {
    return this.rnd() < p;
  }

  between(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
}

const org = (name: string, division: string, body: string): PartyIdentity => ({ kind: 'ORG', name, idNumber: creditCode(division, body) });

const DEVELOPERS: PartyIdentity[] = [
  org('达州市滨江房地产开发有限公司', '511702', '20931455'),
  org('四川凤凰山置业有限公司', '511700', '32845171'),
  org('达州市莲湖实业有限公司', '511702', '57019326'),
];

const BANKS: PartyIdentity[] = [
  org('中国建设银行股份有限公司达州分行', '511700', '20951274'),
  org('中国工商银行股份有限公司达州分行', '511700', '20952108'),
  org('四川银行股份有限公司达州分行', '511700', '09861735'),
  org('达州银行股份有限公司', '511700', '20950016'),
];

interface ProjectPlan {
  name: string;
  road: string;
  number: number;
  developer: PartyIdentity;
  /** Price per square metre, yuan. */
  unitPrice: number;
}

const PROJECTS: ProjectPlan[] = [
  { name: '滨江花园', road: '滨江路', number: 88, developer: DEVELOPERS[0], unitPrice: 7200 },
  { name: '凤凰山居', road: '凤凰大道', number: 266, developer: DEVELOPERS[1], unitPrice: 8600 },
  { name: '莲湖湾', road: '莲湖路', number: 19, developer: DEVELOPERS[2], unitPrice: 6900 },
];

/** Floor plans: gross area and inner (套内) area in m² × 100. */
const PLANS: Array<[number, number]> = [
  [8956, 7412],
  [11230, 9318],
  [12875, 10690],
  [9820, 8104],
];

const yuan = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The certificate an issued registration produced (every type the seed issues produces one). */
function certificateOf(reg: RegistrationRecord): string {
  if (!reg.certNo) throw new SeedError(500, 'NO_CERTIFICATE', `registration ${reg.registrationId} is ${reg.status} without a certificate`);
  return reg.certNo;
}

// ---- the seed -------------------------------------------------------------------------------

interface Household {
  houseCode: string;
  unitNumber: string;
  projectId: string;
  plan: ProjectPlan;
  grossCents: number;
  story: Story;
}

type HouseholdInput = ApiInput<'publishProject'>['buildings'][number]['households'][number];

/** Runs `work` over `items` with at most `n` at a time; the first failure stops new work and is rethrown. */
async function inPool<T>(items: T[], n: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const i = next++;
      try {
        await work(items[i], i);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  if (failure !== null) throw failure;
}

export class DistrictSeeder {
  private readonly api: GatewayClient;
  private readonly size: SeedSize;
  private readonly concurrency: number;
  private readonly stamp: string;
  private readonly people: People;
  private readonly log: (line: string) => void;
  private counter = 0;
  private today = '';

  constructor(opts: SeedOptions) {
    this.api = new GatewayClient(opts.baseUrl, opts.accounts);
    this.size = opts.size ?? DEMO_SIZE;
    this.concurrency = opts.concurrency ?? 8;
    this.stamp = opts.runStamp ?? Date.now().toString(36).toUpperCase();
    this.people = new People(parseInt(this.stamp, 36) % 2 ** 31);
    this.log = opts.log ?? (() => undefined);
  }

  private id(prefix: string): string {
    return `${prefix}-${this.stamp}-${String(++this.counter).padStart(5, '0')}`;
  }

  private materials(type: RegistrationType, caseId: string) {
    return MATERIALS_CHECKLIST[type].map((t) => ({ type: t, sha256: sha256(`${caseId}:${t}`) }));
  }

  async run(): Promise<SeedReport> {
    const started = Date.now();
    this.today = await this.api.registerToday();
    const { projects, buildingsPerProject, floors, roomsPerFloor } = this.size;
    this.log(`seed ${this.stamp}: ${projects} projects × ${buildingsPerProject} buildings × ${floors} floors × ${roomsPerFloor} rooms in district ${DISTRICT}, ${this.concurrency} cases at a time`);
    const parcels = await this.freeParcels(projects);
    const households: Household[] = [];
    const projectIds: string[] = [];
    for (let p = 0; p < projects; p++) {
      const plan = PROJECTS[p % PROJECTS.length];
      const projectId = this.id('XM');
      projectIds.push(projectId);
      const buildings = Array.from({ length: buildingsPerProject }, (_, b) => {
        const inputs: HouseholdInput[] = [];
        for (let floor = 1; floor <= floors; floor++) {
          for (let r = 1; r <= roomsPerFloor; r++) {
            const [gross, inner] = PLANS[(r - 1) % PLANS.length];
            const room = `${floor}${String(r).padStart(2, '0')}`;
            const houseCode = `HC-${this.stamp}-${p + 1}-${b + 1}-${room}`;
            inputs.push({
              houseCode,
              floor,
              room,
              location: `达州市通川区${plan.road}${plan.number}号${plan.name}${b + 1}栋${room}室`,
              use: '城镇住宅用地/住宅',
              structure: '钢筋混凝土结构',
              areas: { building: yuan(gross), inner: yuan(inner), shared: yuan(gross - inner) },
            });
            const unitNumber = `${DISTRICT}001002GB${String(parcels[p]).padStart(5, '0')}F${String(b + 1).padStart(4, '0')}${String(floor * 100 + r).padStart(4, '0')}`;
            households.push({ houseCode, unitNumber, projectId, plan, grossCents: gross, story: storyOf(households.length) });
          }
        }
        return { buildingId: `${projectId}-B${b + 1}`, name: `${b + 1}栋`, households: inputs };
      });
      const body: ApiInput<'publishProject'> = {
        projectId,
        name: plan.name,
        district: DISTRICT,
        developer: plan.developer,
        presalePermit: `达住建预售字(${Number(this.today.slice(0, 4)) - 1})第${String(10 + p).padStart(3, '0')}号`,
        buildings,
      };
      await this.api.post('surveyor', '/projects', body);
      this.log(`  published ${plan.name} (${projectId}): ${buildingsPerProject} buildings, ${floors * roomsPerFloor * buildingsPerProject} households, parcel ${parcels[p]}`);
    }

    const units: SeededUnit[] = [];
    let done = 0;
    await inPool(households, this.concurrency, async (h) => {
      units.push(await this.household(h));
      done++;
      if (done % Math.max(1, Math.ceil(households.length / 10)) === 0 || done === households.length) {
        const s = (Date.now() - started) / 1000;
        this.log(`  ${done}/${households.length} households · ${this.api.transactions} tx · ${(this.api.transactions / s).toFixed(1)} tx/s`);
      }
    });
    units.sort((a, b) => a.unitNumber.localeCompare(b.unitNumber));
    const stories = Object.fromEntries(FIRST_STORIES.map((s) => [s, units.filter((u) => u.story === s).length])) as Record<Story, number>;
    return { runStamp: this.stamp, units, projects: projectIds, transactions: this.api.transactions, elapsedMs: Date.now() - started, stories };
  }

  /** Parcels (宗地) not yet in the register: starting from one derived from the run stamp. */
  private async freeParcels(n: number): Promise<number[]> {
    const found: number[] = [];
    let candidate = 1 + (parseInt(this.stamp, 36) % 90000);
    while (found.length < n) {
      const probe = `${DISTRICT}001002GB${String(candidate).padStart(5, '0')}F00010101`;
      if (!(await this.api.unitExists(probe))) found.push(candidate);
      candidate = candidate >= 99999 ? 1 : candidate + 1;
    }
    return found;
  }

  private async household(h: Household): Promise<SeededUnit> {
    const unit: SeededUnit = { unitNumber: h.unitNumber, houseCode: h.houseCode, projectId: h.projectId, story: h.story, titleCertificates: [], mortgageCertificates: [], applicationIds: [], contractIds: [] };
    await this.api.post('registrar', `/households/${encodeURIComponent(h.houseCode)}/link`, { unitNumber: h.unitNumber } satisfies Omit<ApiInput<'linkUnit'>, 'houseCode'>);
    const first = await this.register(h.unitNumber, 'FIRST', [h.plan.developer], {});
    unit.titleCertificates.push(certificateOf(first));
    const developer = [h.plan.developer];
    switch (h.story) {
      case 'DEVELOPER_HELD':
        break;
      case 'SOLD':
        await this.sale(unit, h, developer, this.people.buyers(), 'COMMODITY');
        break;
      case 'SOLD_MORTGAGED': {
        const buyers = this.people.buyers();
        const price = await this.sale(unit, h, developer, buyers, 'COMMODITY');
        await this.mortgage(unit, buyers, price);
        break;
      }
      case 'RESOLD': {
        const first = this.people.buyers();
        await this.sale(unit, h, developer, first, 'COMMODITY');
        const second = this.people.buyers();
        const price = await this.sale(unit, h, first, second, 'STOCK');
        await this.mortgage(unit, second, price);
        break;
      }
      case 'SEIZED':
        await this.sale(unit, h, developer, this.people.buyers(), 'COMMODITY');
        unit.seizureId = this.id('CF');
        await this.api.post('enforcement', '/seizures', {
          seizureId: unit.seizureId,
          unitNumber: h.unitNumber,
          caseNumber: `(${this.today.slice(0, 4)})川1702执${this.people.between(100, 999)}号`,
          documentHash: sha256(`ruling:${unit.seizureId}`),
          endDate: addYearsToDate(this.today, 2),
        } satisfies ApiInput<'seize'>);
        break;
      case 'TRANSFER_ACCEPTED':
      case 'TRANSFER_REVIEWED':
      case 'WITHDRAWN':
        await this.sale(unit, h, developer, this.people.buyers(), 'COMMODITY', h.story);
        break;
    }
    return unit;
  }

  /**
   * A one-window sale: application, online-signed and filed contract, assessed and cleared taxes,
   * transfer registration through issue, or left at `stopAt`. Returns the price in yuan cents.
   */
  private async sale(unit: SeededUnit, h: Household, sellers: PartyIdentity[], buyers: PartyIdentity[], kind: 'COMMODITY' | 'STOCK', stopAt?: Story): Promise<number> {
    const applicationId = this.id('YC');
    unit.applicationIds.push(applicationId);
    await this.api.post('clerk', '/applications', {
      applicationId,
      businessType: 'TRANSFER',
      unitNumber: h.unitNumber,
      applicants: [...sellers, ...buyers],
      materials: this.materials('TRANSFER', applicationId),
      channel: kind === 'COMMODITY' ? '开发企业新建商品房一窗办理' : '通川区政务服务中心一窗受理',
    } satisfies ApiInput<'createApplication'>);

    const perMetre = kind === 'COMMODITY' ? h.plan.unitPrice : Math.round(h.plan.unitPrice * (1.05 + this.people.between(0, 20) / 100));
    const price = Math.round((h.grossCents * perMetre) / 100) * 100;
    const contractId = this.id('HT');
    unit.contractIds.push(contractId);
    await this.api.post('filing', '/contracts', {
      contractId,
      kind,
      unitNumber: h.unitNumber,
      sellers: sellers.map((party) => ({ party })),
      buyers: buyers.map((party) => ({ party })),
      buyerCoOwnership: buyers.length > 1 ? 'JOINT' : 'SOLE',
      price: yuan(price),
      applicationId,
    } satisfies ApiInput<'signContract'>);
    await this.api.post('filing', `/contracts/${contractId}/file`, {});

    // Deed tax 1% up to 90 m², 1.5% above (first home); a resale also pays 1% individual income tax.
    const deedRate = h.grossCents <= 9000 ? 1 : 1.5;
    const items: ApiInput<'assessTax'>['items'] = [{ kind: 'DEED_TAX', payer: 'BUYER', base: yuan(price), rate: String(deedRate), amount: yuan(Math.round((price * deedRate) / 100)) }];
    if (kind === 'STOCK') items.push({ kind: 'INDIVIDUAL_INCOME_TAX', payer: 'SELLER', base: yuan(price), rate: '1', amount: yuan(Math.round(price / 100)) });
    const taxId = this.id('SW');
    await this.api.post('assessor', '/tax-assessments', { taxId, contractId, items, applicationId } satisfies ApiInput<'assessTax'>);
    await this.api.post('assessor', `/tax-assessments/${taxId}/clear`, { voucherHash: sha256(`voucher:${taxId}`) } satisfies Omit<ApiInput<'clearTax'>, 'taxId'>);

    const until = stopAt === 'TRANSFER_REVIEWED' ? 'REVIEWED' : stopAt ? 'ACCEPTED' : 'ISSUED';
    const reg = await this.register(h.unitNumber, 'TRANSFER', [...sellers, ...buyers], { contractId, taxId, applicationId, coOwnership: buyers.length > 1 ? 'JOINT' : 'SOLE' }, until);
    if (stopAt) unit.openRegistrationId = reg.registrationId;
    if (stopAt === 'WITHDRAWN') {
      await this.api.post('clerk', `/applications/${applicationId}/withdraw`, { reason: '申请人协商一致解除买卖合同，申请撤件' } satisfies Omit<ApiInput<'withdrawApplication'>, 'applicationId'>);
      await this.api.post('filing', `/contracts/${contractId}/cancel`, { reason: '买卖双方协议解除合同' } satisfies Omit<ApiInput<'cancelContract'>, 'contractId'>);
    }
    if (!stopAt) unit.titleCertificates.push(certificateOf(reg));
    return price;
  }

  private async mortgage(unit: SeededUnit, owners: PartyIdentity[], priceCents: number): Promise<void> {
    const bank = BANKS[this.people.between(0, BANKS.length - 1)];
    const amount = Math.floor((priceCents * 0.7) / 1_000_000) * 1_000_000;
    const start = this.today;
    const reg = await this.register(unit.unitNumber, 'MORTGAGE', owners, {
      mortgage: { creditor: bank, amount: yuan(Math.max(amount, 10_000_000)), maximumAmount: false, noTransfer: false, termStart: start, termEnd: addYearsToDate(start, this.people.chance(0.5) ? 20 : 30) },
      channel: `${bank.name}抵押登记直连`,
    });
    unit.mortgageCertificates.push(certificateOf(reg));
  }

  /** Applies and steps a registration to `until` (certify and issue only where it issues a certificate). */
  private async register(
    unitNumber: string,
    type: ApiInput<'applyRegistration'>['type'],
    applicants: PartyIdentity[],
    extra: Partial<Pick<ApiInput<'applyRegistration'>, 'contractId' | 'taxId' | 'applicationId' | 'coOwnership' | 'mortgage' | 'channel'>>,
    until: 'ACCEPTED' | 'REVIEWED' | 'ISSUED' = 'ISSUED',
  ): Promise<RegistrationRecord> {
    const registrationId = this.id('DJ');
    const body: ApiInput<'applyRegistration'> = {
      registrationId,
      type,
      unitNumber,
      applicants: applicants.map((party) => ({ party })),
      consents: [],
      // A one-window case carries its materials on the application.
      documents: extra.applicationId ? [] : this.materials(type, registrationId),
      ...extra,
    };
    await this.api.post('clerk', '/registrations', body);
    const step = `/registrations/${registrationId}`;
    await this.api.post('clerk', `${step}/accept`, {});
    if (until !== 'ACCEPTED') await this.api.post('reviewer', `${step}/review`, { decision: 'APPROVE', note: '材料齐全，符合登记条件' } satisfies Omit<ApiInput<'review'>, 'registrationId'>);
    if (until === 'ISSUED') {
      await this.api.post('registrar', `${step}/record`, {});
      if (!CERTIFICATE_OF[type]) return this.api.get<RegistrationRecord>('clerk', step);
      await this.api.post('certifier', `${step}/certify`, {});
      await this.api.post('certifier', `${step}/issue`, {});
    }
    return this.api.get<RegistrationRecord>('clerk', step);
  }
}

export function seedDistrict(opts: SeedOptions): Promise<SeedReport> {
  return new DistrictSeeder(opts).run();
}

/** The gateway to seed: BASE_URL, else the one `npm start` runs with the same environment (PORT, 8080 by default). */
export function seedBaseUrl(env: NodeJS.ProcessEnv): string {
  return (env.BASE_URL ?? `http://127.0.0.1:${env.PORT || 8080}`).replace(/\/$/, '');
}

async function main(): Promise<void> {
  const baseUrl = seedBaseUrl(process.env);
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  const sizeName = process.env.SEED_SIZE ?? 'demo';
  if (sizeName !== 'demo' && sizeName !== 'small') throw new Error(`SEED_SIZE must be demo or small, got ${sizeName}`);
  const concurrency = Number(process.env.SEED_CONCURRENCY ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('SEED_CONCURRENCY must be a positive integer');
  const health = await fetch(`${baseUrl}/health`).catch((err: Error) => {
    throw new Error(`no gateway at ${baseUrl} (${err.message}); start it with npm start`);
  });
  if (!health.ok) throw new Error(`gateway at ${baseUrl} is not healthy: ${health.status} ${await health.text()}`);

  const report = await seedDistrict({ baseUrl, accounts: readDemoAccounts(dataDir), size: sizeName === 'small' ? SMALL_SIZE : DEMO_SIZE, concurrency, log: (l) => console.log(l) });
  const seconds = report.elapsedMs / 1000;
  const sample = (s: Story) => report.units.find((u) => u.story === s)?.unitNumber ?? '—';
  console.log(
    [
      '',
      `Seeded run ${report.runStamp} in ${seconds.toFixed(1)} s: ${report.transactions} transactions, ${(report.transactions / seconds).toFixed(1)} tx/s`,
      `  projects ${report.projects.length}, households ${report.units.length}`,
      ...Object.entries(report.stories).map(([story, n]) => `  ${story.padEnd(18)} ${String(n).padStart(4)}   e.g. ${sample(story as Story)}`),
      `  certificates ${report.units.reduce((n, u) => n + u.titleCertificates.length + u.mortgageCertificates.length, 0)}`,
      '',
      `Explore: ${baseUrl}/units/${sample('RESOLD')}    verify: ${baseUrl}/verify`,
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`demo:seed failed: ${err.message}`);
    process.exit(1);
  });
}
