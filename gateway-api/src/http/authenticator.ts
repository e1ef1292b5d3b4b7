import type { IncomingMessage } from 'node:http';
import { AccountStore } from '../auth/account-store';
import { ChannelAccounts, isChannelApiKey, principalOfAccount, type ChannelAccount } from '../auth/channel-accounts';
import { CitizenIdentityError, type CitizenLogin } from '../auth/citizen-login';
import type { Principal } from '../auth/principal';
import { TokenService } from '../auth/token-service';
import type { Clock } from '../register-clock';
import { ApiError } from './api-error';

/** The header a portal sends the citizen's ID token in, to act for that citizen. */
export const ON_BEHALF_OF_HEADER = 'x-on-behalf-of';

/**
 * Resolves the caller from `X-API-Key` or `Authorization: Bearer`; no credential means anonymous.
 * Staff keys are configuration; channel keys and channel tokens are checked against the channel's
 * account on every request, so a suspension or a change of scopes applies at once.
 */
export class Authenticator {
  constructor(
    private readonly accounts: AccountStore,
    private readonly channels: ChannelAccounts,
    private readonly tokens: TokenService,
    private readonly citizens: CitizenLogin | undefined,
    private readonly clock: Clock,
  ) {}

  /** `queryToken` is accepted only where headers cannot be set (EventSource). */
  async principalOf(req: IncomingMessage, queryToken?: string): Promise<Principal | undefined> {
    const key = req.headers['x-api-key'];
    if (typeof key === 'string' && key) {
      const p = isChannelApiKey(key) ? await this.channelByKey(key) : this.accounts.byApiKey(key);
      if (!p) throw new ApiError(401, 'INVALID_API_KEY', 'X-API-Key: no account has this key', 'X-API-Key');
      return this.withCitizen(req, p);
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : queryToken;
    if (!token) return undefined;
    const check = await this.tokens.verify(token, this.clock.now());
    if ('principal' in check) {
      const p = check.principal;
      return this.withCitizen(req, p.kind === 'channel' ? this.active(await this.channels.find(p.subject)) : p);
    }
    if (check.refused === 'LIFETIME_TOO_LONG') {
      throw new ApiError(401, 'TOKEN_LIFETIME_TOO_LONG', `The bearer token's lifetime is unbounded or longer than the gateway's maximum of ${this.tokens.maxTtlSeconds} s; request a new one`, 'Authorization');
    }
    throw new ApiError(401, 'INVALID_TOKEN', 'The bearer token is invalid or expired', 'Authorization');
  }

  private async channelByKey(key: string): Promise<Principal | undefined> {
    const account = await this.channels.byApiKey(key);
    return account && this.active(account);
  }

  /** The channel as its account stands now; a suspended channel is refused whatever it calls. */
  active(account: ChannelAccount | undefined): Principal {
    if (!account) throw new ApiError(401, 'INVALID_TOKEN', 'The bearer token names no channel account', 'Authorization');
    if (account.status === 'SUSPENDED') {
      throw new ApiError(403, 'CHANNEL_SUSPENDED', `The registry suspended channel ${account.accountId}: ${account.suspendedReason ?? 'no reason given'}`);
    }
    return principalOfAccount(account);
  }

  /** A portal names the citizen it acts for with the citizen's ID token; only portals may. */
  private async withCitizen(req: IncomingMessage, p: Principal): Promise<Principal> {
    const idToken = req.headers[ON_BEHALF_OF_HEADER];
    if (typeof idToken !== 'string' || !idToken) return p;
    if (p.kind !== 'channel' || p.channelType !== 'portal') {
      throw new ApiError(403, 'ON_BEHALF_OF_NOT_ALLOWED', 'X-On-Behalf-Of: only a portal channel may act for a citizen', 'X-On-Behalf-Of');
    }
    if (!this.citizens) throw new ApiError(403, 'ON_BEHALF_OF_NOT_ALLOWED', 'X-On-Behalf-Of: no identity platform is configured (OIDC_ISSUER)', 'X-On-Behalf-Of');
    try {
      return { ...p, onBehalfOf: await this.citizens.citizenOfIdToken(idToken, this.clock.now()) };
    } catch (err) {
      if (err instanceof CitizenIdentityError) throw new ApiError(401, 'INVALID_ID_TOKEN', `X-On-Behalf-Of: ${err.message}`, 'X-On-Behalf-Of');
      throw err;
    }
  }
}
