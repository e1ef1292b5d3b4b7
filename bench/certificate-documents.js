#!/usr/bin/env node
// Certificate documents: PDF render time per certificate, the QR seal's size, and the time the
// verify page takes in headless Chromium to check a seal (signature only, and photo → verdict).
//   1. renders one certificate's PDF N times in this process (the first includes reading the font);
//   2. seals a title certificate's claims and prints the claims' and the whole seal's bytes;
//   3. starts the real gateway (embedded ledger, PGlite) in a child process, seeds a small
//      district, downloads a title's PDF, photographs its page with pdftoppm, and uploads the
//      photo to /verify N times in Chromium; the page measures verifySeal itself (data-verify-ms).
//   It prints the load average before and after: the machine is shared, so figures need it.
// Usage: npm run build && node bench/certificate-documents.js [renders] [browser-runs]
require('../gateway-api/dist/quiet-chaincode-logs');
require('reflect-metadata');
const { execFileSync, spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { loadavg, tmpdir } = require('node:os');
const { CompactSign, importJWK } = require('jose');
const { join, resolve } = require('node:path');
const { chromium } = require('playwright-core');
const { certificateLayout, renderPdf } = require('../gateway-api/dist/documents/document-pdf');
const { certificateClaims } = require('../gateway-api/dist/documents/sealed-documents');
const { IssuerKeys } = require('../gateway-api/dist/documents/issuer-keys');
const { canonicalBytes } = require('../chaincode/dist/domain/canonical-json');
const { seedDistrict, SMALL_SIZE } = require('../gateway-api/dist/cli/demo-seed');
const { readDemoAccounts } = require('../gateway-api/dist/auth/account-store');

const RENDERS = Number(process.argv[2] ?? 20);
const BROWSER_RUNS = Number(process.argv[3] ?? 10);
const FONT = { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' };
const REPO = resolve(__dirname, '..');
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { mean: (s.reduce((a, b) => a + b, 0) / s.length).toFixed(1), p50: s[Math.floor(s.length / 2)].toFixed(1), max: s[s.length - 1].toFixed(1) };
};
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

async function renderTimes(seal) {
  const doc = {
    schema: 'estate-ledger/certificate/v2', certNo: '川(2026)达州市不动产权第0000123号', kind: 'TITLE', issuer: '达州市不动产登记中心', rightType: 'OWNERSHIP',
    unitNumber: '511702001002GB00011F00010001', location: '达州市通川区滨江大道88号1栋1单元101室', use: '城镇住宅用地/住宅', structure: '钢筋混凝土结构',
    areas: { building: '128.50', inner: '106.20', shared: '22.30' },
    right: { holders: [{ name: '张三丰', idKind: 'RESIDENT_ID', idNumber: '511702198503120011', share: null }], coOwnership: 'SOLE' },
    registrationId: 'DJ-2026-000123', registerVersion: 3, recordedAt: '2026-12-01T02:00:00.000Z', preparedAt: '2026-12-01T02:05:00.000Z',
  };
  const bytes = canonicalBytes(doc);
  const layout = certificateLayout(doc, new Date('2026-12-01T02:10:00.000Z'), sha256(bytes), seal, Buffer.from(bytes));
  const times = [];
  let first;
  for (let i = 0; i < RENDERS; i++) {
    const t = process.hrtime.bigint();
    const pdf = await renderPdf(layout, FONT);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (first && !pdf.equals(first)) throw new Error('two renderings differ');
    first ??= pdf;
  }
  return { times, size: first.length };
}

async function freePort() {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

async function browserTimes(dir) {
  const port = await freePort();
  const data = join(dir, 'gateway');
  const child = spawn(process.execPath, [join(REPO, 'gateway-api/dist/main.js')], { cwd: REPO, env: { ...process.env, PORT: String(port), DATA_DIR: data, LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT: '0', DATABASE_URL: '' }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (i > 1200) throw new Error('gateway did not start');
      if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const accounts = readDemoAccounts(data);
    const seed = await seedDistrict({ baseUrl: url, accounts, size: SMALL_SIZE, concurrency: 2 });
    const certNo = seed.units.find((u) => u.story === 'SOLD').titleCertificates[1];
    const clerk = accounts.find((a) => a.msp === 'RegistryMSP' && a.role === 'clerk').apiKey;
    const get = async () => Buffer.from(await (await fetch(`${url}/api/v1/certificates/${encodeURIComponent(certNo)}/pdf`, { headers: { 'x-api-key': clerk } })).arrayBuffer());
    const t = process.hrtime.bigint();
    const pdf = await get();
    const firstDownloadMs = Number(process.hrtime.bigint() - t) / 1e6;
    const t2 = process.hrtime.bigint();
    await get();
    const againMs = Number(process.hrtime.bigint() - t2) / 1e6;
    writeFileSync(join(dir, 'c.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', join(dir, 'c.pdf'), join(dir, 'photo')]);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${url}/verify`);
      await page.waitForFunction(() => localStorage.getItem('estate-ledger.issuer-keys') !== null);
      const sealMs = [];
      const photoMs = [];
      for (let i = 0; i < BROWSER_RUNS; i++) {
        await page.goto(`${url}/verify`);
        const t3 = Date.now();
        await page.getByLabel(/二维码照片|Photo of the QR code/).setInputFiles(join(dir, 'photo.png'));
        const verdict = page.locator('[data-seal="SIGNED"][data-status="VALID"]');
        await verdict.waitFor();
        photoMs.push(Date.now() - t3);
        sealMs.push(Number(await verdict.getAttribute('data-verify-ms')));
      }
      return { firstDownloadMs, againMs, sealMs, photoMs };
    } finally {
      await browser.close();
    }
  } finally {
    child.kill('SIGTERM');
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-documents-'));
  try {
    console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const keys = IssuerKeys.load(join(dir, 'keys.json'));
    const office = '达州市不动产登记中心';
    const claims = certificateClaims({ certNo: '川(2026)达州市不动产权第0000123号', docHash: sha256('x'), kind: 'TITLE', unitNumber: '511702001002GB00011F00010001', registerVersion: 3, issuedAt: '2026-12-01T02:10:00.000Z' });
    const seal = await keys.seal(office, claims, new Date());
    const proofSeal = await keys.seal(office, { n: '达州市不动产登记中心查询证明〔2026〕0000123号', h: claims.h, k: 'H', i: claims.i, x: claims.i + 30 * 86400 }, new Date());
    // The same claims in the previous format (compact JWS, JSON claims), signed by the same key, for comparison.
    const { kid, privateJwk } = JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')).keys[0];
    const jws = await new CompactSign(Buffer.from(JSON.stringify(claims))).setProtectedHeader({ alg: 'ES256', kid }).sign(await importJWK(privateJwk, 'ES256'));
    console.log(`QR seal (COSE_Sign1, base64url): title ${Buffer.byteLength(seal)} bytes, holdings proof ${Buffer.byteLength(proofSeal)} bytes (the QR's content); the previous JWS of the same title claims: ${Buffer.byteLength(jws)} bytes`);
    const r = await renderTimes(seal);
    console.log(`PDF render (${RENDERS} renderings of one title, ${r.size} bytes, identical): first ${r.times[0].toFixed(1)} ms (reads the font), then ms ${JSON.stringify(stats(r.times.slice(1)))}`);
    const b = await browserTimes(dir);
    console.log(`HTTP: first download (seal + record on the ledger + render) ${b.firstDownloadMs.toFixed(0)} ms, a later download ${b.againMs.toFixed(0)} ms`);
    console.log(`Chromium, ${BROWSER_RUNS} runs: verifySeal ms ${JSON.stringify(stats(b.sealMs))}; photo upload → decoded → verified → status shown ms ${JSON.stringify(stats(b.photoMs))}`);
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
