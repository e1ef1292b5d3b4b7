#!/usr/bin/env node
// Embedded ledger throughput without HTTP: committed transactions/s and complete transfer
// cases/s at 1, 8 and 64 concurrent clients, with p50/p99 commit latency.
// Usage: npm run build && node bench/embedded-ledger.js [seconds-per-level]
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'warning';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createHash } = require('node:crypto');
const { EmbeddedLedger } = require('../gateway-api/dist/ledger/embedded/embedded-ledger');
const { ensureConfigured } = require('../gateway-api/dist/ledger/ledger-bootstrap');
const { CertificateNumbering } = require('../gateway-api/dist/application/certificate-numbering');
const { residentIdCheckChar, MATERIALS_CHECKLIST } = require('../chaincode/dist');

const SECONDS = Number(process.argv[2] ?? 5);
const LEVELS = [1, 8, 64];
const sha = (s) => createHash('sha256').update(s).digest('hex');
const id = (d17) => d17 + residentIdCheckChar(d17);
const DEV = { kind: 'ORG', name: '达州市滨江房地产开发有限公司', idNumber: '91350100M000100Y43' };
const as = (msp, role) => ({ msp, role });
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN; };

async function measure(label, clients, work) {
  const latencies = [];
  let done = 0, failed = 0;
  const until = Date.now() + SECONDS * 1000;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; Date.now() < until; i++) {
      const s = process.hrtime.bigint();
      try { await work(c, i); done++; latencies.push(Number(process.hrtime.bigint() - s) / 1e6); } catch { failed++; }
    }
  }));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  return { label, clients, perSecond: done / secs, p50: pct(latencies, 50), p99: pct(latencies, 99), done, failed };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'estate-bench-'));
  const ledger = await EmbeddedLedger.open({ dataDir: dir });
  await ensureConfigured(ledger);
  // The gateway's numbering station, batching each office's certifications (no audit database here: its entries are dropped).
  const numbering = new CertificateNumbering(ledger, { record: () => undefined }, { warn: (o, m) => console.warn(m, o.err?.message ?? '') }, { numberingStation: true });
  // As the gateway does: an MVCC conflict (two cases touching one key) gets a new proposal.
  const submit = async (identity, fn, input, parties, attempt = 0) => {
    try {
      return await ledger.submit({ identity, fn, args: [JSON.stringify(input)], transient: parties ? { parties: JSON.stringify(parties) } : undefined });
    } catch (e) {
      if (e.code === 'MVCC_READ_CONFLICT' && attempt < 10) return submit(identity, fn, input, parties, attempt + 1);
      throw e;
    }
  };
  const rows = [];
  let seq = 0;

  for (const clients of LEVELS) {
    rows.push(await measure('committed tx/s (publish 1 household)', clients, async () => {
      const n = seq++;
      await submit(as('HousingMSP', 'surveyor'), 'BuildingTable:publishProject', {
        projectId: `P${n}`, name: '基准', district: '511702', developer: 'd',
        buildings: [{ buildingId: 'B1', name: '1号楼', households: [{ houseCode: `H${n}`, floor: 1, room: '101', location: '通川区', use: '住宅', structure: '砖混', areas: { building: '90.00', inner: '80.00', shared: '10.00' } }] }],
      }, { d: DEV });
    }));
  }

  // Complete transfer cases: each on its own unit, first-registered to the developer beforehand.
  const docs = (t) => MATERIALS_CHECKLIST[t].map((type) => ({ type, sha256: sha(type) }));
  const prepareUnit = async (n) => {
    const houseCode = `TH${n}`;
    const unitNumber = `511702001002GB00011F${String(1000 + Math.floor(n / 9999)).padStart(4, '0')}${String(n % 9999 + 1).padStart(4, '0')}`;
    await submit(as('HousingMSP', 'surveyor'), 'BuildingTable:publishProject', { projectId: `TP${n}`, name: '过户', district: '511702', developer: 'd', presalePermit: '预售许可', buildings: [{ buildingId: 'B', name: '楼', households: [{ houseCode, floor: 1, room: '101', location: '通川区', use: '住宅', structure: '砖混', areas: { building: '90.00', inner: '80.00', shared: '10.00' } }] }] }, { d: DEV });
    await submit(as('RegistryMSP', 'registrar'), 'BuildingTable:linkUnit', { houseCode, unitNumber });
    await runRegistration({ registrationId: `F${n}`, type: 'FIRST', unitNumber, applicants: [{ party: 'd' }], documents: docs('FIRST') }, { d: DEV });
    return unitNumber;
  };
  const runRegistration = async (input, parties) => {
    await submit(as('RegistryMSP', 'clerk'), 'Registration:apply', input, parties);
    const step = { registrationId: input.registrationId };
    await submit(as('RegistryMSP', 'clerk'), 'Registration:accept', step);
    await submit(as('RegistryMSP', 'reviewer'), 'Registration:review', { ...step, decision: 'APPROVE' });
    await submit(as('RegistryMSP', 'registrar'), 'Registration:record', step);
    await submit(as('RegistryMSP', 'certifier'), 'Registration:certify', step);
    if (!(await numbering.numberOf('511700', input.registrationId))) throw new Error(`${input.registrationId} was not numbered`);
    await submit(as('RegistryMSP', 'certifier'), 'Registration:issue', step);
  };
  let caseSeq = 0;
  for (const clients of LEVELS) {
    rows.push(await measure('transfer cases/s (16 tx + numbering each)', clients, async () => {
      const n = caseSeq++;
      const unitNumber = await prepareUnit(n);
      const buyer = { kind: 'PERSON', name: '买受人', idNumber: id(`51170219900101${String(n % 1000).padStart(3, '0')}`) };
      const parties = { d: DEV, b: buyer };
      await submit(as('HousingMSP', 'filing'), 'SaleContract:sign', { contractId: `C${n}`, kind: 'COMMODITY', unitNumber, sellers: [{ party: 'd' }], buyers: [{ party: 'b' }], buyerCoOwnership: 'SOLE', price: '1000000.00' }, parties);
      await submit(as('HousingMSP', 'filing'), 'SaleContract:file', { contractId: `C${n}` });
      await submit(as('TaxMSP', 'assessor'), 'Tax:assess', { taxId: `T${n}`, contractId: `C${n}`, items: [{ kind: 'DEED_TAX', payer: 'BUYER', base: '1000000.00', rate: '1', amount: '10000.00' }] });
      await submit(as('TaxMSP', 'assessor'), 'Tax:clear', { taxId: `T${n}`, voucherHash: sha(`v${n}`) });
      await runRegistration({ registrationId: `X${n}`, type: 'TRANSFER', unitNumber, applicants: [{ party: 'd' }, { party: 'b' }], contractId: `C${n}`, taxId: `T${n}`, documents: docs('TRANSFER') }, parties);
    }));
  }
  await numbering.stop();
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });

  console.log(`embedded ledger, ${SECONDS} s per level, block timer 5 ms / 500 tx, fsync per block`);
  console.log('workload'.padEnd(40), 'clients', '    per s', '  p50 ms', '  p99 ms', ' failed');
  for (const r of rows) {
    console.log(r.label.padEnd(40), String(r.clients).padStart(7), r.perSecond.toFixed(1).padStart(9), r.p50.toFixed(1).padStart(8), r.p99.toFixed(1).padStart(8), String(r.failed).padStart(7));
  }
  console.log('(transfer case latency covers 16 sequential transactions: building table, link, first registration and the transfer itself)');
}

main().catch((e) => { console.error(e); process.exit(1); });
