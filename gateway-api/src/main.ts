import 'reflect-metadata';
import './quiet-chaincode-logs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { ensureConfigured } from './ledger/embedded/bootstrap';
import { EmbeddedLedger } from './ledger/embedded/embedded-ledger';

/**
 * Starts the embedded ledger in DATA_DIR (default ./data) and serves its health on PORT.
 * The REST gateway, read model and explorer mount here as they are built (issues 3 and 5).
 */
async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  const port = Number(process.env.PORT ?? 8080);
  const ledger = await EmbeddedLedger.open({ dataDir });
  await ensureConfigured(ledger);
  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'UP', ledger: 'embedded', height: await ledger.height() }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'NOT_FOUND', message: `No route ${req.method} ${req.url}` }));
  });
  server.listen(port, '127.0.0.1', () => {
    console.log(`Estate Ledger: embedded ledger in ${dataDir}, height ${ledger.store.height}`);
    console.log(`health: http://127.0.0.1:${port}/health   verify the chain: npm run ledger:verify ${dataDir}`);
  });
  const stop = () => server.close(() => void ledger.close().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(`start failed: ${err.message}`);
  process.exit(1);
});
