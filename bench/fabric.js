#!/usr/bin/env node
// The gateway on the real four-organisation Fabric network (test-network/), measured end to end.
//   1. Fabric binaries: time to build them cold (only with --cold: it deletes and rebuilds
//      test-network/.fabric, ~2.5 min) and when reused.
//   2. Time from nothing to a ready network (network:down, then network:up).
//   3. Committed transactions/s and p50/p99 of POST /projects (one transaction with private data:
//      a building table with its developer) through the housing agency's HTTP gateway, at
//      increasing concurrency. Each POST returns once committed and projected.
//   4. Complete one-window transfer cases/s through the four agencies' own gateways (application,
//      contract sign + file, tax assess + clear, registration through issue: 11 transactions), then a
//      burst of concurrent certifications (BENCH_CERTIFY_BURST, 32): certificates numbered per block.
//   5. Memory (RSS) of every Fabric process and of this process (the four gateways).
// Prints numbers and never asserts. Usage: npm run bench:fabric [-- seconds-per-step] [--cold]
//   BENCH_LEVELS (default 8,16,32,64,96) sets the concurrency steps of 3. Read models are PGlite in
//   temp dirs; with DATABASE_URL=postgres://… each gateway gets a throwaway database on that server.
require('reflect-metadata');
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'warning';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { createHash } = require('node:crypto');
const pino = require('pino');
const { Client } = require('pg');
const { loadConfig } = require('../gateway-api/dist/config/gateway-config');
const { startGateway } = require('../gateway-api/dist/server');
const { residentIdCheckChar, MATERIALS_CHECKLIST, ORGANISATIONS, MSP_IDS } = require('../chaincode/dist');

const args = process.argv.slice(2);
const SECONDS = Number(args.find((a) => /^\d+$/.test(a)) ?? 20);
const COLD = args.includes('--cold');
const LEVELS = (process.env.BENCH_LEVELS ?? '8,16,32,64,96').split(',').map(Number);
const GOAL = { txPerSecond: 100, p99Ms: 2000 };
const REPO = resolve(__dirname, '..');
const NET = join(REPO, 'test-network');
const PROFILE = join(NET, '.run', 'network.json');
const DISTRICT = '511702';

const sha = (s) => createHash('sha256').update(s).digest('hex');
const residentId = (birth, seq) => { const d = `${DISTRICT}${birth}${String(seq).padStart(3, '0')}`; return d + residentIdCheckChar(d); };
const DEVELOPER = { kind: 'ORG', name: '达州市滨江房地产开发有限公司', idNumber: '91350100M000100Y43' };
const buyer = (i) => ({ kind: 'PERSON', name: ['张三丰', '李四海', '王五湖', '赵六合'][i % 4], idNumber: residentId(`1990${String(1 + (i % 12)).padStart(2, '0')}15`, 1 + (i % 900)) });
const household = (houseCode) => ({ houseCode, floor: 1, room: '101', location: '达州市通川区滨江路1号101室', use: '住宅', structure: '钢筋混凝土', areas: { building: '98.50', inner: '80.20', shared: '18.30' } });
const materials = (type) => MATERIALS_CHECKLIST[type].map((t) => ({ type: t, sha256: sha(`${type}:${t}`) }));
const stamp = Date.now().toString(36);
let seq = 0;
const nextId = (p) => `${p}-${stamp}-${++seq}`;
const unitNumber = (b, r) => `${DISTRICT}001002GB00011F${String(b).padStart(4, '0')}${String(r).padStart(4, '0')}`;
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN; };
const timed = (label, fn) => { const t = performance.now(); fn(); const s = (performance.now() - t) / 1000; console.log(`${label.padEnd(44)} ${s.toFixed(2)} s`); return s; };
const script = (name, ...a) => { const r = spawnSync('bash', [join(NET, 'scripts', name), ...a], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] }); if (r.status !== 0) throw new Error(`${name} ${a.join(' ')} failed`); };

/** Per block from `from` to `to` (exclusive): valid certify transactions, certificates numbered (queue entries a valid Certificate:number removed), invalid transactions by function. */
async function numberingIn(ledger, from, to) {
  const out = { blocks: 0, maxCertify: 0, maxNumbered: 0, numbered: 0, numberingTx: 0, blocksWithSeveral: 0, invalid: new Map() };
  if (to <= from) return out;
  const stop = new AbortController();
  for await (const b of ledger.blocks(from, stop.signal)) {
    let certified = 0; let numbered = 0;
    for (const t of b.transactions) {
      if (t.code !== 'VALID') out.invalid.set(`${t.fn} ${t.code}`, (out.invalid.get(`${t.fn} ${t.code}`) ?? 0) + 1);
      else if (t.fn === 'Registration:certify') certified++;
      else if (t.fn === 'Certificate:number') { out.numberingTx++; numbered += t.writes.filter((w) => w.objectType === 'certqueue' && w.isDelete).length; }
    }
    out.blocks++; out.numbered += numbered;
    out.maxCertify = Math.max(out.maxCertify, certified); out.maxNumbered = Math.max(out.maxNumbered, numbered);
    if (numbered > 1) out.blocksWithSeveral++;
    if (b.number >= to - 1) break;
  }
  stop.abort();
  return out;
}
const numberingReport = (n) => `${n.blocks} blocks: ${n.numbered} certificates numbered by ${n.numberingTx} numbering tx, ≤ ${n.maxNumbered} numbered per block (${n.blocksWithSeveral} blocks with more than one), ≤ ${n.maxCertify} certify per block; invalid tx: ${[...n.invalid].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}`;

function memory() {
  const pidsDir = join(NET, '.run', 'pids');
  const rows = [];
  for (const f of readdirSync(pidsDir).filter((n) => n.endsWith('.pid'))) {
    const pid = readFileSync(join(pidsDir, f), 'utf8').split(' ')[0].trim();
    try {
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
      rows.push([f.replace(/\.pid$/, ''), rss]);
    } catch { rows.push([f.replace(/\.pid$/, ''), NaN]); }
  }
  rows.push(['this process (4 gateways + clients)', process.memoryUsage().rss / 1048576]);
  for (const [name, mb] of rows) console.log(`  ${name.padEnd(40)} ${mb.toFixed(0)} MB`);
}

class GatewayClient {
  constructor(gw) { this.gw = gw; }
  key(msp, role) { return this.gw.demoAccounts.find((a) => a.msp === msp && a.role === role && a.districts.includes(DISTRICT)).apiKey; }
  async post(msp, role, path, body) {
    const t = performance.now();
    const res = await fetch(`${this.gw.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': this.key(msp, role) }, body: JSON.stringify(body) });
    const json = await res.json().catch(() => null);
    return { ok: res.status < 300, status: res.status, code: json?.error?.code, ms: performance.now() - t };
  }
}

async function main() {
  console.log(`Fabric bench: ${SECONDS} s per step, concurrency ${LEVELS.join(', ')}`);
  if (COLD) { rmSync(join(NET, '.fabric'), { recursive: true, force: true }); timed('binaries, cold build', () => script('build-binaries.sh')); }
  timed('binaries, reused', () => script('build-binaries.sh'));
  script('network.sh', 'down');
  timed('network from nothing to ready (network:up)', () => script('network.sh', 'up'));

  // Gateways share this process with the clients: the throughput steps run the housing gateway
  // alone, so that three other projectors do not take its CPU; the case step starts the others.
  const gateways = {};
  const databases = [];
  const readModel = async () => {
    if (!process.env.DATABASE_URL) return {};
    const name = `bench_fabric_${stamp}_${databases.length}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    databases.push(name);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return { DATABASE_URL: url.toString() };
  };
  const startAgency = async (msp) => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-fabric-'));
    gateways[msp] = new GatewayClient(await startGateway(loadConfig({ DATA_DIR: dir, PORT: '0', LEDGER: 'fabric', FABRIC_NETWORK: PROFILE, ORG: ORGANISATIONS[msp].key, PUBLIC_RATE_LIMIT: '0', LOG_LEVEL: 'silent', ...(await readModel()) }), { logger: pino({ level: 'silent' }) }));
  };
  await startAgency('RegistryMSP');
  await gateways.RegistryMSP.gw.close();
  await startAgency('HousingMSP');
  const housing = gateways.HousingMSP;
  const publish = () => {
    const projectId = nextId('P');
    return housing.post('HousingMSP', 'surveyor', '/projects', { projectId, name: '测速花园', district: DISTRICT, developer: DEVELOPER, presalePermit: '达住建预售字(2025)第012号', buildings: [{ buildingId: 'B1', name: '1号楼', households: [household(`HC-${projectId}-1`)] }] });
  };
  const probe = await publish();
  if (!probe.ok) throw new Error(`POST /projects failed: ${probe.status} ${probe.code}`);

  console.log('\nPOST /projects through the housing gateway (1 tx with private data each; returns when committed and projected)');
  console.log('clients   committed tx/s   p50 ms   p99 ms   errors');
  let best = { tps: 0 };
  for (const n of LEVELS) {
    const lat = []; let errors = 0; const until = Date.now() + SECONDS * 1000; const t0 = performance.now();
    await Promise.all(Array.from({ length: n }, async () => { while (Date.now() < until) { const r = await publish(); if (r.ok) lat.push(r.ms); else errors++; } }));
    const tps = lat.length / ((performance.now() - t0) / 1000);
    const row = { n, tps, p50: pct(lat, 50), p99: pct(lat, 99) };
    if (tps > best.tps) best = row;
    console.log(`${String(n).padStart(7)}   ${tps.toFixed(1).padStart(14)}   ${row.p50.toFixed(0).padStart(6)}   ${row.p99.toFixed(0).padStart(6)}   ${errors}`);
  }
  console.log(`best: ${best.tps.toFixed(1)} tx/s at ${best.n} clients, p99 ${best.p99.toFixed(0)} ms (goal ≥ ${GOAL.txPerSecond} tx/s with p99 ≤ ${GOAL.p99Ms} ms)`);

  // Transfer cases: units first registered to the developer, then sold, each step by its own agency.
  for (const msp of ['RegistryMSP', 'TaxMSP', 'CourtMSP']) await startAgency(msp);
  const CASE_CLIENTS = 8;
  const reg = gateways.RegistryMSP; const tax = gateways.TaxMSP;
  const must = async (p, what) => { const r = await p; if (!r.ok) throw new Error(`${what}: ${r.status} ${r.code}`); return r; };
  const unitFor = async (b) => {
    const projectId = nextId('P'); const houseCode = `HC-${projectId}-1`;
    await must(housing.post('HousingMSP', 'surveyor', '/projects', { projectId, name: '测速花园', district: DISTRICT, developer: DEVELOPER, presalePermit: '达住建预售字(2025)第012号', buildings: [{ buildingId: 'B1', name: '1号楼', households: [household(houseCode)] }] }), 'publish');
    const unit = unitNumber(b, 1);
    await must(reg.post('RegistryMSP', 'registrar', `/households/${encodeURIComponent(houseCode)}/link`, { unitNumber: unit }), 'link');
    await registration(unit, 'FIRST', [DEVELOPER], {});
    return unit;
  };
  const registration = async (unit, type, applicants, extra) => {
    const id = nextId('REG'); const r = (role, path, body) => must(reg.post('RegistryMSP', role, path, body), `${type} ${path}`);
    await r('clerk', '/registrations', { registrationId: id, type, unitNumber: unit, applicants: applicants.map((party) => ({ party })), documents: materials(type), ...extra });
    for (const [role, step, body] of [['clerk', 'accept', {}], ['reviewer', 'review', { decision: 'APPROVE' }], ['registrar', 'record', {}], ['certifier', 'certify', {}], ['certifier', 'issue', {}]]) await r(role, `/registrations/${id}/${step}`, body);
  };
  const transfer = async (unit, i) => {
    const applicationId = nextId('YC'); const contractId = nextId('HT'); const taxId = nextId('TAX'); const b = buyer(i);
    await must(reg.post('RegistryMSP', 'clerk', '/applications', { applicationId, businessType: 'TRANSFER', unitNumber: unit, applicants: [DEVELOPER, b], materials: materials('TRANSFER'), channel: '政务大厅一窗' }), 'application');
    await must(housing.post('HousingMSP', 'filing', '/contracts', { contractId, kind: 'STOCK', unitNumber: unit, sellers: [{ party: DEVELOPER }], buyers: [{ party: b }], buyerCoOwnership: 'SOLE', price: '1000000.00', applicationId }), 'contract');
    await must(housing.post('HousingMSP', 'filing', `/contracts/${contractId}/file`, {}), 'file');
    await must(tax.post('TaxMSP', 'assessor', '/tax-assessments', { taxId, contractId, applicationId, items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1000000.00', rate: '1.5', amount: '15000.00' }] }), 'assess');
    await must(tax.post('TaxMSP', 'assessor', `/tax-assessments/${taxId}/clear`, { voucherHash: sha(taxId) }), 'clear');
    await registration(unit, 'TRANSFER', [DEVELOPER, b], { contractId, taxId, applicationId });
  };
  console.log(`\nComplete one-window transfer cases, ${CASE_CLIENTS} at a time through the four gateways`);
  let building = 5000 + (Date.now() % 3000); let cases = 0; let caseErrors = 0; const caseMs = [];
  const units = await Promise.all(Array.from({ length: CASE_CLIENTS * 2 }, () => unitFor(building++)));
  const caseHeights = [await reg.gw.ledger.height()];
  const until = Date.now() + SECONDS * 1000; const t0 = performance.now();
  await Promise.all(Array.from({ length: CASE_CLIENTS }, async (_, c) => {
    for (let k = c; Date.now() < until && k < units.length; k += CASE_CLIENTS) {
      const t = performance.now();
      try { await transfer(units[k], k); cases++; caseMs.push(performance.now() - t); } catch (e) { caseErrors++; console.log(`  case failed: ${e.message}`); }
    }
  }));
  const s = (performance.now() - t0) / 1000;
  console.log(`  ${cases} cases in ${s.toFixed(1)} s: ${(cases / s).toFixed(2)} cases/s (${((cases * 11) / s).toFixed(1)} tx/s), p50 ${pct(caseMs, 50).toFixed(0)} ms per case, ${caseErrors} failed`);

  console.log(`  numbering in that window: ${numberingReport(await numberingIn(reg.gw.ledger, caseHeights[0], await reg.gw.ledger.height()))}`);

  // A burst of certifications: with certify writing no shared key, the registry gateway's
  // numbering station numbers them in a few batches, many certificates per block.
  const BURST = Number(process.env.BENCH_CERTIFY_BURST ?? 32);
  console.log(`\nCertify burst: ${BURST} recorded FIRST registrations certified at once through the registry gateway`);
  const recorded = await Promise.all(Array.from({ length: BURST }, async () => {
    const b = building++; const projectId = nextId('P'); const houseCode = `HC-${projectId}-1`; const unit = unitNumber(b, 1); const id = nextId('REG');
    await must(housing.post('HousingMSP', 'surveyor', '/projects', { projectId, name: '测速花园', district: DISTRICT, developer: DEVELOPER, presalePermit: '达住建预售字(2025)第012号', buildings: [{ buildingId: 'B1', name: '1号楼', households: [household(houseCode)] }] }), 'publish');
    await must(reg.post('RegistryMSP', 'registrar', `/households/${encodeURIComponent(houseCode)}/link`, { unitNumber: unit }), 'link');
    await must(reg.post('RegistryMSP', 'clerk', '/registrations', { registrationId: id, type: 'FIRST', unitNumber: unit, applicants: [{ party: DEVELOPER }], documents: materials('FIRST') }), 'apply');
    for (const [role, step, body] of [['clerk', 'accept', {}], ['reviewer', 'review', { decision: 'APPROVE' }], ['registrar', 'record', {}]]) await must(reg.post('RegistryMSP', role, `/registrations/${id}/${step}`, body), step);
    return id;
  }));
  const burstFrom = await reg.gw.ledger.height();
  const certifyMs = []; let certifyErrors = 0; const tb = performance.now();
  await Promise.all(recorded.map(async (id) => { const r = await reg.post('RegistryMSP', 'certifier', `/registrations/${id}/certify`, {}); if (r.ok) certifyMs.push(r.ms); else certifyErrors++; }));
  console.log(`  ${certifyMs.length} certified and numbered in ${((performance.now() - tb) / 1000).toFixed(1)} s, certify p50 ${pct(certifyMs, 50).toFixed(0)} / p99 ${pct(certifyMs, 99).toFixed(0)} ms, ${certifyErrors} failed`);
  console.log(`  ${numberingReport(await numberingIn(reg.gw.ledger, burstFrom, await reg.gw.ledger.height()))}`);

  console.log('\nMemory (RSS)');
  memory();
  for (const g of Object.values(gateways)) await g.gw.close();
  if (databases.length) {
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  script('network.sh', 'down');
}

main().catch((e) => { console.error(e); spawnSync('bash', [join(NET, 'scripts', 'network.sh'), 'down'], { stdio: 'inherit' }); process.exit(1); });
