import '../quiet-chaincode-logs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isoDateInChina } from '@estate-ledger/chaincode';
import { inspectBatch, openLegacyBatch } from '../legacy-register/inspection/inspect-batch';
import { failuresCsv, reportXlsx, rulesCsv } from '../legacy-register/inspection/report-files';

const USAGE = 'npm run legacy:inspect -- BATCH [--out DIR] [--as-of YYYY-MM-DD] [--mapping mapping.json] [--corrections corrections.csv]';

/**
 * `npm run legacy:inspect`: the quality inspection of a legacy batch (a directory of tables or an
 * .xlsx workbook), written as report.json, report-rules.csv, report-failures.csv and report.xlsx.
 * Exits 1 when any record is rejected, so a script can stop before loading.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, 'as-of': { type: 'string' }, mapping: { type: 'string' }, corrections: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const started = Date.now();
  const batch = await openLegacyBatch(resolve(positionals[0]), { mappingPath: values.mapping, correctionsPath: values.corrections });
  const { report } = await inspectBatch(batch, { asOf: values['as-of'] ?? isoDateInChina(new Date()) });
  const seconds = (Date.now() - started) / 1000;
  const out = resolve(values.out ?? join(positionals[0], '..', 'inspection-report'));
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'report.json'), JSON.stringify(report, null, 1) + '\n');
  await writeFile(join(out, 'report-rules.csv'), rulesCsv(report));
  await writeFile(join(out, 'report-failures.csv'), failuresCsv(report));
  await writeFile(join(out, 'report.xlsx'), await reportXlsx(report));
  const records = report.records.reduce((n, r) => n + r.records, 0);
  for (const r of report.records) console.log(`${r.type.padEnd(12)} ${String(r.records).padStart(9)} records, ${r.passed} passed, ${r.rejected} rejected, ${r.heldBack} held back, ${r.withWarnings} with warnings`);
  console.log(`${report.failures.length} failures of ${report.rules.filter((r) => r.failed > 0).length}/${report.rules.length} rules; ${report.corrections.applied.length} corrections applied`);
  console.log(`${records} records inspected in ${seconds.toFixed(1)} s (${Math.round(records / seconds)} records/s); report in ${out}`);
  if (report.records.some((r) => r.rejected > 0)) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(`legacy:inspect failed: ${err.message}`);
  process.exitCode = 2;
});
