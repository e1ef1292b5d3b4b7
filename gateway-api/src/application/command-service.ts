import { inject, injectable } from 'tsyringe';
import { LedgerRuleRefusal, TransactionInvalidError } from '../ledger/ledger-errors';
import type { CallerIdentity, LedgerPort, SubmitRequest, SubmitResult } from '../ledger/ledger-port';
import { READ_CONFLICTS } from '../ledger/validation-codes';
import type { StaffPrincipal } from '../auth/principal';
import { AuditLog } from '../audit/audit-log';
import { Projector } from '../read-model/projector';
import { CONFIG, LEDGER } from '../tokens';
import type { GatewayConfig } from '../config/gateway-config';
import { OutsideDistrictError } from './application-errors';
import { splitParties } from './split-parties';

/** Where a command's district (tenant) comes from, checked before anything is submitted. */
export type TenancySource =
  | { from: 'district' }
  | { from: 'unitNumber' }
  /** The caller already knows the record's district (a batch item it submitted itself). */
  | { from: 'given'; district: string }
  | { from: 'record'; fn: string; idField: string };

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

/**
 * Commands that all write one key: certify takes the next number of the statutory per-year
 * certificate sequence. Concurrent ones would all but one fail MVCC validation in the same block,
 * so the gateway submits them one after another instead of retrying them.
 */
const SERIAL_LANES: Record<string, string> = { 'Registration:certify': 'certificate-sequence' };

export const identityOf = (p: StaffPrincipal): CallerIdentity => ({ msp: p.msp, role: p.role, court: p.court });

/** The code a refused submission is audited with (its message no longer carries it). */
const refusalCode = (err: unknown): string | undefined =>
  err instanceof LedgerRuleRefusal || err instanceof TransactionInvalidError ? err.code : err instanceof Error ? err.name : undefined;

/** Submits ledger commands for callers: tenancy, parties, bounded MVCC retries, audit. */
@injectable()
export class CommandService {
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(
    @inject(LEDGER) private readonly ledger: LedgerPort,
    @inject(Projector) private readonly projector: Projector,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async submit(req: CommandRequest): Promise<CommandOutcome> {
    const district = await this.checkTenancy(req);
    const { args, parties } = splitParties(req.input);
    const transient = Object.keys(parties).length ? { parties: JSON.stringify(parties) } : undefined;
    const request = { identity: identityOf(req.principal), fn: req.fn, args: [JSON.stringify(args)], transient };
    const lane = SERIAL_LANES[req.fn];
    const submit = () => this.submitWithRetries(req, request, district);
    const result = lane ? await this.inLane(lane, submit) : await submit();
    const projected = req.skipProjectionWait ? false : await this.projector.waitFor(result.blockNumber, this.config.projectionWaitMs);
    return { txId: result.txId, blockNumber: result.blockNumber, record: result.result ? JSON.parse(result.result) : null, projected };
  }

  /** Runs `work` after every earlier submission of the same lane has committed or failed. */
  private async inLane<T>(lane: string, work: () => Promise<T>): Promise<T> {
    const mine = (this.lanes.get(lane) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.lanes.set(lane, mine);
    try {
      return await mine;
    } finally {
      if (this.lanes.get(lane) === mine) this.lanes.delete(lane);
    }
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
    try {
      const record = JSON.parse(await this.ledger.evaluate({ identity: identityOf(req.principal), fn: t.fn, args: [String(req.input[t.idField])] })) as { district?: string };
      return record.district;
    } catch (err) {
      // An unknown record is refused by the chaincode itself, with its own NOT_FOUND code.
      if (err instanceof LedgerRuleRefusal) return undefined;
      throw err;
    }
  }
}
