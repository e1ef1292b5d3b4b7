#!/usr/bin/env node
// Quality inspection (质检) throughput on a generated legacy register: records inspected per second
// and peak memory, for the goal of 1,000,000 records in at most 10 minutes on 2 cores.
// Generates the register (seeded, 8 % of units with one injected defect) into a temporary
// directory unless --batch names one, inspects it once, checks recall and false positives against
// the generator's manifest, and prints the numbers.
// Usage: npm run build && node bench/legacy-inspection.js [--records 1000000] [--batch DIR] [--format csv|csv-gbk|xlsx]
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'warning';
const { mkdtempSync, rmSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { parseArgs } = require('node:util');
const { generateRegister, DEFECT_MANIFEST } = require('../gateway-api/dist/legacy-register/generator/register-generator');
const { inspectBatch, openLegacyBatch } = require('../gateway-api/dist/legacy-register/inspection/inspect-batch');

const AS_OF = '2026-06-30';

async function main() {
  const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, batch: { type: 'string' }, format: { type: 'string', default: 'csv' } } });
  const temp = values.batch ? undefined : mkdtempSync(join(tmpdir(), 'bench-legacy-'));
  const dir = values.batch ?? temp;
  try {
    if (temp) {
      const t = Date.now();
      await generateRegister(dir, { records: Number(values.records), seed: 1, asOf: AS_OF, defectRate: 0.08, format: values.format });
      console.log(`generated ${values.records} records (${values.format}) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const { report } = await inspectBatch(await openLegacyBatch(dir), { asOf: AS_OF });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuSeconds = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6;
    clearInterval(sampler);
    const records = report.records.reduce((n, r) => n + r.records, 0);
    const manifest = JSON.parse(readFileSync(join(dir, DEFECT_MANIFEST), 'utf8'));
    const reported = new Set(report.failures.map((f) => `${f.rule} ${f.type}:${f.row}`));
    const defective = new Set(manifest.defects.map((d) => `${d.type}:${d.row}`));
    const missed = manifest.defects.filter((d) => !reported.has(`${d.rule} ${d.type}:${d.row}`)).length;
    const onClean = report.failures.filter((f) => !defective.has(`${f.type}:${f.row}`)).length;
    console.log(`inspected ${records} records in ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU: ${Math.round(records / seconds)} records/s`);
    console.log(`projected for 1,000,000 records: ${((1_000_000 / records) * seconds / 60).toFixed(1)} min; peak RSS ${Math.round(peak / 2 ** 20)} MiB`);
    console.log(`${manifest.defects.length} injected defects, ${missed} missed, ${onClean} failures on clean records, ${report.failures.length} failures in all`);
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
