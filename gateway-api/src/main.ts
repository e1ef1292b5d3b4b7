import 'reflect-metadata';
import './quiet-chaincode-logs';
import { randomBytes } from 'node:crypto';
import { loadConfig, type GatewayConfig } from './config/gateway-config';
import { DEMO_CITIZENS, startLocalIdp, type LocalIdp } from './identity-provider/local-idp';
import { startGateway } from './server';

const GATEWAY_CLIENT_ID = 'estate-ledger-gateway';

/**
 * Without an identity platform configured, `npm start` runs the local OpenID provider beside the
 * gateway (LOCAL_IDP_PORT, default 8081; LOCAL_IDP=off to go without), so citizen sign-in works
 * out of the box. A port already taken only costs the citizen sign-in, not the gateway.
 */
async function withLocalIdp(config: GatewayConfig): Promise<{ config: GatewayConfig; idp?: LocalIdp; note: string }> {
  if (config.oidc) return { config, note: `identity platform ${config.oidc.issuer}` };
  if (process.env.LOCAL_IDP === 'off') return { config, note: 'no identity platform (LOCAL_IDP=off): citizen sign-in is off' };
  const clientSecret = randomBytes(24).toString('base64url');
  try {
    const idp = await startLocalIdp({ port: Number(process.env.LOCAL_IDP_PORT ?? 8081), clients: [{ clientId: GATEWAY_CLIENT_ID, clientSecret }], citizens: DEMO_CITIZENS });
    const oidc = { issuer: idp.issuer, clientId: GATEWAY_CLIENT_ID, clientSecret, nameClaim: 'name', idNumberClaim: 'id_number', portalAudiences: [] };
    return { config: { ...config, oidc }, idp, note: `local OpenID provider ${idp.issuer} (sign in as ${DEMO_CITIZENS.map((c) => c.login).join(' or ')}, any password)` };
  } catch (err) {
    return { config, note: `local OpenID provider not started (${err instanceof Error ? err.message : String(err)}): citizen sign-in is off` };
  }
}

/** `npm start`: the embedded ledger, the read model (PGlite unless DATABASE_URL) and the gateway. */
async function main(): Promise<void> {
  const { config, idp, note } = await withLocalIdp(loadConfig());
  const gw = await startGateway(config);
  const out = [
    '',
    `Estate Ledger gateway: ${gw.url}`,
    config.ledger === 'embedded'
      ? // LevelDB lets one process open the ledger: the check runs once this gateway has stopped.
        `  ledger      embedded in ${config.dataDir}   (check its chain and signatures after stopping this gateway: npm run ledger:verify -- ${config.dataDir})`
      : `  ledger      ${config.ledger} (network ${config.fabricNetwork})`,
    `  read model  ${gw.db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}/readmodel`}`,
    `  explorer    ${gw.url}/            public verification: ${gw.url}/verify`,
    `  API docs    ${gw.url}/api/docs    OpenAPI: ${gw.url}/api/v1/openapi.json`,
    `  health      ${gw.url}/health  or  ${gw.url}/api/v1/health`,
    `  citizens    ${note}; sign in at ${gw.url}/api/v1/auth/oidc/login`,
  ];
  if (gw.demoAccounts) {
    out.push('', `Demo accounts (API keys; header X-API-Key, or POST /api/v1/auth/token) — stored in ${config.dataDir}/demo-accounts.json:`);
    for (const a of gw.demoAccounts) out.push(`  ${`${a.msp}/${a.role}`.padEnd(24)} ${a.districts.join(',')}  ${a.apiKey}`);
    out.push('', 'Fill it with a realistic district: npm run demo:seed');
  }
  console.log(out.join('\n'));
  const stop = () => void Promise.all([gw.close(), idp?.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(`start failed: ${err.message}`);
  process.exit(1);
});
