#!/usr/bin/env node
// Migration load onto the embedded ledger: legacy records loaded per second.
// A clean generated register is inspected, its units are published and linked (not timed: that
// is the housing authority's and the linker's work), then the loader commits one migration
// transaction per unit at CONCURRENCY clients. Printed: units (transactions)/s, restored ledger
// records/s (unit, ownership, mortgages, seizures, notices, objections, certificates) and legacy
// source rows/s (every row of a loaded unit, historical holders and superseded certificates too).
// Usage: npm run build && node bench/migration-load.js [records=20000] [concurrency=64] [units-per-transaction=20]
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'warning';
require('reflect-metadata');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { isoDateInChina } = require('../chaincode/dist');
const { EmbeddedLedger } = require('../gateway-api/dist/ledger/embedded/embedded-ledger');
const { ensureConfigured } = require('../gateway-api/dist/ledger/ledger-bootstrap');
const { generateRegister } = require('../gateway-api/dist/legacy-register/generator/register-generator');
const { openLegacyBatch, inspectBatch, passedRecords } = require('../gateway-api/dist/legacy-register/inspection/inspect-batch');
const { migrationRecords } = require('../gateway-api/dist/migration/legacy-to-migration');
const { MigrationLoader } = require('../gateway-api/dist/migration/migration-loader');
const { publishAndLinkRegisterUnits } = require('../gateway-api/dist/migration/register-building-tables');

const RECORDS = Number(process.argv[2] ?? 20_000);
const CONCURRENCY = Number(process.argv[3] ?? 64);
const UNITS_PER_TX = Number(process.argv[4] ?? 20);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'estate-migration-bench-'));
  try {
    const today = isoDateInChina(new Date());
    const generated = await generateRegister(join(dir, 'register'), { records: RECORDS, seed: 1, asOf: today, defectRate: 0, format: 'csv' });
    const batch = await openLegacyBatch(join(dir, 'register'));
    const inspection = await inspectBatch(batch, { asOf: today });
    const passed = [];
    for await (const r of passedRecords(batch, inspection)) passed.push(r);
    const commands = [];
    for await (const c of migrationRecords((async function* () { yield* passed; })())) commands.push(c);
    const rowsByUnit = new Map();
    for (const r of passed) if (r.type !== 'household') rowsByUnit.set(r.fields.unit_number, (rowsByUnit.get(r.fields.unit_number) ?? 0) + 1);

    const ledger = await EmbeddedLedger.open({ dataDir: join(dir, 'data') });
    await ensureConfigured(ledger);
    await publishAndLinkRegisterUnits(ledger, passed.filter((r) => r.type === 'unit'));

    const loader = new MigrationLoader(ledger, () => new Date());
    let restored = 0;
    let rows = 0;
    const t0 = process.hrtime.bigint();
    const report = await loader.load('BENCH', commands, {
      concurrency: CONCURRENCY,
      unitsPerTransaction: UNITS_PER_TX,
      onOutcome: (o) => {
        if (o.outcome !== 'LOADED') return;
        const c = commands.find((x) => x.legacyId === o.legacyId);
        restored += 1 + (c.ownership ? 1 + (c.ownership.certificate ? 1 : 0) : 0) + c.mortgages.length * 2 + c.seizures.length + c.notices.length * 2 + c.objections.length;
        rows += rowsByUnit.get(c.unitNumber) ?? 0;
      },
    });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    await ledger.close();
    const total = Object.values(generated.records).reduce((a, b) => a + b, 0) - generated.records.household;
    console.log(`register: ${total} legacy records (${generated.records.unit} units); inspection passed ${passed.length - generated.records.household}`);
    console.log(`loaded ${report.loaded} units in ${secs.toFixed(2)} s at concurrency ${CONCURRENCY}, ${UNITS_PER_TX} units per transaction; refused ${report.refused.length}${report.refused[0] ? ` (first: ${report.refused[0].code} ${report.refused[0].field ?? ''})` : ''}`);
    console.log(`| units (transactions) / s | ${(report.loaded / secs).toFixed(0)} |`);
    console.log(`| restored ledger records / s | ${(restored / secs).toFixed(0)} |`);
    console.log(`| legacy source rows / s | ${(rows / secs).toFixed(0)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
