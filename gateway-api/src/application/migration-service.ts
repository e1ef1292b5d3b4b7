import { inject, injectable } from 'tsyringe';
import type { StaffPrincipal } from '../auth/principal';
import { AuditLog } from '../audit/audit-log';
import type { GatewayConfig } from '../config/gateway-config';
import type { LedgerPort } from '../ledger/ledger-port';
import { MigrationLoader, type MigrationOutcome, type MigrationReport } from '../migration/migration-loader';
import { Projector } from '../read-model/projector';
import type { Clock } from '../register-clock';
import { CLOCK, CONFIG, LEDGER } from '../tokens';
import { OutsideDistrictError } from './application-errors';
import { identityOf } from './command-service';

/** Loads and previews migration batches for a registry caller: tenancy, the caller's signature, audit. */
@injectable()
export class MigrationService {
  constructor(
    @inject(LEDGER) private readonly ledger: LedgerPort,
    @inject(Projector) private readonly projector: Projector,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async preview(principal: StaffPrincipal, batchId: string, records: Array<{ unitNumber: string }>): Promise<MigrationOutcome[]> {
    this.checkTenancy(principal, records);
    return this.loader(principal).preview(batchId, records);
  }

  /** Loads the batch's records; the read model shows them when this returns (unless projection lags past its wait). */
  async load(principal: StaffPrincipal, batchId: string, records: Array<{ unitNumber: string }>, requestId: string): Promise<MigrationReport> {
    this.checkTenancy(principal, records);
    let lastBlock = -1;
    const report = await this.loader(principal).load(batchId, records, {
      concurrency: 16,
      onOutcome: (o) => {
        if (o.outcome === 'LOADED') lastBlock = Math.max(lastBlock, o.blockNumber);
      },
    });
    this.audit.record({
      kind: 'SUBMISSION', actor: principal.subject, msp: principal.msp, role: principal.role, requestId, fn: 'Migration:migrateUnit',
      detail: { batchId, records: report.records, loaded: report.loaded, alreadyOnLedger: report.alreadyOnLedger, refused: report.refused.map((r) => r.legacyId).slice(0, 50) },
    });
    if (lastBlock >= 0) await this.projector.waitFor(lastBlock, this.config.projectionWaitMs);
    return report;
  }

  private loader(principal: StaffPrincipal): MigrationLoader {
    return new MigrationLoader(this.ledger, () => this.clock.now(), identityOf(principal));
  }

  private checkTenancy(principal: StaffPrincipal, records: Array<{ unitNumber: string }>): void {
    for (const r of records) {
      const district = r.unitNumber.slice(0, 6);
      if (!principal.districts.includes(district)) throw new OutsideDistrictError(district, principal.districts);
    }
  }
}
