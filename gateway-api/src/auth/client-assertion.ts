import { decodeJwt, importJWK, jwtVerify } from 'jose';
import { ChannelAccounts, type ChannelAccount } from './channel-accounts';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Asymmetric algorithms only: the registry holds the public key, never a shared secret. */
const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
/** An assertion is a one-off proof: it lives minutes, not hours (RFC 7523 §3: a reasonable window). */
const MAX_ASSERTION_AGE_SECONDS = 300;

export class ClientAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientAssertionError';
  }
}

/**
 * RFC 7523 `private_key_jwt` client authentication: a JWT the channel signs with its own private
 * key, `iss` = `sub` = its account id, `aud` = the gateway's token endpoint, a unique `jti` (a
 * replayed assertion is refused) and an `exp` at most five minutes after `iat`.
 */
export async function verifyClientAssertion(assertion: string, audiences: string[], accounts: ChannelAccounts, now: Date): Promise<ChannelAccount> {
  let claimed: string | undefined;
  try {
    claimed = decodeJwt(assertion).iss;
  } catch {
    throw new ClientAssertionError('client_assertion: not a JWT');
  }
  const account = claimed ? await accounts.find(claimed) : undefined;
  if (!account?.credentials.publicJwk) throw new ClientAssertionError('client_assertion: no channel account with a registered key has this iss');
  let payload;
  try {
    const key = await importJWK(account.credentials.publicJwk, typeof account.credentials.publicJwk.alg === 'string' ? account.credentials.publicJwk.alg : undefined);
    ({ payload } = await jwtVerify(assertion, key, {
      issuer: account.accountId, subject: account.accountId, audience: audiences, algorithms: ALGORITHMS,
      currentDate: now, maxTokenAge: MAX_ASSERTION_AGE_SECONDS, requiredClaims: ['jti', 'exp', 'iat'],
    }));
  } catch (err) {
    throw new ClientAssertionError(`client_assertion: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!(await accounts.firstUseOfAssertion(account.accountId, String(payload.jti), new Date(payload.exp! * 1000)))) {
    throw new ClientAssertionError('client_assertion: this jti was used before (replay)');
  }
  return account;
}
