import { inject, injectable } from 'tsyringe';
import type { Registration } from '@estate-ledger/chaincode';
import { LedgerRuleRefusal, TransactionInvalidError } from '../ledger/ledger-errors';
import type { CallerIdentity, LedgerPort, SubmitRequest, SubmitResult } from '../ledger/ledger-port';
import { READ_CONFLICTS } from '../ledger/validation-codes';
import type { StaffPrincipal } from '../auth/principal';
import { AuditLog } from '../audit/audit-log';
import { Projector } from '../read-model/projector';
import { CONFIG, LEDGER } from '../tokens';
import type { GatewayConfig } from '../config/gateway-config';
import { OutsideDistrictError } from './application-errors';
import { CertificateNumbering } from './certificate-numbering';
import { splitParties } from './split-parties';

/** Where a command's district (tenant) comes from, checked before anything is submitted. */
export type TenancySource =
  | { from: 'district' }
  | { from: 'unitNumber' }
  /** The caller already knows the record's district (a batch item it submitted itself). */
  | { from: 'given'; district: string }
  | { from: 'record'; fn: string; idField: string }
  /** A ledger-wide command (the registry offices' configuration): no district to serve. */
  | { from: 'ledger' };

export interface CommandRequest {
  principal: StaffPrincipal;
  fn: string;
  input: Record<string, unknown>;
  tenancy: TenancySource;
  requestId: string;
  /** Background work (batch items) does not wait for the read model to show the transaction. */
  skipProjectionWait?: boolean;
}

export interface CommandOutcome {
  txId: string;
  blockNumber: number;
  record: unknown;
  /** Whether the read model already shows the transaction's effects. */
  projected: boolean;
}

const MVCC_RETRIES = 3;
/** Records whose district is remembered; past it the memory starts again (a district never changes). */
const DISTRICT_CACHE_LIMIT = 100_000;

export const identityOf = (p: StaffPrincipal): CallerIdentity => ({ msp: p.msp, role: p.role, court: p.court });

/** The code a refused submission is audited with (its message no longer carries it). */
const refusalCode = (err: unknown): string | undefined =>
  err instanceof LedgerRuleRefusal || err instanceof TransactionInvalidError ? err.code : err instanceof Error ? err.name : undefined;

/** Submits ledger commands for callers: tenancy, parties, bounded MVCC retries, audit. */
@injectable()
export class CommandService {
  /**
   * A record's district as the caller's identity read it (by identity, getter and id): fixed when
   * the record is created, so each identity reads it once.
   */
  private readonly districts = new Map<string, string>();

  constructor(
    @inject(LEDGER) private readonly ledger: LedgerPort,
    @inject(Projector) private readonly projector: Projector,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(CONFIG) private readonly config: GatewayConfig,
    @inject(CertificateNumbering) private readonly numbering: CertificateNumbering,
  ) {}

  async submit(req: CommandRequest): Promise<CommandOutcome> {
    const district = await this.checkTenancy(req);
    const { args, parties } = splitParties(req.input);
    const transient = Object.keys(parties).length ? { parties: JSON.stringify(parties) } : undefined;
    const request = { identity: identityOf(req.principal), fn: req.fn, args: [JSON.stringify(args)], transient };
    const result = await this.submitWithRetries(req, request, district);
    let record: unknown = result.result ? JSON.parse(result.result) : null;
    let blockNumber = result.blockNumber;
    if (req.fn === 'Registration:certify') ({ record, blockNumber } = await this.numbered(record as Registration, blockNumber));
    const projected = req.skipProjectionWait ? false : await this.projector.waitFor(blockNumber, this.config.projectionWaitMs);
    return { txId: result.txId, blockNumber, record, projected };
  }

  /**
   * 缮证 answers with the certificate number: this gateway's numbering station gives it in the
   * office's next batch. Without a station, or when the ledger cannot number it now, the
   * certification stays queued on the ledger and the answer has no number yet.
   */
  private async numbered(reg: Registration, blockNumber: number): Promise<{ record: Registration; blockNumber: number }> {
    const office = reg.certIssuer?.office;
    const n = office && this.numbering.enabled ? await this.numbering.numberOf(office, reg.registrationId) : undefined;
    return n ? { record: { ...reg, certNo: n.certNo, certHash: n.certHash }, blockNumber: Math.max(blockNumber, n.blockNumber) } : { record: reg, blockNumber };
  }

  private async submitWithRetries(req: CommandRequest, request: SubmitRequest, district: string | undefined): Promise<SubmitResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.ledger.submit(request);
        this.audit.record({ kind: 'SUBMISSION', actor: req.principal.subject, msp: req.principal.msp, role: req.principal.role, requestId: req.requestId, fn: req.fn, txId: result.txId, district, detail: { outcome: 'VALID', blockNumber: result.blockNumber } });
        return result;
      } catch (err) {
        const retry = err instanceof TransactionInvalidError && READ_CONFLICTS.has(err.code) && attempt < MVCC_RETRIES;
        if (!retry) {
          this.audit.record({ kind: 'SUBMISSION', actor: req.principal.subject, msp: req.principal.msp, role: req.principal.role, requestId: req.requestId, fn: req.fn, district, detail: { outcome: 'REFUSED', code: refusalCode(err), error: err instanceof Error ? err.message.slice(0, 300) : String(err) } });
          throw err;
        }
      }
    }
  }

  /** The command's district, once the caller is known to serve it. */
  private async checkTenancy(req: CommandRequest): Promise<string | undefined> {
    const district = await this.districtOf(req);
    if (district && !req.principal.districts.includes(district)) throw new OutsideDistrictError(district, req.principal.districts);
    return district;
  }

  private async districtOf(req: CommandRequest): Promise<string | undefined> {
    const t = req.tenancy;
    if (t.from === 'district') return req.input.district as string;
    if (t.from === 'unitNumber') return (req.input.unitNumber as string).slice(0, 6);
    if (t.from === 'given') return t.district;
    if (t.from === 'ledger') return undefined;
    const id = String(req.input[t.idField]);
    const identity = identityOf(req.principal);
    const cacheKey = [identity.msp, identity.role, identity.court ?? '', t.fn, id].join('\u0000');
    const known = this.districts.get(cacheKey);
    if (known) return known;
    try {
      const record = JSON.parse(await this.ledger.evaluate({ identity, fn: t.fn, args: [id] })) as { district?: string };
      if (record.district) {
        if (this.districts.size >= DISTRICT_CACHE_LIMIT) this.districts.clear();
        this.districts.set(cacheKey, record.district);
      }
      return record.district;
    } catch (err) {
      // An unknown record is refused by the chaincode itself, with its own NOT_FOUND code.
      if (err instanceof LedgerRuleRefusal) return undefined;
      throw err;
    }
  }
}
