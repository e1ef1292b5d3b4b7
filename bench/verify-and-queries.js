#!/usr/bin/env node
// Public verify-by-hash and staff queries over 1,000,000 certificates and units in PostgreSQL.
// Loads synthetic rows straight into a fresh read-model database (the ledger is not involved in
// reads), then measures with autocannon at 50 connections, all on 127.0.0.1:
//   1. the gateway's verify fast path, random uncached hashes (cache disabled);
//   2. a raw node:http handler doing the same lookup (same SQL, named prepared statement, same
//      verdict code), in the same run, as the ceiling to compare against;
//   3. the gateway's verify on cache hits (a hot set of 1,000 hashes);
//   4. staff API queries on random units (detail, status, restrictions, keyset page).
// Usage: npm run build && node bench/verify-and-queries.js [seconds] [rows]
// Needs PostgreSQL (TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test); the public rate
// limit is disabled for the run (PUBLIC_RATE_LIMIT=0).
require('reflect-metadata');
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'warning';
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const { mkdtempSync, rmSync, readFileSync } = require('node:fs');
const { createServer } = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { Client, Pool } = require('pg');
const { VERIFY_SQL, verdictOf } = require('../gateway-api/dist/read-model/verification-query');
const { migrate } = require('../gateway-api/dist/read-model/migrations');
const { PgReadDb } = require('../gateway-api/dist/read-model/pg-read-db');

const SECONDS = Number(process.argv[2] ?? 10);
const ROWS = Number(process.argv[3] ?? 1_000_000);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'estate_bench_verify';
const hashOf = (i) => createHash('sha256').update(`cert${i}`).digest('hex');
const unitOf = (i) => `511702${String(Math.floor(i / 10000)).padStart(6, '0')}GB${String(i % 100000).padStart(5, '0')}F${String(i).padStart(8, '0')}`;
const rnd = () => 1 + Math.floor(Math.random() * ROWS);

async function load(url) {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const db = new PgReadDb({ connectionString: url });
  await migrate(db);
  await db.close();
  const c = new Client({ connectionString: url });
  await c.connect();
  const t0 = Date.now();
  const unitNumber = `'511702' || lpad((i / 10000)::text, 6, '0') || 'GB' || lpad((i % 100000)::text, 5, '0') || 'F' || lpad(i::text, 8, '0')`;
  await c.query(`INSERT INTO units
    SELECT ${unitNumber}, 'HC-B-' || i, '511702', 'PB', '达州市通川区滨江路' || i || '号', 2, true, false, false, false, false, false, false, false, false, '{}',
      jsonb_build_object('unitNumber', ${unitNumber}, 'houseCode', 'HC-B-' || i, 'projectId', 'PB', 'district', '511702', 'location', '达州市通川区滨江路' || i || '号',
        'use', '住宅', 'structure', '钢筋混凝土', 'areas', jsonb_build_object('building', '98.50', 'inner', '80.20', 'shared', '18.30'), 'floor', 1, 'building', 'B', 'room', '101',
        'registerVersion', 2, 'mortgages', '[]'::jsonb, 'notices', '[]'::jsonb, 'objections', '[]'::jsonb, 'residence', '[]'::jsonb, 'seizures', '[]'::jsonb, 'lapsedObjections', '[]'::jsonb,
        'ownership', jsonb_build_object('rightId', 'R-' || i, 'holders', '[]'::jsonb, 'coOwnership', 'SOLE', 'registrationId', 'REG-' || i, 'recordedAt', '2026-01-05T02:00:00.000Z'),
        'linkedBy', jsonb_build_object('msp', 'RegistryMSP', 'role', 'registrar', 'id', 'bench', 'txId', 'bench', 'at', '2026-01-01T00:00:00.000Z')), 0,
      jsonb_build_object('R-' || i, encode(sha256(('content' || i)::bytea), 'hex'))
    FROM generate_series(1, ${ROWS}) AS i`);
  await c.query(`INSERT INTO certificates
    SELECT '川(2026)达州市不动产权第' || lpad(i::text, 7, '0') || '号', encode(sha256(('cert' || i)::bytea), 'hex'), ${unitNumber}, '511702', 'TITLE', 'OWNERSHIP', 'R-' || i, 'VALID', 2, '2026-01-05T02:00:00Z',
      jsonb_build_object('certNo', '川(2026)达州市不动产权第' || lpad(i::text, 7, '0') || '号', 'kind', 'TITLE', 'unitNumber', ${unitNumber}, 'district', '511702', 'rightId', 'R-' || i,
        'rightType', 'OWNERSHIP', 'registrationId', 'REG-' || i, 'registerVersion', 2, 'docHash', encode(sha256(('cert' || i)::bytea), 'hex'), 'status', 'VALID',
        'issuedAt', '2026-01-05T02:00:00.000Z', 'issuedTxId', 'bench'), 0, encode(sha256(('content' || i)::bytea), 'hex')
    FROM generate_series(1, ${ROWS}) AS i`);
  await c.query('ANALYZE');
  const plans = {};
  for (const [name, sql, params] of [
    ['verify', VERIFY_SQL, [hashOf(5)]],
    ['unit', 'SELECT doc, party_refs FROM units WHERE unit_number = $1', [unitOf(5)]],
    ['units page', `SELECT unit_number FROM units WHERE district = ANY($1) AND unit_number > $2 AND ($3::text IS NULL OR project_id = $3) ORDER BY unit_number LIMIT 51`, [['511702'], unitOf(500000), null]],
    ['unit history', 'SELECT tx_id FROM transactions WHERE unit_number = $1 AND (block_number, tx_index) > ($2, $3) ORDER BY block_number, tx_index LIMIT 51', [unitOf(5), -1, -1]],
  ]) {
    const rows = (await c.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)).rows[0]['QUERY PLAN'][0].Plan;
    const nodes = [];
    const walk = (n) => { nodes.push(n['Node Type'] + (n['Index Name'] ? `(${n['Index Name']})` : '')); (n.Plans ?? []).forEach(walk); };
    walk(rows);
    plans[name] = nodes.join(' > ');
  }
  await c.end();
  return { seconds: (Date.now() - t0) / 1000, plans };
}

function rawServer(url) {
  const pool = new Pool({ connectionString: url, max: 10 });
  const server = createServer(async (req, res) => {
    const hash = req.url.slice('/api/v1/verify/'.length);
    try {
      const { rows } = await pool.query({ name: 'verify_by_hash', text: VERIFY_SQL, values: [hash] });
      const now = new Date();
      const body = JSON.stringify({ ...verdictOf(rows[0], now), checkedAt: now.toISOString() });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } catch {
      res.writeHead(503);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, close: () => new Promise((r) => server.close(() => pool.end().then(r))) })));
}

function startGateway(env) {
  const dir = mkdtempSync(join(tmpdir(), 'estate-bench-'));
  const child = spawn(process.execPath, [join(__dirname, '..', 'gateway-api', 'dist', 'main.js')], {
    env: { ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b) => {
      out += String(b);
      const m = out.match(/Estate Ledger gateway: (http:\/\/[\d.:]+)/);
      if (m && out.includes('Fill it with')) {
        const accounts = JSON.parse(readFileSync(join(dir, 'demo-accounts.json'), 'utf8'));
        resolve({ url: m[1], accounts, stop: () => new Promise((r) => { child.on('exit', () => { rmSync(dir, { recursive: true, force: true }); r(); }); child.kill('SIGTERM'); }) });
      }
    });
    child.on('exit', (code) => reject(new Error(`gateway exited ${code}: ${out}`)));
  });
}

function cannon(url, path, headers = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, duration: SECONDS, headers, requests: [{ setupRequest: (req) => ({ ...req, path: path() }) }] }, (err, r) => (err ? reject(err) : resolve(r)));
  });
}
const summary = (r) => ({ rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors });

async function main() {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  console.log(`loading ${ROWS.toLocaleString()} units and certificates into ${url.pathname.slice(1)} ...`);
  const loaded = await load(url.toString());
  console.log(`loaded in ${loaded.seconds.toFixed(1)} s; plans:`);
  for (const [k, v] of Object.entries(loaded.plans)) console.log(`  ${k.padEnd(14)} ${v}`);

  const results = {};
  const raw = await rawServer(url.toString());
  const uncachedGw = await startGateway({ DATABASE_URL: url.toString(), VERIFY_CACHE_ENTRIES: '0' });
  await cannon(uncachedGw.url, () => `/api/v1/verify/${hashOf(rnd())}`); // warm-up
  results['gateway verify, uncached'] = summary(await cannon(uncachedGw.url, () => `/api/v1/verify/${hashOf(rnd())}`));
  results['raw node:http, same lookup'] = summary(await cannon(`http://127.0.0.1:${raw.port}`, () => `/api/v1/verify/${hashOf(rnd())}`));
  await uncachedGw.stop();
  await raw.close();

  const gw = await startGateway({ DATABASE_URL: url.toString() });
  const hot = Array.from({ length: 1000 }, () => hashOf(rnd()));
  await cannon(gw.url, () => `/api/v1/verify/${hot[Math.floor(Math.random() * hot.length)]}`);
  results['gateway verify, cache hits'] = summary(await cannon(gw.url, () => `/api/v1/verify/${hot[Math.floor(Math.random() * hot.length)]}`));
  const key = gw.accounts.find((a) => a.msp === 'RegistryMSP' && a.role === 'clerk' && a.districts.includes('511702')).apiKey;
  const auth = { 'x-api-key': key };
  results['API GET /units/{n}'] = summary(await cannon(gw.url, () => `/api/v1/units/${unitOf(rnd())}`, auth));
  results['API GET /units/{n}/status'] = summary(await cannon(gw.url, () => `/api/v1/units/${unitOf(rnd())}/status`));
  results['API GET /restrictions?unitNumber='] = summary(await cannon(gw.url, () => `/api/v1/restrictions?unitNumber=${unitOf(rnd())}`, auth));
  results['API GET /units?cursor= (keyset page of 50)'] = summary(await cannon(gw.url, () => `/api/v1/units?limit=50&cursor=${Buffer.from(JSON.stringify([unitOf(rnd())])).toString('base64url')}`, auth));
  await gw.stop();

  console.log(`\n${require('node:os').cpus().length} CPUs, ${SECONDS} s per run, 50 connections, autocannon in the same machine`);
  console.table(results);
  const ratio = results['gateway verify, uncached'].rps / results['raw node:http, same lookup'].rps;
  console.log(`gateway uncached / raw node:http = ${(ratio * 100).toFixed(0)} %`);
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
