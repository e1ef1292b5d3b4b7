import type { IncomingMessage } from 'node:http';
import { AccountStore } from '../auth/account-store';
import type { Principal } from '../auth/principal';
import { TokenService } from '../auth/token-service';
import type { Clock } from '../register-clock';
import { ApiError } from './api-error';

/** Resolves the caller from `X-API-Key` or `Authorization: Bearer`; no credential means anonymous. */
export class Authenticator {
  constructor(
    private readonly accounts: AccountStore,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  /** `queryToken` is accepted only where headers cannot be set (EventSource). */
  async principalOf(req: IncomingMessage, queryToken?: string): Promise<Principal | undefined> {
    const key = req.headers['x-api-key'];
    if (typeof key === 'string' && key) {
      const p = this.accounts.byApiKey(key);
      if (!p) throw new ApiError(401, 'INVALID_API_KEY', 'X-API-Key: no account has this key', 'X-API-Key');
      return p;
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : queryToken;
    if (!token) return undefined;
    const check = await this.tokens.verify(token, this.clock.now());
    if ('principal' in check) return check.principal;
    if (check.refused === 'LIFETIME_TOO_LONG') {
      throw new ApiError(401, 'TOKEN_LIFETIME_TOO_LONG', `The bearer token's lifetime is unbounded or longer than the gateway's maximum of ${this.tokens.maxTtlSeconds} s; request a new one`, 'Authorization');
    }
    throw new ApiError(401, 'INVALID_TOKEN', 'The bearer token is invalid or expired', 'Authorization');
  }
}
