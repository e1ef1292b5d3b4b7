import 'reflect-metadata';
import '../quiet-chaincode-logs';
import pino from 'pino';
import { container } from 'tsyringe';
import { loadConfig } from '../config/gateway-config';
import { migrate } from '../read-model/migrations';
import { PiiVault } from '../read-model/pii-vault';
import { PROJECTION_HOOKS, PROJECTOR_OPTIONS, Projector, type ProjectionHook } from '../read-model/projector';
import { openLedger, openReadDb } from '../server';
import { CLOCK, CONFIG, LEDGER, LOGGER, READ_DB } from '../tokens';
import { systemClock } from '../register-clock';
import { WebhookOutbox } from '../webhooks/webhook-outbox';

/**
 * `npm run readmodel:rebuild`: empties the projection tables and replays the ledger from block 0
 * (the audit log and webhook tables are kept). `catch-up` resumes from the checkpoint instead.
 * Run it with the gateway stopped (the embedded ledger has one writer); a running gateway offers
 * POST /api/v1/admin/read-model/rebuild.
 */
async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'rebuild';
  if (mode !== 'rebuild' && mode !== 'catch-up') throw new Error(`usage: readmodel [rebuild|catch-up], got ${mode}`);
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const ledger = await openLedger(config);
  const db = await openReadDb(config);
  try {
    await migrate(db);
    const c = container.createChildContainer();
    c.register(CONFIG, { useValue: config });
    c.register(LOGGER, { useValue: logger });
    c.register(CLOCK, { useValue: systemClock });
    c.register(LEDGER, { useValue: ledger });
    c.register(READ_DB, { useValue: db });
    c.register(PiiVault, { useValue: new PiiVault(config.piiKey) });
    const batch = Number(process.env.PROJECTOR_BATCH_TX ?? 0);
    if (batch > 0) c.register(PROJECTOR_OPTIONS, { useValue: { maxBatchTx: batch } });
    const outbox = c.resolve(WebhookOutbox);
    const hooks: ProjectionHook[] = [{ onBlock: (tx, block) => outbox.enqueueBlock(tx, block) }];
    c.register(PROJECTION_HOOKS, { useValue: hooks });
    const projector = c.resolve(Projector);
    const started = process.hrtime.bigint();
    const count = mode === 'rebuild' ? await projector.rebuild() : await projector.catchUp();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`readmodel ${mode}: ${count} transactions up to block ${projector.projectedHeight} in ${seconds.toFixed(2)} s (${Math.round(count / Math.max(seconds, 1e-9))} tx/s) into ${db.kind}`);
  } finally {
    await db.close();
    await ledger.close();
  }
}

main().catch((err: Error) => {
  console.error(`readmodel failed: ${err.message}`);
  process.exitCode = 1;
});
