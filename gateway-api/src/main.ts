import 'reflect-metadata';
import './quiet-chaincode-logs';
import { loadConfig } from './config/gateway-config';
import { startGateway } from './server';

/** `npm start`: the embedded ledger, the read model (PGlite unless DATABASE_URL) and the gateway. */
async function main(): Promise<void> {
  const config = loadConfig();
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
  ];
  if (gw.demoAccounts) {
    out.push('', `Demo accounts (API keys; header X-API-Key, or POST /api/v1/auth/token) — stored in ${config.dataDir}/demo-accounts.json:`);
    for (const a of gw.demoAccounts) out.push(`  ${`${a.msp}/${a.role}`.padEnd(24)} ${a.districts.join(',')}  ${a.apiKey}`);
    out.push('', 'Fill it with a realistic district: npm run demo:seed');
  }
  console.log(out.join('\n'));
  const stop = () => void gw.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(`start failed: ${err.message}`);
  process.exit(1);
});
