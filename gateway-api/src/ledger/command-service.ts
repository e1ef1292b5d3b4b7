import { inject, injectable } from 'tsyringe';
import { TransactionInvalidError, type CallerIdentity, type LedgerPort, type SubmitRequest, type SubmitResult } from './ledger-port';
import type { Principal } from '../auth/principal';
import { AuditLog } from '../audit/audit-log';
import { ApiError } from '../http/api-error';
import { Projector } from '../read-model/projector';
import { CONFIG, LEDGER } from '../tokens';
import type { GatewayConfig } from '../config/gateway-config';

/** Where a command's district (tenant) comes from, checked before anything is submitted. */
export type TenancySource =
  | { from: 'district' }
  | { from: 'unitNumber' }
  | { from: 'record'; fn: string; idField: string };

export interface CommandRequest {
  principal: Principal;
  fn: string;
  input: Record<string, unknown>;
  tenancy: TenancySource;
  requestId: string;
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
const RETRYABLE = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']);

export const identityOf = (p: Principal): CallerIdentity => ({ msp: p.msp, role: p.role, court: p.court });

/**
 * Splits full party identities (names, ID numbers) out of a command into the transient `parties`
 * map, leaving keys in their place, so personal data never reaches the transaction's arguments.
 */
export function splitParties(input: Record<string, unknown>): { args: Record<string, unknown>; parties: Record<string, unknown> } {
  const parties: Record<string, unknown> = {};
  const keys = new Map<string, string>();
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.kind === 'PERSON' || o.kind === 'ORG') && typeof o.idNumber === 'string' && typeof o.name === 'string') {
        const identity = `${o.kind}:${o.idNumber.toUpperCase()}`;
        let key = keys.get(identity);
        if (!key) {
          key = `p${keys.size + 1}`;
          keys.set(identity, key);
          parties[key] = o;
        }
        return key;
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return { args: walk(input) as Record<string, unknown>, parties };
}

/** Submits ledger commands for HTTP callers: tenancy, parties, bounded MVCC retries, audit. */
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
    await this.checkTenancy(req);
    const { args, parties } = splitParties(req.input);
    const transient = Object.keys(parties).length ? { parties: JSON.stringify(parties) } : undefined;
    const request = { identity: identityOf(req.principal), fn: req.fn, args: [JSON.stringify(args)], transient };
    const lane = SERIAL_LANES[req.fn];
    const result = lane ? await this.inLane(lane, () => this.submitWithRetries(req, request)) : await this.submitWithRetries(req, request);
    const projected = await this.projector.waitFor(result.blockNumber, this.config.projectionWaitMs);
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

  private async submitWithRetries(req: CommandRequest, request: SubmitRequest): Promise<SubmitResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.ledger.submit(request);
        this.audit.record({ kind: 'SUBMISSION', actor: req.principal.subject, msp: req.principal.msp, role: req.principal.role, requestId: req.requestId, fn: req.fn, txId: result.txId, district: result.event?.district, detail: { outcome: 'VALID', blockNumber: result.blockNumber } });
        return result;
      } catch (err) {
        const retry = err instanceof TransactionInvalidError && RETRYABLE.has(err.code) && attempt < MVCC_RETRIES;
        if (!retry) {
          this.audit.record({ kind: 'SUBMISSION', actor: req.principal.subject, msp: req.principal.msp, role: req.principal.role, requestId: req.requestId, fn: req.fn, detail: { outcome: 'REFUSED', error: err instanceof Error ? err.message.slice(0, 300) : String(err) } });
          throw err;
        }
      }
    }
  }

  private async checkTenancy(req: CommandRequest): Promise<void> {
    const district = await this.districtOf(req);
    if (district && !req.principal.districts.includes(district)) {
      throw new ApiError(403, 'OUTSIDE_DISTRICT', `This account serves ${req.principal.districts.join(', ')}, not district ${district}`);
    }
  }

  private async districtOf(req: CommandRequest): Promise<string | undefined> {
    const t = req.tenancy;
    if (t.from === 'district') return req.input.district as string;
    if (t.from === 'unitNumber') return (req.input.unitNumber as string).slice(0, 6);
    try {
      const record = JSON.parse(await this.ledger.evaluate({ identity: identityOf(req.principal), fn: t.fn, args: [String(req.input[t.idField])] })) as { district?: string };
      return record.district;
    } catch {
      // An unknown record is refused by the chaincode itself, with its own NOT_FOUND code.
      return undefined;
    }
  }
}
