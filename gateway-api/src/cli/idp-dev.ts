import { readFileSync } from 'node:fs';
import { DEMO_CITIZENS, startLocalIdp, type LocalCitizen } from '../identity-provider/local-idp';

/**
 * `npm run idp:dev`: the local OpenID provider on its own, for a gateway started with
 * OIDC_ISSUER=http://127.0.0.1:8081 OIDC_CLIENT_ID=estate-ledger-gateway OIDC_CLIENT_SECRET=dev-secret.
 * IDP_CITIZENS_FILE: a JSON array of { login, name, idNumber } (default: two demo citizens).
 */
async function main(): Promise<void> {
  const citizens = process.env.IDP_CITIZENS_FILE ? (JSON.parse(readFileSync(process.env.IDP_CITIZENS_FILE, 'utf8')) as LocalCitizen[]) : DEMO_CITIZENS;
  const clientSecret = process.env.IDP_CLIENT_SECRET ?? 'dev-secret';
  const idp = await startLocalIdp({
    port: Number(process.env.LOCAL_IDP_PORT ?? 8081),
    clients: [{ clientId: process.env.IDP_CLIENT_ID ?? 'estate-ledger-gateway', clientSecret }],
    citizens,
  });
  console.log(`Local OpenID provider: ${idp.issuer}  (discovery: ${idp.issuer}/.well-known/openid-configuration)`);
  console.log(`  citizens: ${citizens.map((c) => `${c.login} (${c.name})`).join(', ')} — any password`);
  const stop = () => void idp.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(`idp:dev failed: ${err.message}`);
  process.exit(1);
});
