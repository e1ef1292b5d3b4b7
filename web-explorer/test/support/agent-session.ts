import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Page } from 'playwright-core';

/** A registration agent's channel account with its API key, and the explorer session its bearer token makes. */
export interface AgentSession {
  apiKey: string;
  token: string;
  expiresAt: string;
  principal: { kind: 'channel'; subject: string; name: string; channelType: 'agent' };
}

/**
 * Creates a registration agent's channel account (by the registry admin's key) and signs it in with
 * OAuth 2 client credentials (RFC 7523), as an agent's own system does.
 */
export async function agentSession(baseUrl: string, adminKey: string, name: string): Promise<AgentSession> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const res = await fetch(`${baseUrl}/api/v1/admin/channels`, {
    method: 'POST',
    headers: { 'x-api-key': adminKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name, channelType: 'agent', businessTypes: ['TRANSFER', 'MORTGAGE'], districts: ['511702'], publicJwk: { ...(await exportJWK(publicKey)), alg: 'ES256' } }),
  });
  if (res.status !== 201) throw new Error(`POST /admin/channels: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as { account: { accountId: string }; apiKey: string };
  const { accountId } = created.account;
  // The gateway's clock may be set apart from the host's: the assertion's times are the gateway's.
  const { now: registerNow } = (await (await fetch(`${baseUrl}/api/v1/time`)).json()) as { now: string };
  const now = Math.floor(Date.parse(registerNow) / 1000);
  const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer(accountId).setSubject(accountId).setAudience(`${baseUrl}/api/v1/oauth/token`).setJti(randomUUID()).setIssuedAt(now).setExpirationTime(now + 120).sign(privateKey);
  const tokenRes = await fetch(`${baseUrl}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
  });
  const token = (await tokenRes.json()) as { access_token: string; expires_in: number };
  return { apiKey: created.apiKey, token: token.access_token, expiresAt: new Date(Date.now() + token.expires_in * 1000).toISOString(), principal: { kind: 'channel', subject: accountId, name, channelType: 'agent' } };
}

/** The explorer keeps an applicant's bearer token as it keeps any session (as /my/cases reads it). */
export async function signInAsAgent(page: Page, baseUrl: string, session: AgentSession): Promise<void> {
  await page.goto(`${baseUrl}/verify`);
  await page.evaluate((s) => sessionStorage.setItem('estate-ledger.session', JSON.stringify(s)), { token: session.token, expiresAt: session.expiresAt, principal: session.principal });
}
