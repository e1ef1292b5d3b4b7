import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import type { RegistrationType } from '@estate-ledger/chaincode';
import { AuditLog } from '../audit/audit-log';
import type { ReadDb, SqlExecutor } from '../read-model/read-db';
import type { Clock } from '../register-clock';
import { CLOCK, READ_DB } from '../tokens';
import type { ChannelPrincipal, ChannelType, StaffPrincipal } from './principal';

/** A public key in JWK form, for RFC 7523 client assertions. */
export type PublicJwk = Record<string, unknown> & { kty: string };

export type ChannelStatus = 'ACTIVE' | 'SUSPENDED';

/** An organisation's channel account as the registry manages it (credentials are never shown again). */
export interface ChannelAccount {
  accountId: string;
  name: string;
  channelType: ChannelType;
  businessTypes: RegistrationType[];
  districts: string[];
  status: ChannelStatus;
  suspendedReason?: string;
  /** Whether an API key is set and whether a client-assertion key is registered. */
  credentials: { apiKey: boolean; publicJwk?: PublicJwk };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewChannelAccount {
  name: string;
  channelType: ChannelType;
  businessTypes: RegistrationType[];
  districts: string[];
  publicJwk?: PublicJwk;
}

export class ChannelAccountNotFoundError extends Error {
  constructor(readonly accountId: string) {
    super(`No channel account ${accountId}`);
    this.name = 'ChannelAccountNotFoundError';
  }
}

interface Row {
  account_id: string;
  name: string;
  channel_type: ChannelType;
  business_types: RegistrationType[];
  districts: string[];
  status: ChannelStatus;
  suspended_reason: string | null;
  api_key_sha256: string | null;
  public_jwk: PublicJwk | null;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (d: Date | string) => new Date(d).toISOString();

const toAccount = (r: Row): ChannelAccount => ({
  accountId: r.account_id,
  name: r.name,
  channelType: r.channel_type,
  businessTypes: r.business_types,
  districts: r.districts,
  status: r.status,
  suspendedReason: r.suspended_reason ?? undefined,
  credentials: { apiKey: r.api_key_sha256 !== null, publicJwk: r.public_jwk ?? undefined },
  createdBy: r.created_by,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export const principalOfAccount = (a: ChannelAccount): ChannelPrincipal => ({
  kind: 'channel', subject: a.accountId, name: a.name, channelType: a.channelType, businessTypes: a.businessTypes, districts: a.districts,
});

/** API keys of channels start with `ch_`, so the gateway knows which store to look in and leaks show their kind. */
const newApiKey = () => `ch_${randomBytes(24).toString('base64url')}`;
export const isChannelApiKey = (key: string) => key.startsWith('ch_');

/**
 * Channel accounts (banks, developers, brokers, registration agents, portals) in the read-model
 * database, among the kept tables: created and managed by the registry's administrators, every
 * change audited. Only the SHA-256 of an API key is stored; client assertions are checked with
 * the registered public key.
 */
@injectable()
export class ChannelAccounts {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(input: NewChannelAccount, admin: StaffPrincipal, requestId: string): Promise<{ account: ChannelAccount; apiKey: string }> {
    const apiKey = newApiKey();
    const now = this.clock.now();
    const rows = await this.db.query<Row>(
      `INSERT INTO channel_accounts (account_id, name, channel_type, business_types, districts, status, api_key_sha256, public_jwk, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'ACTIVE', $6, $7, $8, $9, $9) RETURNING *`,
      [`ch-${randomUUID()}`, input.name, input.channelType, input.businessTypes, input.districts, sha256(apiKey), input.publicJwk ?? null, admin.subject, now],
    );
    const account = toAccount(rows[0]);
    this.record(admin, requestId, account.accountId, 'CREATED', { channelType: input.channelType, businessTypes: input.businessTypes, districts: input.districts });
    return { account, apiKey };
  }

  async list(): Promise<ChannelAccount[]> {
    return (await this.db.query<Row>('SELECT * FROM channel_accounts ORDER BY created_at, account_id')).map(toAccount);
  }

  async get(accountId: string): Promise<ChannelAccount> {
    const account = await this.find(accountId);
    if (!account) throw new ChannelAccountNotFoundError(accountId);
    return account;
  }

  async find(accountId: string, db: SqlExecutor = this.db): Promise<ChannelAccount | undefined> {
    const rows = await db.query<Row>('SELECT * FROM channel_accounts WHERE account_id = $1', [accountId], 'channel-by-id');
    return rows[0] && toAccount(rows[0]);
  }

  async byApiKey(apiKey: string): Promise<ChannelAccount | undefined> {
    const rows = await this.db.query<Row>('SELECT * FROM channel_accounts WHERE api_key_sha256 = $1', [sha256(apiKey)], 'channel-by-key');
    return rows[0] && toAccount(rows[0]);
  }

  async setScopes(accountId: string, scopes: { businessTypes: RegistrationType[]; districts: string[] }, admin: StaffPrincipal, requestId: string): Promise<ChannelAccount> {
    const account = await this.update(accountId, 'business_types = $2, districts = $3', [scopes.businessTypes, scopes.districts]);
    this.record(admin, requestId, accountId, 'SCOPES_SET', scopes);
    return account;
  }

  /** A new API key (the old one stops working at once) and, when given, a new client-assertion key. */
  async rotate(accountId: string, publicJwk: PublicJwk | undefined, admin: StaffPrincipal, requestId: string): Promise<{ account: ChannelAccount; apiKey: string }> {
    const apiKey = newApiKey();
    const account = publicJwk
      ? await this.update(accountId, 'api_key_sha256 = $2, public_jwk = $3', [sha256(apiKey), publicJwk])
      : await this.update(accountId, 'api_key_sha256 = $2', [sha256(apiKey)]);
    this.record(admin, requestId, accountId, 'CREDENTIALS_ROTATED', { publicJwkReplaced: !!publicJwk });
    return { account, apiKey };
  }

  async suspend(accountId: string, reason: string, admin: StaffPrincipal, requestId: string): Promise<ChannelAccount> {
    const account = await this.update(accountId, `status = 'SUSPENDED', suspended_reason = $2`, [reason]);
    this.record(admin, requestId, accountId, 'SUSPENDED', { reason });
    return account;
  }

  async reopen(accountId: string, admin: StaffPrincipal, requestId: string): Promise<ChannelAccount> {
    const account = await this.update(accountId, `status = 'ACTIVE', suspended_reason = NULL`, []);
    this.record(admin, requestId, accountId, 'REOPENED', {});
    return account;
  }

  /** Records a client assertion's `jti` until it expires; false when it was seen before (a replay). */
  async firstUseOfAssertion(accountId: string, jti: string, expiresAt: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM client_assertion_jtis WHERE expires_at < $1', [this.clock.now()]);
      const rows = await tx.query('INSERT INTO client_assertion_jtis (account_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING jti', [accountId, jti, expiresAt]);
      return rows.length === 1;
    });
  }

  private async update(accountId: string, set: string, params: unknown[]): Promise<ChannelAccount> {
    const rows = await this.db.query<Row>(`UPDATE channel_accounts SET ${set}, updated_at = $${params.length + 2} WHERE account_id = $1 RETURNING *`, [accountId, ...params, this.clock.now()]);
    if (!rows[0]) throw new ChannelAccountNotFoundError(accountId);
    return toAccount(rows[0]);
  }

  private record(admin: StaffPrincipal, requestId: string, accountId: string, change: string, detail: Record<string, unknown>): void {
    this.audit.record({ kind: 'ACCOUNT', actor: admin.subject, msp: admin.msp, role: admin.role, requestId, detail: { accountId, change, ...detail } });
  }
}
