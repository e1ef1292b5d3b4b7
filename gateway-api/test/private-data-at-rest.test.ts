import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { loadCryptoMaterial } from '../src/ledger/embedded/crypto-material';
import { LedgerStore } from '../src/ledger/embedded/ledger-store';
import { verifyLedger } from '../src/ledger/embedded/ledger-verifier';
import { PrivateDataSealer } from '../src/ledger/embedded/private-data-sealer';
import { ENGINES, GatewayFixture } from './support/gateway-fixture';
import { HttpScenario } from './support/http-scenario';
import { LedgerFixture, PEOPLE, type Person } from './support/ledger-fixture';
import { buildingWithUnits, firstRegistration, transfer } from './support/scenario';

jest.setTimeout(180_000);

const VERIFY_CLI = join(__dirname, '..', 'dist', 'cli', 'ledger-verify.js');

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else if (e.isFile()) out.push(path);
  }
  return out;
}

/** Each file holding a name or ID number of `people`: as raw UTF-8 bytes, UTF-16 or JSON \u escapes, or in the file read as UTF-8. */
async function filesRevealing(dir: string, people: Person[]): Promise<string[]> {
  const needles = people.flatMap((p) => [PEOPLE[p].name, PEOPLE[p].idNumber]);
  const escaped = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
  const hits: string[] = [];
  for (const file of await filesUnder(dir)) {
    const raw = await readFile(file);
    const text = raw.toString('utf8');
    for (const n of needles) {
      const found = [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le'), Buffer.from(escaped(n))].some((b) => raw.includes(b)) || text.includes(n);
      if (found) hits.push(`${file}: ${n}`);
    }
  }
  return hits;
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe.each(ENGINES)('private data at rest, embedded ledger (%s read model)', (engine) => {
  let tmp: string;
  let dataDir: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'estate-at-rest-'));
    // Not created yet: its mode is the gateway's doing.
    dataDir = join(tmp, 'data');
  });
  afterAll(async () => rm(tmp, { recursive: true, force: true }));

  it('keeps names and ID numbers out of every file, in a 700 directory, yet shows them to a clerk', async () => {
    let fx = await GatewayFixture.start(engine, { DATA_DIR: dataDir });
    let certNo: string;
    let unit: string;
    try {
      const s = new HttpScenario(fx);
      [unit] = await s.building(31, 1);
      await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
      const { registration } = await s.transfer(unit, ['developer'], ['alice']);
      certNo = String(registration.certNo);
      expect(await filesRevealing(dataDir, ['developer', 'alice'])).toEqual([]);
    } finally {
      await fx.close();
    }
    expect(await filesRevealing(dataDir, ['developer', 'alice'])).toEqual([]);

    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(join(dataDir, 'ledger'))).toBe(0o700);
    for (const f of ['ledger.key', 'secrets.json', 'crypto-material.json', 'demo-accounts.json']) expect([f, await modeOf(join(dataDir, f))]).toEqual([f, 0o600]);
    // Files LevelDB creates after opening follow the umask: what protects them is the 700 directory.
    for (const f of await filesUnder(dataDir)) {
      const mode = await modeOf(f);
      if (mode & 0o077) expect([f, f.startsWith(join(dataDir, 'ledger') + '/') || f.startsWith(join(dataDir, 'readmodel') + '/')]).toEqual([f, true]);
    }

    // Reopened from the files (a fresh PostgreSQL read model replays every block and unseals each party).
    fx = await GatewayFixture.start(engine, { DATA_DIR: dataDir });
    try {
      const s = new HttpScenario(fx);
      // The replay runs in the background: wait until it has caught up with the ledger.
      for (let i = 0; i < 400 && (await fx.request<{ readModel: { lagBlocks: number } }>('GET', '/health')).body.readModel?.lagBlocks !== 0; i++) await new Promise((r) => setTimeout(r, 50));
      const u = await s.get<{ ownership: { holders: Array<{ party: { name: string; idNumber: string; masked: boolean } }> } }>('clerk', `/units/${unit}`);
      expect(u.ownership.holders[0].party).toMatchObject({ name: PEOPLE.alice.name, idNumber: PEOPLE.alice.idNumber, masked: false });
      // Read from the ledger's private collection itself.
      const doc = (await s.certificateFile(certNo)).toString('utf8');
      expect(doc).toContain(PEOPLE.alice.name);
      expect(doc).toContain(PEOPLE.alice.idNumber);
    } finally {
      await fx.close();
    }

    // ledger:verify reads the chain as before.
    expect(existsSync(VERIFY_CLI)).toBe(true);
    expect(spawnSync(process.execPath, [VERIFY_CLI, dataDir], { encoding: 'utf8' })).toMatchObject({ status: 0, stdout: expect.stringContaining('hash chain and all signatures verified') });
  });
});

describe('a data directory written before private data was encrypted', () => {
  const people: Person[] = ['developer', 'alice', 'bob'];
  let dir: string;
  let plaintext: Map<string, Buffer>;

  /** Turns a ledger into what an older gateway left: plaintext values, no marker, no key file, 755/644. */
  async function downgrade(ledgerDir: string, opts: { sealedUpTo?: string } = {}): Promise<Map<string, Buffer>> {
    const sealer = new PrivateDataSealer(Buffer.from((await readFile(`${ledgerDir}.key`, 'utf8')).trim(), 'base64'));
    const db = new ClassicLevel<string, Buffer>(ledgerDir, { keyEncoding: 'utf8', valueEncoding: 'buffer' });
    await db.open();
    const values = new Map<string, Buffer>();
    for await (const [k, v] of db.iterator({ gte: 'p!', lt: 'p!\u{10FFFF}' })) values.set(k, sealer.open(k, v));
    const batch = db.batch().del('m!privateDataSealed');
    // An interrupted migration: the keys up to `sealedUpTo` are sealed already.
    for (const [k, v] of values) if (!opts.sealedUpTo || k > opts.sealedUpTo) batch.put(k, v);
    if (opts.sealedUpTo) batch.put('m!privateDataSealedUpTo', Buffer.from(opts.sealedUpTo));
    await batch.write({ sync: true });
    await db.close();
    if (!opts.sealedUpTo) await unlink(`${ledgerDir}.key`);
    await chmod(ledgerDir, 0o755);
    for (const f of await filesUnder(ledgerDir)) await chmod(f, 0o644);
    return values;
  }

  beforeEach(async () => {
    const fx = await LedgerFixture.create();
    dir = fx.dir;
    const [unit] = await buildingWithUnits(fx, 41, 1);
    await firstRegistration(fx, unit);
    await transfer(fx, unit, ['developer'], ['alice']);
    await transfer(fx, unit, ['alice'], ['bob']);
    await fx.close(false);
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function expectMigrated(ledgerDir: string): Promise<void> {
    const store = new LedgerStore(ledgerDir);
    await store.open();
    try {
      for (const [k, v] of plaintext) {
        // `p!<collection>\0<key>`; composite keys contain \0 themselves.
        const sep = k.indexOf('\u0000');
        expect(await store.getPrivate(k.slice(2, sep), k.slice(sep + 1))).toEqual(v);
      }
      expect((await verifyLedger(store, await loadCryptoMaterial(dir))).problems).toEqual([]);
    } finally {
      await store.close();
    }
    expect(await filesRevealing(ledgerDir, people)).toEqual([]);
    expect(await modeOf(ledgerDir)).toBe(0o700);
    expect(await modeOf(`${ledgerDir}.key`)).toBe(0o600);
  }

  it('is sealed on open: values unchanged, plaintext gone from every file, modes tightened', async () => {
    const ledgerDir = join(dir, 'ledger');
    plaintext = await downgrade(ledgerDir);
    expect(plaintext.size).toBeGreaterThan(3);
    // The scan does see plaintext where there is some.
    expect((await filesRevealing(ledgerDir, people)).length).toBeGreaterThan(0);
    await expectMigrated(ledgerDir);
    for (const f of await filesUnder(ledgerDir)) expect([f, await modeOf(f)]).toEqual([f, 0o600]);

    // And the ledger runs on: a further transfer commits on the migrated store.
    const fx = await LedgerFixture.create({ dataDir: dir });
    const [unit] = await buildingWithUnits(fx, 42, 1);
    await firstRegistration(fx, unit);
    await transfer(fx, unit, ['developer'], ['carol']);
    await fx.close(false);
    expect(await filesRevealing(ledgerDir, [...people, 'carol'])).toEqual([]);
  });

  it('resumes a migration that was interrupted, without sealing any value twice', async () => {
    const ledgerDir = join(dir, 'ledger');
    const keys = [...(await downgrade(ledgerDir)).keys()];
    // Back to sealed, then half plaintext again with the progress mark of a migration cut short.
    const store = new LedgerStore(ledgerDir);
    await store.open();
    await store.close();
    plaintext = await downgrade(ledgerDir, { sealedUpTo: keys[Math.floor(keys.length / 2)] });
    await expectMigrated(ledgerDir);
  });

  it('refuses to open a sealed store whose key file is missing, saying which file', async () => {
    const ledgerDir = join(dir, 'ledger');
    await unlink(`${ledgerDir}.key`);
    await expect(new LedgerStore(ledgerDir).open()).rejects.toThrow(`${ledgerDir}.key is missing`);
  });

  it('does not open a sealed value moved under another key', () => {
    const sealer = new PrivateDataSealer(Buffer.alloc(32, 1));
    const sealed = sealer.seal('p!parties\u0000a', Buffer.from(PEOPLE.alice.name));
    expect(sealer.open('p!parties\u0000a', sealed).toString()).toBe(PEOPLE.alice.name);
    expect(() => sealer.open('p!parties\u0000b', sealed)).toThrow('does not authenticate');
  });
});
