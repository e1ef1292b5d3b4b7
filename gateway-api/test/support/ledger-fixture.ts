import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { residentIdCheckChar, type MspId, type PartyIdentity } from '@estate-ledger/chaincode';
import { EmbeddedLedger, type EmbeddedLedgerOptions, type SubmitOptions } from '../../src/ledger/embedded/embedded-ledger';
import { ensureConfigured } from '../../src/ledger/ledger-bootstrap';
import { DEFAULT_COURT } from '../../src/ledger/embedded/crypto-material';
import type { CallerIdentity, CommittedTransaction, LedgerPort, SubmitResult } from '../../src/ledger/ledger-port';

export const DISTRICT = '511702';
export const OTHER_COURT = '达州市中级人民法院';

/** A resident ID with a correct check character, from birth date and sequence. */
export function residentId(birth: string, seq: number): string {
  const first17 = `${DISTRICT}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export const PEOPLE = {
  developer: { kind: 'ORG', name: '达州市滨江房地产开发有限公司', idNumber: '91350100M000100Y43' },
  bank: { kind: 'ORG', name: '中国建设银行达州分行', idNumber: '91110000100008886U' },
  alice: { kind: 'PERSON', name: '张三丰', idNumber: residentId('19850312', 11) },
  bob: { kind: 'PERSON', name: '李四海', idNumber: residentId('19900708', 23) },
  carol: { kind: 'PERSON', name: '王五湖', idNumber: residentId('19780101', 35) },
} satisfies Record<string, PartyIdentity>;
export type Person = keyof typeof PEOPLE;

export function unitNumber(building: number, room: number, district = DISTRICT): string {
  return `${district}001002GB00011F${String(building).padStart(4, '0')}${String(room).padStart(4, '0')}`;
}

export const hashOf = (label: string) => createHash('sha256').update(label).digest('hex');

export const ROLE = {
  clerk: { msp: 'RegistryMSP', role: 'clerk' },
  reviewer: { msp: 'RegistryMSP', role: 'reviewer' },
  registrar: { msp: 'RegistryMSP', role: 'registrar' },
  certifier: { msp: 'RegistryMSP', role: 'certifier' },
  surveyor: { msp: 'HousingMSP', role: 'surveyor' },
  filing: { msp: 'HousingMSP', role: 'filing' },
  assessor: { msp: 'TaxMSP', role: 'assessor' },
  court: { msp: 'CourtMSP', role: 'enforcement', court: DEFAULT_COURT },
  otherCourt: { msp: 'CourtMSP', role: 'enforcement', court: OTHER_COURT },
} satisfies Record<string, CallerIdentity>;

/** Test calls through any ledger port: commands as one JSON argument, parties in the transient map. */
export class LedgerClient<L extends LedgerPort = LedgerPort> {
  constructor(readonly ledger: L) {}

  async submit(identity: CallerIdentity, fn: string, input: object, transient?: Record<string, string>): Promise<SubmitResult> {
    return this.ledger.submit({ identity, fn, args: [JSON.stringify(input)], transient });
  }

  /** Submits with parties: each named person goes into the transient map under its own key. */
  async submitWith(identity: CallerIdentity, fn: string, input: object, people: Person[]): Promise<SubmitResult> {
    const parties = Object.fromEntries(people.map((p) => [p, PEOPLE[p]]));
    return this.submit(identity, fn, input, { parties: JSON.stringify(parties) });
  }

  async evaluate<T>(identity: CallerIdentity, fn: string, ...args: string[]): Promise<T> {
    return JSON.parse(await this.ledger.evaluate({ identity, fn, args })) as T;
  }

  /** The committed transaction of a submission, as its block shows it. */
  async committed(result: SubmitResult): Promise<CommittedTransaction> {
    const stop = new AbortController();
    try {
      for await (const block of this.ledger.blocks(result.blockNumber, stop.signal)) {
        const tx = block.transactions.find((t) => t.txId === result.txId);
        if (!tx) throw new Error(`transaction ${result.txId} is not in block ${block.number}`);
        return tx;
      }
    } finally {
      stop.abort();
    }
    throw new Error(`block ${result.blockNumber} was not delivered`);
  }
}

/** A throwaway embedded ledger in a temporary directory, configured like a fresh start. */
export class LedgerFixture extends LedgerClient<EmbeddedLedger> {
  private constructor(
    ledger: EmbeddedLedger,
    readonly dir: string,
  ) {
    super(ledger);
  }

  static async create(opts: Partial<EmbeddedLedgerOptions> = {}): Promise<LedgerFixture> {
    const dir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'estate-ledger-')));
    const ledger = await EmbeddedLedger.open({ ...opts, dataDir: dir });
    const fx = new LedgerFixture(ledger, dir);
    await ensureConfigured(ledger);
    return fx;
  }

  override async submit(identity: CallerIdentity, fn: string, input: object, transient?: Record<string, string>, opts?: SubmitOptions): Promise<SubmitResult> {
    return this.ledger.submit({ identity, fn, args: [JSON.stringify(input)], transient }, opts);
  }

  async close(remove = true): Promise<void> {
    await this.ledger.close();
    if (remove) await rm(this.dir, { recursive: true, force: true });
  }
}

export type { MspId };
