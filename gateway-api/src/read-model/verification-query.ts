import { inject, injectable } from 'tsyringe';
import { currentContentFingerprint, proofVerificationOf, verificationOf, type Certificate, type HoldingsProof, type RegisterNow, type Verification } from '@estate-ledger/chaincode';
import { CLOCK, CONFIG, READ_DB } from '../tokens';
import type { Clock } from '../register-clock';
import type { GatewayConfig } from '../config/gateway-config';
import { Projector } from './projector';
import type { ReadDb } from './read-db';
import { currentUnit, registerState, registerStateColumns, type RegisterStateRow } from './unit-queries';

interface Cached {
  body: string;
  unitNumber?: string;
}

/**
 * One index probe per table and only the columns a verdict needs (see registerStateColumns): the
 * fingerprint of what the certificate states, and the unit's fingerprint of the same right now.
 */
const VERIFY_SELECT = `SELECT c.cert_no, c.kind, c.right_type, c.right_id, c.unit_number, c.status, c.register_version, c.issued_at, c.content_hash,
    c.doc->>'statusReason' AS status_reason, c.doc->>'supersededBy' AS superseded_by, ${registerStateColumns('u')},
    u.content_hashes->>c.right_id AS unit_content_hash
  FROM certificates c LEFT JOIN units u ON u.unit_number = c.unit_number`;
/** By the SHA-256 of the canonical JSON or of the PDF a person holds. */
export const VERIFY_SQL = `${VERIFY_SELECT} WHERE c.doc_hash = $1 OR c.pdf_hash = $1`;
/** A certificate as printed on paper: its number and its unit, both must match (a number alone is guessable). */
const VERIFY_BY_NUMBER_SQL = `${VERIFY_SELECT} WHERE c.cert_no = $1 AND c.unit_number = $2`;

/** A holdings proof by the hash of its canonical JSON or of its PDF. */
export const VERIFY_PROOF_SQL = `SELECT doc FROM holdings_proofs WHERE doc_hash = $1 OR pdf_hash = $1`;

/** A certificate and its unit's register state; the unit's columns are null when it has no row. */
export interface VerifyRow extends Omit<RegisterStateRow, 'unit_version'> {
  cert_no: string;
  kind: Certificate['kind'];
  right_type: Certificate['rightType'];
  right_id: string;
  unit_number: string;
  status: Certificate['status'];
  register_version: number;
  issued_at: Date;
  /** Null for a certificate issued before certificates carried one. */
  content_hash: string | null;
  status_reason: string | null;
  superseded_by: string | null;
  unit_version: number | null;
  /** Null when the right is no longer on the unit's register (or the unit has no row). */
  unit_content_hash: string | null;
}

/** The answer when the register cannot be consulted: never a confirmation. */
export function statusUnknownBody(at: Date): string {
  return JSON.stringify({ outcome: 'STATUS_UNKNOWN', reason: 'The register cannot be consulted right now; this is not a confirmation.', checkedAt: at.toISOString() });
}

/** The register as of `now` for the row's certificate: from the stored columns, or from the document when a restriction lapses by itself. */
function registerNow(row: VerifyRow, now: Date): RegisterNow | undefined {
  if (row.unit_version === null) return undefined;
  if (row.unit_doc) {
    const { unit, flags } = currentUnit(row.unit_doc, now);
    return { registerVersion: unit.registerVersion, flags, contentHash: currentContentFingerprint(unit, row.right_id) };
  }
  return { ...registerState(row, row.unit_version, now), contentHash: row.unit_content_hash ?? undefined };
}

/** The verdict for a looked-up row (or none), as of `now`. */
export function verdictOf(row: VerifyRow | undefined, now: Date): Verification {
  if (!row) return verificationOf(undefined, undefined);
  const cert = {
    certNo: row.cert_no, kind: row.kind, rightType: row.right_type, unitNumber: row.unit_number, status: row.status, registerVersion: row.register_version,
    issuedAt: new Date(row.issued_at).toISOString(), statusReason: row.status_reason ?? undefined, supersededBy: row.superseded_by ?? undefined,
    contentHash: row.content_hash ?? undefined,
  };
  return verificationOf(cert, registerNow(row, now));
}

/**
 * Public verify-by-hash. Answers come from the read model through one named prepared statement;
 * rendered answers are cached by hash and dropped when the projector writes that certificate or
 * its unit. Answers that depend on a lazy time limit are not cached.
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
    let rows: VerifyRow[];
    try {
      rows = await this.db.query<VerifyRow>(VERIFY_SQL, [hash], 'verify_by_hash');
    } catch {
      return { body: statusUnknownBody(checkedAt), cached: false, unavailable: true };
    }
    const row = rows[0];
    if (!row) {
      // Not a certificate: a holdings proof, whose answer turns EXPIRED with time, so it is never cached.
      let proofs: Array<{ doc: HoldingsProof }>;
      try {
        proofs = await this.db.query<{ doc: HoldingsProof }>(VERIFY_PROOF_SQL, [hash], 'verify_proof_by_hash');
      } catch {
        return { body: statusUnknownBody(checkedAt), cached: false, unavailable: true };
      }
      if (proofs[0]) return { body: JSON.stringify({ ...proofVerificationOf(proofs[0].doc, checkedAt), checkedAt: checkedAt.toISOString() }), cached: false, unavailable: false };
    }
    const body = JSON.stringify({ ...verdictOf(row, checkedAt), checkedAt: checkedAt.toISOString() });
    // NOT_FOUND is not cached: the certificate may be issued a moment later and nothing would evict it.
    if (row && !row.unit_doc && this.cache.size < this.config.verifyCacheEntries) this.remember(hash, { body, unitNumber: row.unit_number });
    return { body, cached: false, unavailable: false };
  }

  /**
   * Verify by certificate number and unit number, for certificates whose file hash is not at hand
   * (paper certificates, legacy certificates migrated without one). Not cached.
   */
  async verifyByNumber(certNo: string, unitNumber: string): Promise<{ body: string; unavailable: boolean }> {
    const checkedAt = this.clock.now();
    try {
      const [row] = await this.db.query<VerifyRow>(VERIFY_BY_NUMBER_SQL, [certNo, unitNumber], 'verify_by_number');
      return { body: JSON.stringify({ ...verdictOf(row, checkedAt), checkedAt: checkedAt.toISOString() }), unavailable: false };
    } catch {
      return { body: statusUnknownBody(checkedAt), unavailable: true };
    }
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
