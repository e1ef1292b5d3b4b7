import 'reflect-metadata';
import '../quiet-chaincode-logs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { isoDateInChina } from '@estate-ledger/chaincode';
import { EmbeddedLedger } from '../ledger/embedded/embedded-ledger';
import { ensureConfigured } from '../ledger/ledger-bootstrap';
import { inspectBatch, openLegacyBatch, passedRecords } from '../legacy-register/inspection/inspect-batch';
import { readBatch } from '../legacy-register/batch-reader';
import type { UnitRecord } from '../legacy-register/layout';
import { migrationRecords } from '../migration/legacy-to-migration';
import { MigrationLoader } from '../migration/migration-loader';
import { publishAndLinkRegisterUnits } from '../migration/register-building-tables';

const USAGE =
  'npm run migration:load -- --register DIR --batch ID [--data DATA_DIR] [--preview] [--concurrency 64] [--units-per-tx 20] [--journal FILE] [--as-of YYYY-MM-DD] [--mapping FILE] [--corrections FILE] [--demo-building-tables]';

/**
 * `npm run migration:load`: inspects a legacy register (i14 quality inspection), then loads the
 * records that passed onto the embedded ledger in DATA_DIR as migration transactions signed by the
 * registry, one per unit. Prints `LOADED <legacyId>` per unit as it commits and a JSON summary.
 * Interrupted at any point (even SIGKILL), a rerun of the same command records each unit once.
 * `--preview` prints what would be written instead. The gateway must be stopped (LevelDB lets one
 * process open the ledger); with a running gateway use POST /api/v1/migrations/{batchId}/load.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      register: { type: 'string' },
      batch: { type: 'string' },
      data: { type: 'string', default: process.env.DATA_DIR ?? 'data' },
      preview: { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '64' },
      'units-per-tx': { type: 'string', default: '20' },
      journal: { type: 'string' },
      'as-of': { type: 'string' },
      mapping: { type: 'string' },
      corrections: { type: 'string' },
      'demo-building-tables': { type: 'boolean', default: false },
    },
  });
  if (!values.register || !values.batch) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const batch = await openLegacyBatch(resolve(values.register), { mappingPath: values.mapping, correctionsPath: values.corrections });
  const inspection = await inspectBatch(batch, { asOf: values['as-of'] ?? isoDateInChina(new Date()) });
  const ledger = await EmbeddedLedger.open({ dataDir: resolve(values.data), blockTimeoutMs: 2 });
  try {
    await ensureConfigured(ledger);
    if (values['demo-building-tables']) {
      const units: UnitRecord[] = [];
      for await (const r of readBatch(batch.source, batch.mapping, ['unit'])) if (r.type === 'unit') units.push(r);
      console.error(`demo building tables: ${await publishAndLinkRegisterUnits(ledger, units)} units linked`);
    }
    const loader = new MigrationLoader(ledger, () => new Date());
    const records = migrationRecords(passedRecords(batch, inspection));
    if (values.preview) {
      for (const outcome of await loader.preview(values.batch, records)) process.stdout.write(`${JSON.stringify(outcome)}\n`);
      return;
    }
    process.stdout.write('READY\n');
    const started = process.hrtime.bigint();
    const report = await loader.load(values.batch, records, {
      concurrency: Number(values.concurrency),
      unitsPerTransaction: Number(values['units-per-tx']),
      journalPath: values.journal && resolve(values.journal),
      onOutcome: (o) => {
        if (o.outcome === 'LOADED') process.stdout.write(`LOADED ${o.legacyId}\n`);
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`${JSON.stringify({ ...report, refused: report.refused.length, refusals: report.refused.slice(0, 20), seconds: Number(seconds.toFixed(2)) })}\n`);
  } finally {
    await ledger.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`migration:load failed: ${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
