import { inject, injectable } from 'tsyringe';
import { verificationOf, type Certificate, type Unit, type Verification } from '@estate-ledger/chaincode';
import { CLOCK, CONFIG, READ_DB, type Clock } from '../tokens';
import type { GatewayConfig } from '../config/gateway-config';
import { Projector } from './projector';
import type { ReadDb } from './read-db';
import { currentUnit } from './unit-queries';

interface Cached {
  body: string;
  unitNumber?: string;
}

/**
 * Public verify-by-hash. Answers come from the read model through one named prepared statement;
 * rendered answers are cached by hash and dropped when the projector writes that certificate or
 * its unit. An answer that depends on a lazy time limit is not cached past that limit's instant.
 * When the read model cannot answer, the outcome is STATUS_UNKNOWN, never VALID.
 */
@injectable()
export class VerificationQuery {
  private readonly cache = new Map<string, Cached>();
  private readonly byUnit = new Map<string, Set<string>>();

  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(CONFIG) private readonly config: GatewayConfig,
    @inject(Projector) projector: Projector,
  ) {
    projector.onProjected((batch) => {
      for (const hash of batch.certificateHashes) this.forget(hash);
      for (const unit of batch.units) for (const hash of this.byUnit.get(unit) ?? []) this.forget(hash);
    });
  }

  /** The JSON body for a hash; `cached` tells whether it came from memory. */
  async verify(hash: string): Promise<{ body: string; cached: boolean; unavailable: boolean }> {
    const hit = this.cache.get(hash);
    if (hit) return { body: hit.body, cached: true, unavailable: false };
    const checkedAt = this.clock.now();
    let result: Verification;
    let rows: Array<{ cert: Certificate; unit: Unit | null }>;
    try {
      rows = await this.db.query<{ cert: Certificate; unit: Unit | null }>(
        'SELECT c.doc AS cert, u.doc AS unit FROM certificates c LEFT JOIN units u ON u.unit_number = c.unit_number WHERE c.doc_hash = $1',
        [hash],
        'verify_by_hash',
      );
    } catch {
      const body = JSON.stringify({ outcome: 'STATUS_UNKNOWN', reason: 'The register cannot be consulted right now; this is not a confirmation.', checkedAt: checkedAt.toISOString() });
      return { body, cached: false, unavailable: true };
    }
    const row = rows[0];
    if (!row) result = verificationOf(undefined, undefined);
    else result = verificationOf(row.cert, row.unit ? (({ unit, flags }) => ({ registerVersion: unit.registerVersion, flags }))(currentUnit(row.unit, checkedAt)) : undefined);
    const body = JSON.stringify({ ...result, checkedAt: checkedAt.toISOString() });
    // NOT_FOUND is not cached: the certificate may be issued a moment later and nothing would evict it.
    if (row && this.cache.size < this.config.verifyCacheEntries && !dependsOnTime(row.unit)) this.remember(hash, { body, unitNumber: row.cert.unitNumber });
    return { body, cached: false, unavailable: false };
  }

  private remember(hash: string, entry: Cached): void {
    this.cache.set(hash, entry);
    if (entry.unitNumber) (this.byUnit.get(entry.unitNumber) ?? this.byUnit.set(entry.unitNumber, new Set()).get(entry.unitNumber))?.add(hash);
  }

  private forget(hash: string): void {
    const entry = this.cache.get(hash);
    if (!entry) return;
    this.cache.delete(hash);
    if (entry.unitNumber) this.byUnit.get(entry.unitNumber)?.delete(hash);
  }
}

/** Units with a restriction that lapses by itself (seizure term, notice, objection) change with time alone. */
function dependsOnTime(unit: Unit | null): boolean {
  if (!unit) return false;
  return unit.seizures.length > 0 || unit.notices.length > 0 || unit.objections.length > 0;
}
