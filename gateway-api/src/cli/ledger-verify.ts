import 'reflect-metadata';
import '../quiet-chaincode-logs';
import { join, resolve } from 'node:path';
import { loadCryptoMaterial } from '../ledger/embedded/crypto-material';
import { LedgerLockedError, LedgerStore } from '../ledger/embedded/ledger-store';
import { verifyLedger } from '../ledger/embedded/ledger-verifier';

/** `npm run ledger:verify [DIR]`: exits 1 on any break of the chain or any bad signature, 2 when it could not check. */
async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? process.env.DATA_DIR ?? 'data');
  const material = await loadCryptoMaterial(dir);
  const store = new LedgerStore(join(dir, 'ledger'));
  try {
    await store.open();
  } catch (err) {
    if (!(err instanceof LedgerLockedError)) throw err;
    const stop = err.pid ? `Ctrl-C where it runs, or kill ${err.pid}` : 'Ctrl-C where it runs';
    console.error(`ledger:verify: the ledger in ${dir} is open in a running gateway${err.pid ? ` (pid ${err.pid})` : ''}, and only one process may open it. Stop the gateway first (${stop}), then run npm run ledger:verify -- ${dir} again.`);
    process.exitCode = 2;
    return;
  }
  try {
    const report = await verifyLedger(store, material);
    for (const p of report.problems) console.error(`✗ ${p}`);
    if (report.problems.length > 0) {
      console.error(`ledger at ${dir}: ${report.problems.length} problem(s) in ${report.height} blocks`);
      process.exitCode = 1;
    } else {
      console.log(`ledger at ${dir}: ${report.height} blocks, ${report.transactions} transactions, hash chain and all signatures verified`);
    }
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  console.error(`ledger:verify failed: ${err.message}`);
  process.exitCode = 2;
});
