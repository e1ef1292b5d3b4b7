#!/usr/bin/env node
// Ledger submissions end to end through HTTP: the real gateway (express, auth, tenancy check,
// endorsement, block commit, wait for the read model) started in-process on the embedded ledger,
// driven by 50 keep-alive clients in a thread of their own (bench/http-client-thread.js).
//   1. FIRST registrations (apply, accept, review, record, certify, issue: 6 tx each), every client
//      on its own fresh units: committed tx/s and p50/p95/p99 latency of each POST.
//   2. Complete one-window transfer cases (application, contract sign + file, tax assess + clear,
//      TRANSFER registration through issue: 11 tx each) on the units registered in run 1: cases/s, tx/s.
//   3. Projection lag: each block's time (its first transaction's proposal time: blocks carry no
//      time of their own) to the projector's onProjected, over runs 1-2.
//   4. Read-model rebuild from block 0: tx/s.
// Units (building table + link to a unit number) are prepared through HTTP beforehand, sized from
// the measured link rate. Prints numbers and never asserts; failed requests are counted by HTTP
// status and error code (a 409 MVCC/phantom conflict is counted, then the POST repeated, as its
// error message asks). Clients and gateway share the machine's CPUs; the CPU figures are the
// whole process's, client thread included.
// Usage: npm run build && node bench/http-submissions.js [seconds-per-run, default 10]
//   CPU per transaction and per case of each run: see cpu-meter.js (BENCH_CPU_PROFILE=DIR profiles each run).
//   read model: PGlite in the temp dir; with DATABASE_URL=postgres://… a throwaway database is
//   created on that server for the run and dropped afterwards. BENCH_CLIENTS (default 50),
//   BENCH_UNITS (units to prepare; default from the link rate).
require('reflect-metadata');
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'warning';
const os = require('node:os');
const { mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { createHash } = require('node:crypto');
const { throwawayDatabase } = require('./throwaway-database');
const { cpuWindow, describeCpu } = require('./cpu-meter');
const { startHttpClient } = require('./http-client-thread');
const { loadConfig } = require('../gateway-api/dist/config/gateway-config');
const { startGateway } = require('../gateway-api/dist/server');
const { Projector } = require('../gateway-api/dist/read-model/projector');
const { blockTime } = require('../gateway-api/dist/ledger/ledger-port');
const { residentIdCheckChar, MATERIALS_CHECKLIST } = require('../chaincode/dist');

const SECONDS = Number(process.argv[2] ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const ROOMS_PER_BUILDING = 250;
const CONFLICT_RETRIES = 20;
const DISTRICT = '511702';
const GOALS = { txPerSecond: 1000, p99Ms: 100, lagP99Ms: 100, rebuildTxPerSecond: 15000, casesPerSecond: 100, certifyP99Ratio: 2 };

const sha = (s) => createHash('sha256').update(s).digest('hex');
const residentId = (birth, seq) => { const d17 = `${DISTRICT}${birth}${String(seq).padStart(3, '0')}`; return d17 + residentIdCheckChar(d17); };
const unitNumber = (building, room) => `${DISTRICT}001002GB00011F${String(building).padStart(4, '0')}${String(room).padStart(4, '0')}`;
const materials = (type) => MATERIALS_CHECKLIST[type].map((t) => ({ type: t, sha256: sha(`${type}:${t}`) }));
const DEVELOPER = { kind: 'ORG', name: '达州市滨江房地产开发有限公司', idNumber: '91350100M000100Y43' };
const NAMES = ['张三丰', '李四海', '王五湖', '赵六合', '钱七星', '孙八方', '周九州', '吴十全'];
const BUYERS = Array.from({ length: 200 }, (_, i) => ({ kind: 'PERSON', name: NAMES[i % NAMES.length], idNumber: residentId(`1990${String(1 + (i % 12)).padStart(2, '0')}15`, 1 + i) }));
const MSP_OF = { clerk: 'RegistryMSP', reviewer: 'RegistryMSP', registrar: 'RegistryMSP', certifier: 'RegistryMSP', surveyor: 'HousingMSP', filing: 'HousingMSP', assessor: 'TaxMSP' };
const stamp = Date.now().toString(36);
let idSeq = 0;
const nextId = (prefix) => `${prefix}-${stamp}-${++idSeq}`;
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const sorted = (xs) => Float64Array.from(xs).sort();

// --- HTTP clients: in their own thread, one keep-alive connection each, never throw -------------
let client;
const post = (path, key, body) => client.request('POST', '/api/v1' + path, key, body);

// --- one measured run ---------------------------------------------------------------------------
const errorSamples = [];
function newRun(label, opName) {
  return { label, opName, t0: 0, deadline: 0, end: 0, tx: 0, ops: 0, latencies: [], byStep: new Map(), errors: new Map(), notProjected: 0, lags: [], blockTx: [], clientsOutOfUnits: 0, invalidTx: 0, invalidByFn: new Map(), maxCertifyPerBlock: 0, numbered: 0, numberingTx: 0, maxNumberedPerBlock: 0, note: '' };
}

/**
 * One POST as one step of a flow; returns the parsed body on 201/200, else undefined. A 409 MVCC or
 * phantom read conflict (the gateway has already retried it) is counted as an error and the POST
 * repeated, as a client following the error's "retry the request" would; anything else ends the flow.
 */
async function step(run, name, role, path, body) {
  for (let attempt = 1; ; attempt++) {
    const r = await post(path, keys[role], body);
    const inWindow = performance.now() <= run.deadline;
    if (r.status === 201 || r.status === 200) {
      let parsed;
      try { parsed = JSON.parse(r.text); } catch { parsed = {}; }
      if (inWindow) {
        run.tx++;
        run.latencies.push(r.ms);
        (run.byStep.get(name) ?? run.byStep.set(name, []).get(name)).push(r.ms);
        if (parsed.projected === false) run.notProjected++;
      }
      return parsed;
    }
    let code = r.code;
    if (!code) { try { code = JSON.parse(r.text).error?.code; } catch { /* not JSON */ } }
    const retry = r.status === 409 && (code === 'MVCC_READ_CONFLICT' || code === 'PHANTOM_READ_CONFLICT') && attempt < CONFLICT_RETRIES;
    const k = `${r.status} ${code ?? '?'} on ${name}${retry ? ' (retried)' : ''}`;
    run.errors.set(k, (run.errors.get(k) ?? 0) + 1);
    const kind = `${r.status} ${code}`;
    if (errorSamples.length < 5 && !errorSamples.some((x) => x.kind === kind)) errorSamples.push({ kind, text: `[${run.label}] ${name} ${path} → ${r.status}: ${r.text.slice(0, 400)}` });
    if (!retry) return undefined;
  }
}

/** Runs `flow(client, run)` repeatedly on every client until the deadline; a flow in progress at the deadline finishes (drain, not counted). */
async function measure(run, flow) {
  const cpu = await cpuWindow(run.label);
  run.t0 = performance.now();
  run.deadline = run.t0 + SECONDS * 1000;
  lagSink = run;
  const stops = await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    while (performance.now() < run.deadline) {
      const outcome = await flow(c, run);
      if (outcome === 'EMPTY') { run.clientsOutOfUnits++; return performance.now(); }
      if (outcome === 'DONE' && performance.now() <= run.deadline) run.ops++;
    }
    return Infinity;
  }));
  // Clients that ran out of units stop early: the window ends when the last one stopped.
  run.end = Math.min(run.deadline, Math.max(...stops));
  // The window's CPU: a flow still running at the deadline adds a little, counted by no rate.
  run.cpu = await cpu.stop();
  await settleProjection();
  lagSink = undefined;
  return run;
}

// --- projection lag -----------------------------------------------------------------------------
let lagSink;
let gw;
let projector;
async function settleProjection() {
  const height = await gw.ledger.height();
  await projector.waitFor(height - 1, 30_000);
}

let keys;
async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'estate-bench-http-'));
  let pgDrop;
  const env = { DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent', PUBLIC_RATE_LIMIT: '0' };
  if (process.env.DATABASE_URL) {
    const db = await throwawayDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = db.url;
    pgDrop = db.drop;
  }
  const rows = [];
  try {
    gw = await startGateway(loadConfig(env));
    client = startHttpClient(gw.url, CLIENTS + 8);
    projector = gw.container.resolve(Projector);
    keys = Object.fromEntries(Object.entries(MSP_OF).map(([role, msp]) => {
      const a = gw.demoAccounts?.find((x) => x.msp === msp && x.role === role && x.districts.includes(DISTRICT));
      if (!a) throw new Error(`no demo account ${msp}/${role} in ${DISTRICT}`);
      return [role, a.apiKey];
    }));
    projector.onProjected((batch) => {
      if (!lagSink) return;
      const now = Date.now();
      for (const b of batch.blocks) {
        lagSink.lags.push(now - Date.parse(blockTime(b)));
        lagSink.blockTx.push(b.transactions.length);
        let certified = 0;
        let numbered = 0;
        for (const t of b.transactions) {
          if (t.code !== 'VALID') {
            lagSink.invalidTx++;
            lagSink.invalidByFn.set(`${t.fn} ${t.code}`, (lagSink.invalidByFn.get(`${t.fn} ${t.code}`) ?? 0) + 1);
          } else if (t.fn === 'Registration:certify') certified++;
          else if (t.fn === 'Certificate:number') {
            // A numbering transaction takes each certification it numbers off its office's queue.
            numbered += t.writes.filter((w) => w.objectType === 'certqueue' && w.isDelete).length;
            lagSink.numberingTx++;
          }
        }
        lagSink.maxCertifyPerBlock = Math.max(lagSink.maxCertifyPerBlock, certified);
        lagSink.maxNumberedPerBlock = Math.max(lagSink.maxNumberedPerBlock, numbered);
        lagSink.numbered += numbered;
      }
    });

    // --- prepare units: building tables and links, through HTTP ---------------------------------
    let building = 0;
    const fresh = [];
    const prepRun = newRun('prepare: link units', 'link');
    let linkSecs = 0;
    prepRun.deadline = Infinity;
    const prepare = async (count) => {
      const houses = [];
      const projects = [];
      for (let made = 0; made < count; made += ROOMS_PER_BUILDING) {
        const b = ++building;
        const projectId = nextId('P');
        const households = Array.from({ length: Math.min(ROOMS_PER_BUILDING, count - made) }, (_, i) => ({
          houseCode: `HC-${projectId}-${i + 1}`, floor: Math.floor(i / 4) + 1, room: String(101 + i), location: `达州市通川区滨江路${b}号${i + 1}室`,
          use: '住宅', structure: '钢筋混凝土', areas: { building: '98.50', inner: '80.20', shared: '18.30' },
        }));
        projects.push(step(prepRun, 'publishProject', 'surveyor', '/projects', {
          projectId, name: '滨江花园', district: DISTRICT, developer: DEVELOPER, presalePermit: '达住建预售字(2025)第012号',
          buildings: [{ buildingId: `B${b}`, name: `${b}号楼`, households }],
        }).then((ok) => ok && households.forEach((h, i) => houses.push({ houseCode: h.houseCode, unitNumber: unitNumber(b, i + 1) }))));
      }
      await Promise.all(projects);
      const t0 = performance.now();
      const before = prepRun.tx;
      await Promise.all(Array.from({ length: CLIENTS }, async () => {
        for (let h; (h = houses.shift());) {
          if (await step(prepRun, 'linkUnit', 'registrar', `/households/${encodeURIComponent(h.houseCode)}/link`, { unitNumber: h.unitNumber })) { fresh.push(h.unitNumber); prepRun.ops++; }
        }
      }));
      linkSecs += (performance.now() - t0) / 1000;
      return (prepRun.tx - before) / ((performance.now() - t0) / 1000);
    };
    const tPrep = performance.now();
    const linkRate = await prepare(CLIENTS * 10);
    // A FIRST registration is 6 transactions of about the cost of a link: twice the units the
    // link rate predicts, so the pool should not run dry.
    const wanted = Number(process.env.BENCH_UNITS ?? Math.ceil((2 * linkRate * SECONDS) / 6) + CLIENTS);
    if (wanted > fresh.length) await prepare(wanted - fresh.length);
    const prepSecs = (performance.now() - tPrep) / 1000;
    await settleProjection();
    prepRun.note = `${fresh.length} units in ${prepSecs.toFixed(1)} s (building tables, then links at ${CLIENTS} clients)`;

    // --- run 1: FIRST registrations on fresh units ----------------------------------------------
    const registered = [];
    const regSteps = async (run, reg) => {
      if (!(await step(run, 'apply', 'clerk', '/registrations', reg))) return 'FAILED';
      const at = `/registrations/${reg.registrationId}`;
      if (!(await step(run, 'accept', 'clerk', `${at}/accept`, {}))) return 'FAILED';
      if (!(await step(run, 'review', 'reviewer', `${at}/review`, { decision: 'APPROVE' }))) return 'FAILED';
      if (!(await step(run, 'record', 'registrar', `${at}/record`, {}))) return 'FAILED';
      if (!(await step(run, 'certify', 'certifier', `${at}/certify`, {}))) return 'FAILED';
      if (!(await step(run, 'issue', 'certifier', `${at}/issue`, {}))) return 'FAILED';
      return 'DONE';
    };
    const first = await measure(newRun('FIRST registrations', 'reg'), async (c, run) => {
      const unit = fresh.pop();
      if (!unit) return 'EMPTY';
      const out = await regSteps(run, { registrationId: nextId('REG'), type: 'FIRST', unitNumber: unit, applicants: [{ party: DEVELOPER }], documents: materials('FIRST') });
      if (out === 'DONE') registered.push(unit);
      return out;
    });
    rows.push(first);

    // --- run 2: complete one-window transfer cases ----------------------------------------------
    // Each case takes a unit first-registered in run 1 (seller: the developer); if they run out, a
    // client transfers its last unit on, from that case's buyer to the next.
    const owned = Array.from({ length: CLIENTS }, () => undefined);
    let buyerSeq = 0;
    let retransfers = 0;
    const transfer = await measure(newRun('transfer cases', 'case'), async (c, run) => {
      let unit = registered.pop();
      let seller = DEVELOPER;
      if (!unit) {
        if (!owned[c]) return 'EMPTY';
        ({ unit, owner: seller } = owned[c]);
        retransfers++;
      }
      const buyer = BUYERS[buyerSeq++ % BUYERS.length];
      const applicationId = nextId('YC');
      if (!(await step(run, 'application', 'clerk', '/applications', { applicationId, businessType: 'TRANSFER', unitNumber: unit, applicants: [seller, buyer], materials: materials('TRANSFER'), channel: '政务大厅一窗' }))) return 'FAILED';
      const contractId = nextId('HT');
      if (!(await step(run, 'contract', 'filing', '/contracts', { contractId, kind: 'STOCK', unitNumber: unit, sellers: [{ party: seller }], buyers: [{ party: buyer }], buyerCoOwnership: 'SOLE', price: '1280000.00', applicationId }))) return 'FAILED';
      if (!(await step(run, 'file', 'filing', `/contracts/${contractId}/file`, {}))) return 'FAILED';
      const taxId = nextId('TAX');
      if (!(await step(run, 'assess', 'assessor', '/tax-assessments', { taxId, contractId, applicationId, items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1280000.00', rate: '1.5', amount: '19200.00' }] }))) return 'FAILED';
      if (!(await step(run, 'clear', 'assessor', `/tax-assessments/${taxId}/clear`, { voucherHash: sha(`voucher:${taxId}`) }))) return 'FAILED';
      const out = await regSteps(run, { registrationId: nextId('REG'), type: 'TRANSFER', unitNumber: unit, applicants: [{ party: seller }, { party: buyer }], contractId, taxId, applicationId, documents: materials('TRANSFER') });
      if (out === 'DONE') owned[c] = { unit, owner: buyer };
      return out;
    });
    if (retransfers) transfer.note = `${retransfers} cases re-transferred a unit already transferred in this run`;
    rows.push(transfer);

    // --- rebuild --------------------------------------------------------------------------------
    await projector.stop();
    const height = await gw.ledger.height();
    const r0 = performance.now();
    const rebuiltTx = await projector.rebuild();
    const rebuildSecs = (performance.now() - r0) / 1000;
    projector.start();
    // One more submission shows the projector following again (and keeps close() from racing its
    // first checkpoint query: a stop() during that query is not seen by the follow loop).
    const resumeRun = newRun('after rebuild', 'tx');
    resumeRun.deadline = Infinity;
    const resumed = await step(resumeRun, 'publishProject', 'surveyor', '/projects', {
      projectId: nextId('P'), name: '重建后', district: DISTRICT, developer: DEVELOPER,
      buildings: [{ buildingId: 'B1', name: '1号楼', households: [{ houseCode: `HC-${stamp}-R`, floor: 1, room: '101', location: '达州市通川区滨江路', use: '住宅', structure: '钢筋混凝土', areas: { building: '98.50', inner: '80.20', shared: '18.30' } }] }],
    });

    // --- report ---------------------------------------------------------------------------------
    const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    console.log(`\nHTTP submissions: gateway in-process, embedded ledger, ${gw.db.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} read model; ${CLIENTS} clients, ${SECONDS} s per run`);
    console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${load}; node ${process.version}`);
    console.log(`prepared: ${prepRun.note}\n`);
    console.log('run'.padEnd(22), '     ops/s', '    tx/s', ' p50 ms', ' p95 ms', ' p99 ms', '  tx ok', ' errors', ' !proj');
    for (const r of [prepRun, ...rows]) {
      // The preparation row: links only (its few building-table POSTs are in the latencies, not the rate).
      const secs = r === prepRun ? linkSecs : (r.end - r.t0) / 1000;
      const l = sorted(r.latencies);
      const errs = [...r.errors.values()].reduce((a, b) => a + b, 0);
      const ops = `${(r.ops / secs).toFixed(1)} ${r.opName}`;
      const tx = ((r === prepRun ? r.ops : r.tx) / secs).toFixed(0);
      console.log(r.label.padEnd(22), ops.padStart(10), tx.padStart(8), pct(l, 50).toFixed(1).padStart(7), pct(l, 95).toFixed(1).padStart(7), pct(l, 99).toFixed(1).padStart(7), String(r.tx).padStart(7), String(errs).padStart(7), String(r.notProjected).padStart(6));
    }
    console.log('\nCPU of the process (all threads) in each window, and the main thread\'s event-loop utilisation:');
    for (const r of rows) console.log(`  ${r.label.padEnd(22)} ${describeCpu(r.cpu, (r.end - r.t0) / 1000, r.tx, 'tx')}, ${(r.cpu.cpuMs / Math.max(1, r.ops)).toFixed(1)} ms CPU per ${r.opName}`);
    console.log('\nper step (p50 / p99 ms):');
    for (const r of [prepRun, ...rows]) {
      console.log(`  ${r.label}: ` + [...r.byStep].map(([k, v]) => { const s = sorted(v); return `${k} ${pct(s, 50).toFixed(0)}/${pct(s, 99).toFixed(0)}`; }).join(', '));
    }
    console.log('\nprojection lag, block time → onProjected (ms):');
    for (const r of [prepRun, ...rows].filter((x) => x.lags.length)) {
      const l = sorted(r.lags);
      const tx = r.blockTx.reduce((a, b) => a + b, 0);
      console.log(`  ${r.label.padEnd(22)} p50 ${pct(l, 50).toFixed(1).padStart(6)}  p99 ${pct(l, 99).toFixed(1).padStart(6)}  max ${l[l.length - 1].toFixed(0).padStart(5)}  over ${r.lags.length} blocks, ${(tx / r.lags.length).toFixed(1)} tx/block, ${r.invalidTx} committed invalid, ≤ ${r.maxCertifyPerBlock} valid certify/block`);
    }
    console.log('\ncertificate numbering (Certificate:number batches of the gateway\'s numbering station):');
    for (const r of rows) {
      const invalid = [...r.invalidByFn].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
      console.log(`  ${r.label.padEnd(22)} ${r.numbered} numbered in ${r.numberingTx} numbering tx (${(r.numbered / Math.max(1, r.numberingTx)).toFixed(1)} per tx), ≤ ${r.maxNumberedPerBlock} numbered/block; invalid tx: ${invalid}`);
    }
    const allLags = sorted(rows.flatMap((r) => r.lags));
    console.log(`\nrebuild: ${rebuiltTx} tx in ${height} blocks in ${rebuildSecs.toFixed(2)} s = ${(rebuiltTx / rebuildSecs).toFixed(0)} tx/s; projector restarted, next submission ${resumed?.projected ? 'projected' : 'NOT projected'}`);
    console.log('\ngoals:');
    for (const r of rows) {
      const l = sorted(r.latencies);
      const tps = r.tx / ((r.end - r.t0) / 1000);
      console.log(`  ${r.label.padEnd(22)} ${tps.toFixed(0).padStart(6)} tx/s (goal ≥ ${GOALS.txPerSecond})   p99 ${pct(l, 99).toFixed(1)} ms (goal ≤ ${GOALS.p99Ms})`);
      const certify = sorted(r.byStep.get('certify') ?? []);
      const others = sorted([...r.byStep].filter(([k]) => k !== 'certify').flatMap(([, v]) => v));
      const ratio = pct(certify, 99) / pct(others, 99);
      console.log(`  ${''.padEnd(22)} certify p50 ${pct(certify, 50).toFixed(1)} / p99 ${pct(certify, 99).toFixed(1)} ms vs the other steps' p50 ${pct(others, 50).toFixed(1)} / p99 ${pct(others, 99).toFixed(1)} ms: ${ratio.toFixed(2)}× (goal ≤ ${GOALS.certifyP99Ratio}×)`);
    }
    console.log(`  transfer cases          ${(transfer.ops / ((transfer.end - transfer.t0) / 1000)).toFixed(1)} complete cases/s (goal ≥ ${GOALS.casesPerSecond})`);
    console.log(`  projection lag p99      ${pct(allLags, 99).toFixed(1)} ms (goal ≤ ${GOALS.lagP99Ms})`);
    console.log(`  rebuild                 ${(rebuiltTx / rebuildSecs).toFixed(0)} tx/s (goal ≥ ${GOALS.rebuildTxPerSecond})`);
    for (const r of [prepRun, ...rows]) {
      if (r.errors.size) console.log(`errors in ${r.label}: ` + [...r.errors].map(([k, n]) => `${k} ×${n}`).join(', '));
      if (r.clientsOutOfUnits) console.log(`note: ${r.label}: ${r.clientsOutOfUnits} of ${CLIENTS} clients ran out of units before the end; rates cover ${((r.end - r.t0) / 1000).toFixed(1)} s (set BENCH_UNITS higher)`);
      if (r.note && r !== prepRun) console.log(`note: ${r.label}: ${r.note}`);
    }
    if (errorSamples.length) console.log('first error body of each kind:\n  ' + errorSamples.map((x) => x.text).join('\n  '));
    console.log(`(ops/s: completed FIRST registrations or transfer cases per second; tx/s: committed POSTs per second; latency: each successful POST in the window, which includes waiting for the read model; !proj: responses with projected=false)`);
  } finally {
    await client?.close();
    // A hung close() must not end the process silently (an empty event loop) before the cleanup.
    let timer;
    const closed = await Promise.race([
      (gw ? gw.close() : Promise.resolve()).then(() => true, (e) => { console.error('gateway close failed:', e); return true; }),
      new Promise((r) => { timer = setTimeout(() => r(false), 15_000); }),
    ]);
    clearTimeout(timer);
    if (!closed) console.error('warning: gateway close() did not finish within 15 s');
    await pgDrop?.().catch((e) => console.error('could not drop the bench database:', e.message));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
