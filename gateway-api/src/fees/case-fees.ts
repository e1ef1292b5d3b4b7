import { inject, injectable } from 'tsyringe';
import { assessFee, fenOf, registrationUnits, yuanOf, type FeeLine, type FeeTable, type Registration, type SaleContract, type Unit } from '@estate-ledger/chaincode';
import type { GatewayConfig } from '../config/gateway-config';
import type { ReadDb, SqlExecutor } from '../read-model/read-db';
import { CONFIG, READ_DB } from '../tokens';

/** Cases that ended without being registered owe nothing. */
const NOT_BILLED = ['WITHDRAWN', 'NOT_ACCEPTED', 'REFUSED'];

/** A fee or payment request the gateway refuses: the catalogue code says which. */
export class FeeError extends Error {
  constructor(
    readonly code: 'CASE_NOT_FOUND' | 'VALIDATION_FAILED' | 'PAYMENTS_NOT_CONFIGURED' | 'PAYMENT_SIGNATURE_INVALID' | 'PAYMENT_NOTIFICATION_REPLAYED' | 'PAYMENT_CASE_UNKNOWN' | 'PAYMENT_AMOUNT_MISMATCH' | 'CASE_ALREADY_PAID',
    message: string,
    readonly field?: string,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'FeeError';
  }
}

export interface CasePayment {
  notificationId: string;
  amount: string;
  paidAt: string;
  receivedAt: string;
}

export interface CaseFees {
  caseId: string;
  district: string;
  currency: 'CNY';
  /** The fee table is not yet checked against the published notices (see its source). */
  assumed: boolean;
  items: Array<FeeLine & { status: Registration['status'] }>;
  total: string;
  exemption: { code: string; name: string; basis: string } | null;
  status: 'NOTHING_DUE' | 'UNPAID' | 'PAID';
  payment: CasePayment | null;
}

interface RegistrationRow {
  registration_id: string;
  district: string;
  status: Registration['status'];
  doc: Registration;
}

/**
 * The fees of a case (不动产登记费 and 工本费), computed from the configured fee table each time
 * they are asked for, with the exemption the registry granted and the payment the platform
 * notified. A case is a one-window application (its registrations together) or a registration
 * filed without one.
 */
@injectable()
export class CaseFeesService {
  private readonly table: FeeTable;

  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CONFIG) config: GatewayConfig,
  ) {
    this.table = config.feeTable;
  }

  /** The case's fees, or undefined when no registration has this application or registration id. */
  async find(caseId: string, tx: SqlExecutor = this.db): Promise<CaseFees | undefined> {
    const rows = await tx.query<RegistrationRow>(
      `SELECT registration_id, district, status, doc FROM registrations WHERE application_id = $1 OR (registration_id = $1 AND application_id IS NULL)
       ORDER BY applied_at, registration_id`,
      [caseId],
      'case_fee_registrations',
    );
    if (rows.length === 0) return undefined;
    const [exemption] = await tx.query<{ code: string }>('SELECT code FROM case_fee_exemptions WHERE case_id = $1', [caseId], 'case_fee_exemption');
    const [paid] = await tx.query<{ notification_id: string; amount: string; paid_at: Date | string; received_at: Date | string }>(
      'SELECT notification_id, amount::text AS amount, paid_at, received_at FROM fee_payments WHERE case_id = $1',
      [caseId],
      'case_fee_payment',
    );
    const items: CaseFees['items'] = [];
    for (const row of rows.filter((r) => !NOT_BILLED.includes(r.status))) {
      const reg = row.doc;
      const units = await this.units(tx, registrationUnits(reg));
      items.push({ ...assessFee(this.table, { registrationId: reg.registrationId, type: reg.type, units: units.map((u) => ({ unitNumber: u.unitNumber, use: u.use })), certificateHolders: await this.holders(tx, reg, units[0]), exemption: exemption?.code }), status: row.status });
    }
    const total = items.reduce((sum, i) => sum + fenOf(i.total), 0);
    const granted = exemption ? this.table.exemptions[exemption.code] : undefined;
    return {
      caseId,
      district: rows[0].district,
      currency: 'CNY',
      assumed: this.table.assumed,
      items,
      total: yuanOf(total),
      exemption: granted && exemption ? { code: exemption.code, name: granted.name, basis: granted.basis } : null,
      status: paid ? 'PAID' : total === 0 ? 'NOTHING_DUE' : 'UNPAID',
      payment: paid ? { notificationId: paid.notification_id, amount: paid.amount, paidAt: new Date(paid.paid_at).toISOString(), receivedAt: new Date(paid.received_at).toISOString() } : null,
    };
  }

  /** The case's fees for a caller who may see its district's cases; CASE_NOT_FOUND otherwise, so other districts' cases are not revealed. */
  async forDistricts(caseId: string, districts: readonly string[]): Promise<CaseFees> {
    const fees = await this.find(caseId);
    if (!fees || !districts.includes(fees.district)) throw new FeeError('CASE_NOT_FOUND', `No case ${caseId} in your districts`);
    return fees;
  }

  /**
   * The registry grants the case an exemption of the fee table (小微企业, 夫妻间变更 …) on the
   * evidence whose hash it names; granting again replaces it. Refused once the case is paid.
   */
  async grantExemption(caseId: string, districts: readonly string[], grant: { code: string; documentSha256: string }, grantedBy: string, at: Date): Promise<CaseFees> {
    const fees = await this.forDistricts(caseId, districts);
    if (!this.table.exemptions[grant.code]) throw new FeeError('VALIDATION_FAILED', `code: the fee table has no exemption ${grant.code} (it has ${Object.keys(this.table.exemptions).join(', ')})`, 'code', 'FEE_EXEMPTION_UNKNOWN');
    if (fees.status === 'PAID') throw new FeeError('CASE_ALREADY_PAID', `Case ${caseId} is paid: its fees no longer change`);
    await this.db.query(
      `INSERT INTO case_fee_exemptions (case_id, code, document_sha256, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id) DO UPDATE SET code = EXCLUDED.code, document_sha256 = EXCLUDED.document_sha256, granted_by = EXCLUDED.granted_by, granted_at = EXCLUDED.granted_at`,
      [caseId, grant.code, grant.documentSha256, grantedBy, at.toISOString()],
      'grant_fee_exemption',
    );
    return this.forDistricts(caseId, districts);
  }

  private async units(tx: SqlExecutor, unitNumbers: string[]): Promise<Unit[]> {
    const rows = await tx.query<{ doc: Unit }>('SELECT doc FROM units WHERE unit_number = ANY($1)', [unitNumbers], 'fee_units');
    const byNumber = new Map(rows.map((r) => [r.doc.unitNumber, r.doc]));
    return unitNumbers.flatMap((n) => byNumber.get(n) ?? []);
  }

  /** Who a title certificate is issued to, one each: the first owners, the buyers, or the present owners for a change or correction. */
  private async holders(tx: SqlExecutor, reg: Registration, unit: Unit | undefined): Promise<number> {
    switch (reg.type) {
      case 'FIRST':
        return reg.applicants.length;
      case 'TRANSFER': {
        const [contract] = await tx.query<{ doc: SaleContract }>('SELECT doc FROM contracts WHERE contract_id = $1', [reg.contractId ?? ''], 'fee_contract');
        return contract?.doc.buyers.length ?? reg.applicants.length;
      }
      case 'CHANGE':
      case 'CORRECTION':
        return unit?.ownership?.holders.length ?? 1;
      default:
        return 0;
    }
  }
}
