import { inject, injectable } from 'tsyringe';
import type { Logger } from 'pino';
import { MAX_NUMBERING_BATCH, type LedgerConfig, type Registration } from '@estate-ledger/chaincode';
import { AuditLog } from '../audit/audit-log';
import type { GatewayConfig } from '../config/gateway-config';
import { LedgerRuleRefusal, TransactionInvalidError } from '../ledger/ledger-errors';
import type { CallerIdentity, LedgerPort } from '../ledger/ledger-port';
import { READ_CONFLICTS } from '../ledger/validation-codes';
import { CONFIG, LEDGER, LOGGER } from '../tokens';

/** The registry's own identity for the numbering step: the role that certifies. */
const STATION: CallerIdentity = { msp: 'RegistryMSP', role: 'certifier' };

export interface CertificateNumber {
  certNo: string;
  certHash: string;
  /** A block at or after the numbering transaction's: the read model shows the number once it projected it. */
  blockNumber: number;
}

interface Waiter {
  resolve(n: CertificateNumber | undefined): void;
}

/**
 * The numbering station of a registry gateway: one batcher per office, one numbering transaction
 * (Certificate:number) in flight per office at a time, carrying every certification that
 * committed while the previous batch was on its way. Certify itself writes no shared key, so any
 * number of certifications share a block; only the numbering transactions touch an office's
 * sequence, one per block at most from this station, so none of them conflicts with another of
 * its own. A sweep picks up what waits in the ledger's queues (certified through another gateway,
 * or before a restart).
 */
@injectable()
export class CertificateNumbering {
  private readonly waiting = new Map<string, Map<string, Waiter[]>>();
  private readonly running = new Set<string>();
  private sweepTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @inject(LEDGER) private readonly ledger: LedgerPort,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  get enabled(): boolean {
    return this.config.numberingStation;
  }

  /**
   * The number of a certification queued with `office`, once the batch that carries it committed;
   * undefined when it could not be numbered now (the ledger keeps it queued for the next sweep).
   */
  numberOf(office: string, registrationId: string): Promise<CertificateNumber | undefined> {
    return new Promise((resolve) => this.enqueue(office, registrationId, { resolve }));
  }

  /** Sweeps now, then every `intervalMs`. */
  start(intervalMs: number): void {
    if (!this.enabled) return;
    const tick = () => {
      void this.sweep().finally(() => {
        if (!this.stopped && intervalMs > 0) this.sweepTimer = setTimeout(tick, intervalMs);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sweepTimer);
    while (this.running.size > 0) await new Promise((r) => setTimeout(r, 20));
  }

  /** Queues for numbering whatever waits in any office's ledger queue. */
  async sweep(): Promise<void> {
    try {
      const config = JSON.parse(await this.ledger.evaluate({ identity: STATION, fn: 'Admin:getConfig', args: [] })) as LedgerConfig;
      for (const { code } of config.offices) {
        const queued = JSON.parse(await this.ledger.evaluate({ identity: STATION, fn: 'Certificate:awaitingNumber', args: [code] })) as Array<{ registrationId: string }>;
        for (const q of queued) this.enqueue(code, q.registrationId, { resolve: () => undefined });
      }
    } catch (err) {
      this.logger.warn({ err }, 'certificate numbering sweep failed; the next one retries');
    }
  }

  private enqueue(office: string, registrationId: string, waiter: Waiter): void {
    if (this.stopped) return waiter.resolve(undefined);
    const queue = this.waiting.get(office) ?? this.waiting.set(office, new Map()).get(office)!;
    queue.set(registrationId, [...(queue.get(registrationId) ?? []), waiter]);
    if (!this.running.has(office)) void this.run(office);
  }

  private async run(office: string): Promise<void> {
    this.running.add(office);
    try {
      const queue = this.waiting.get(office)!;
      while (queue.size > 0) {
        const batch = [...queue.entries()].slice(0, MAX_NUMBERING_BATCH);
        for (const [id] of batch) queue.delete(id);
        const numbered = await this.submitBatch(office, batch.map(([id]) => id));
        for (const [id, waiters] of batch) {
          const n = numbered.get(id) ?? (await this.numberOnLedger(id));
          for (const w of waiters) w.resolve(n);
        }
      }
    } finally {
      this.running.delete(office);
    }
  }

  /** One numbering transaction, repeated on a read conflict (another station numbered the office meanwhile). */
  private async submitBatch(office: string, registrationIds: string[]): Promise<Map<string, CertificateNumber>> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.ledger.submit({ identity: STATION, fn: 'Certificate:number', args: [JSON.stringify({ office, registrationIds })] });
        const { numbered } = JSON.parse(result.result) as { numbered: Array<{ registrationId: string; certNo: string; certHash: string }> };
        this.audit.record({ kind: 'SUBMISSION', actor: 'numbering-station', msp: STATION.msp, role: STATION.role, fn: 'Certificate:number', txId: result.txId, detail: { outcome: 'VALID', blockNumber: result.blockNumber, office, numbered: numbered.length } });
        return new Map(numbered.map((n) => [n.registrationId, { certNo: n.certNo, certHash: n.certHash, blockNumber: result.blockNumber }]));
      } catch (err) {
        const conflict = err instanceof TransactionInvalidError && READ_CONFLICTS.has(err.code);
        if (conflict && attempt < 5) continue;
        // Nothing left to number: another station numbered them (numberOnLedger finds their numbers).
        if (err instanceof LedgerRuleRefusal && err.code === 'INVALID_STATE') return new Map();
        this.logger.warn({ err, office, count: registrationIds.length }, 'certificate numbering failed; the certifications stay queued on the ledger for the next sweep');
        return new Map();
      }
    }
  }

  /** A number another station gave, read from the ledger; undefined while there is none. */
  private async numberOnLedger(registrationId: string): Promise<CertificateNumber | undefined> {
    try {
      const reg = JSON.parse(await this.ledger.evaluate({ identity: STATION, fn: 'Registration:get', args: [registrationId] })) as Registration;
      return reg.certNo && reg.certHash ? { certNo: reg.certNo, certHash: reg.certHash, blockNumber: (await this.ledger.height()) - 1 } : undefined;
    } catch {
      return undefined;
    }
  }
}
