#!/usr/bin/env node
// Channel batches (集中办理) on the embedded ledger: the real gateway in-process, its batch worker
// taking items from the durable queue (pg-boss with DATABASE_URL, the items table on PGlite).
//   1. A developer's batch of first registrations (4 tx per item: apply, accept, review, record):
//      items/s from the 202 to the batch's COMPLETED.
//   2. A bank's batch of mortgages on those units, while 10 other callers read units over HTTP
//      (from their own thread), 100 requests a second in all on a fixed schedule
//      (BENCH_READS_PER_SECOND; 0 = as fast as answers come): items/s, and the other callers'
//      p50/p99 latency during the batch.
// Prints numbers, asserts nothing. Clients (the channels posting and polling, the readers) run in
// threads of their own; they and the gateway share the machine's CPUs.
// Usage: npm run build && DATABASE_URL=postgres://… node bench/channel-batches.js [items, default 2000]
//   A server on the same machine is best reached over its Unix socket
//   (DATABASE_URL='postgres://postgres@localhost/test?host=/var/run/postgresql'): over loopback TCP
//   the gateway's main thread pays for the kernel's side of every query.
//   With DATABASE_URL a throwaway database is created on that server and dropped afterwards.
//   BATCH_CONCURRENCY (gateway, default 32) sets the items processed at once. CPU per item of each
//   batch: see cpu-meter.js (BENCH_CPU_PROFILE=DIR profiles each batch).
require('reflect-metadata');
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'warning';
const os = require('node:os');
const { mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { createHash } = require('node:crypto');
const { throwawayDatabase } = require('./throwaway-database');
const { cpuWindow, describeCpu } = require('./cpu-meter');
const { startHttpClient } = require('./http-client-thread');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { AuditLog } = require('../gateway-api/dist/audit/audit-log');
const { loadConfig } = require('../gateway-api/dist/config/gateway-config');
const { startGateway } = require('../gateway-api/dist/server');
const { MATERIALS_CHECKLIST } = require('../chaincode/dist');

const ITEMS = Number(process.argv[2] ?? 2000);
const READERS = 10;
// The other callers' requests per second in all; 0: each sends its next as soon as the last answered.
const READS_PER_SECOND = Number(process.env.BENCH_READS_PER_SECOND ?? 100);
const DISTRICT = '511702';
const GOALS = { itemsPerSecond: 100, otherP99Ms: 200 };
const sha = (s) => createHash('sha256').update(s).digest('hex');
const docs = (type) => MATERIALS_CHECKLIST[type].map((t) => ({ type: t, sha256: sha(`${type}:${t}`) }));
const unitNumber = (room) => `${DISTRICT}001002GB00011F0777${String(room).padStart(4, '0')}`;
const DEVELOPER = { kind: 'ORG', name: '达州市滨江房地产开发有限公司', idNumber: '91350100M000100Y43' };
const BANK = { kind: 'ORG', name: '中国建设银行达州分行', idNumber: '91110000100008886U' };
const pct = (xs, p) => { const s = Float64Array.from(xs).sort(); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let baseUrl;
async function call(method, path, key, body) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, { method, headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** A call from the client thread, as a bank's or developer's system calls from elsewhere. */
async function viaClient(client, method, path, key, body) {
  const res = await client.request(method, `/api/v1${path}`, key, body);
  if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
  return JSON.parse(res.text);
}

/** Posts the batch (its JSON text, serialised beforehand) and polls it until COMPLETED. */
async function runBatch(client, label, key, bodyText) {
  const cpu = await cpuWindow(label);
  const t0 = performance.now();
  const { batch } = await viaClient(client, 'POST', '/channel/batches', key, bodyText);
  for (;;) {
    const b = await viaClient(client, 'GET', `/channel/batches/${batch.batchId}`, key);
    if (b.status === 'COMPLETED') return { seconds: (performance.now() - t0) / 1000, counts: b.counts, cpu: await cpu.stop() };
    await sleep(200);
  }
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'estate-bench-batch-'));
  const env = { DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent', PUBLIC_RATE_LIMIT: '0', BODY_LIMIT_BYTES: String(16 * 1024 * 1024) };
  let pgDrop;
  if (process.env.DATABASE_URL) {
    const db = await throwawayDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = db.url;
    pgDrop = db.drop;
  }
  const gw = await startGateway(loadConfig(env));
  baseUrl = gw.url;
  try {
    const key = (role) => gw.demoAccounts.find((a) => a.role === role && a.districts.includes(DISTRICT)).apiKey;
    const projectId = `P-BENCH-${Date.now().toString(36)}`;
    // Four households a floor, up to the 200 floors the building table allows, then again from the first.
    const households = Array.from({ length: ITEMS }, (_, i) => ({ houseCode: `HC-${projectId}-${i + 1}`, floor: (Math.floor(i / 4) % 200) + 1, room: String(101 + i), location: `达州市通川区滨江路777号${i + 1}室`, use: '住宅', structure: '钢筋混凝土', areas: { building: '98.50', inner: '80.20', shared: '18.30' } }));
    await call('POST', '/projects', key('surveyor'), { projectId, name: '滨江花园', district: DISTRICT, developer: DEVELOPER, presalePermit: '达住建预售字(2025)第012号', buildings: [{ buildingId: 'B777', name: '777号楼', households }] });
    for (let i = 0; i < ITEMS; i += 50) await Promise.all(households.slice(i, i + 50).map((h, j) => call('POST', `/households/${encodeURIComponent(h.houseCode)}/link`, key('registrar'), { unitNumber: unitNumber(i + j + 1) })));
    const channel = async (name, channelType, businessTypes) => (await call('POST', '/admin/channels', key('admin'), { name, channelType, businessTypes, districts: [DISTRICT] })).apiKey;
    const developer = await channel('达州市滨江房地产开发有限公司', 'developer', ['FIRST']);
    const bank = await channel('中国建设银行达州分行', 'bank', ['MORTGAGE']);

    // The developer's and the bank's systems post and poll from a thread of their own.
    const channels = startHttpClient(baseUrl, 2);
    const firstBody = JSON.stringify({ idempotencyKey: `first-${projectId}`, items: households.map((_, i) => ({ itemKey: `F-${i + 1}`, registration: { type: 'FIRST', unitNumber: unitNumber(i + 1), applicants: [{ party: DEVELOPER }], documents: docs('FIRST') } })) });
    const first = await runBatch(channels, 'developer FIRST batch', developer, firstBody);

    // Other callers while the bank's batch runs: unit reads over keep-alive connections, from a
    // thread of their own as callers are other processes (they still share the machine's CPUs).
    const mortgageBody = JSON.stringify({
      idempotencyKey: `mtg-${projectId}`,
      items: households.map((_, i) => ({ itemKey: `M-${i + 1}`, registration: { type: 'MORTGAGE', unitNumber: unitNumber(i + 1), applicants: [{ party: DEVELOPER }], documents: docs('MORTGAGE'), mortgage: { creditor: BANK, amount: '650000.00', maximumAmount: false, noTransfer: false, termStart: '2026-12-01', termEnd: '2046-12-01' } } })),
    });
    const readers = startHttpClient(baseUrl, READERS);
    const readersFrom = new Date().toISOString();
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    await readers.startReaders(Array.from({ length: ITEMS }, (_, i) => `/api/v1/units/${unitNumber(i + 1)}`), key('clerk'), READERS, READS_PER_SECOND);
    const mortgages = await runBatch(channels, 'bank MORTGAGE batch', bank, mortgageBody);
    await channels.close();
    const { latencies, errors: readErrors } = await readers.stopReaders();
    await readers.close();
    loopDelay.disable();
    // The same requests as the gateway timed them (its audit log), apart from the client thread's own
    // waits for a CPU: callers elsewhere do not compete with the gateway for its cores.
    await gw.container.resolve(AuditLog).flush();
    const [served] = await gw.db.query(
      `SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99
       FROM audit_log WHERE kind = 'REQUEST' AND path LIKE '/api/v1/units/%' AND at >= $1::timestamptz`,
      [readersFrom],
    );

    const rate = (r) => Math.round((ITEMS / r.seconds) * 10) / 10;
    console.log(`\nchannel batches: ${ITEMS} items per batch, ledger embedded, read model and queue ${gw.db.kind === 'postgres' ? 'PostgreSQL (pg-boss)' : 'PGlite (items table)'}, BATCH_CONCURRENCY ${gw.config.batchConcurrency}, ${os.cpus().length} CPUs shared with the clients`);
    console.log(`| batch | items/s | seconds | recorded | refused | goal |`);
    console.log(`|---|---|---|---|---|---|`);
    console.log(`| developer FIRST registrations (4 tx each) | ${rate(first)} | ${first.seconds.toFixed(1)} | ${first.counts.RECORDED} | ${first.counts.REFUSED} | ≥ ${GOALS.itemsPerSecond} |`);
    console.log(`| bank MORTGAGE registrations (4 tx each), ${READERS} readers running (${READS_PER_SECOND || "as fast as answered"}/s) | ${rate(mortgages)} | ${mortgages.seconds.toFixed(1)} | ${mortgages.counts.RECORDED} | ${mortgages.counts.REFUSED} | ≥ ${GOALS.itemsPerSecond} |`);
    console.log(`\nCPU of the gateway process (not PostgreSQL's): developer batch ${describeCpu(first.cpu, first.seconds, ITEMS, 'item')}; bank batch (readers included) ${describeCpu(mortgages.cpu, mortgages.seconds, ITEMS, 'item')}`);
    console.log(`\nother callers during the bank batch (GET /units/{n}, ${READERS} clients, ${READS_PER_SECOND ? `${READS_PER_SECOND}/s scheduled` : 'each as fast as answered'}): ${latencies.length} requests (${(latencies.length / mortgages.seconds).toFixed(0)}/s), ${readErrors} errors, p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms (goal p99 ≤ ${GOALS.otherP99Ms} ms)`);
    console.log(`  as the gateway timed them (audit log, handler start to response end): ${served.n} requests, p50 ${Number(served.p50).toFixed(1)} ms, p99 ${Number(served.p99).toFixed(1)} ms; the gateway's event-loop delay meanwhile p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`);
  } finally {
    await gw.close();
    await pgDrop?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
