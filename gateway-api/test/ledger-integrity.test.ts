import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, type Registration, type SaleContract, type Unit } from '@estate-ledger/chaincode';
import { loadCryptoMaterial } from '../src/ledger/embedded/crypto-material';
import { LedgerStore } from '../src/ledger/embedded/ledger-store';
import { verifyLedger } from '../src/ledger/embedded/ledger-verifier';
import { LedgerRuleRefusal, TransactionInvalidError } from '../src/ledger/ledger-errors';
import { LedgerFixture, PEOPLE, ROLE } from './support/ledger-fixture';
import { apply, buildingWithUnits, clearedTax, filedContract, firstRegistration, signContract, transfer } from './support/scenario';

const refusal = (e: unknown) => (e instanceof TransactionInvalidError || e instanceof LedgerRuleRefusal ? e.code : String(e));

describe('embedded ledger integrity', () => {
  let fx: LedgerFixture;
  beforeAll(async () => {
    fx = await LedgerFixture.create();
  });
  afterAll(async () => {
    await fx.close();
  });

  it('simulates the same transaction twice into byte-identical read/write sets', async () => {
    const [unit] = await buildingWithUnits(fx, 11, 1);
    await firstRegistration(fx, unit);
    const contractId = await filedContract(fx, unit, ['developer'], ['alice']);
    const taxId = await clearedTax(fx, contractId);
    const regId = await apply(fx, { type: 'TRANSFER', unitNumber: unit, applicants: [{ party: 'developer' }, { party: 'alice' }], contractId, taxId });
    await fx.submit(ROLE.clerk, 'Registration:accept', { registrationId: regId });
    await fx.submit(ROLE.reviewer, 'Registration:review', { registrationId: regId, decision: 'APPROVE' });
    const req = { identity: ROLE.registrar, fn: 'Registration:record', args: [JSON.stringify({ registrationId: regId })] };
    const fixed = { txId: 'f'.repeat(64), timestamp: new Date() };
    const a = await fx.ledger.simulate(req, fixed);
    const b = await fx.ledger.simulate(req, fixed);
    expect(a.rwset.writes.length).toBeGreaterThan(3);
    expect(Buffer.from(canonicalJson(a))).toEqual(Buffer.from(canonicalJson(b)));
  });

  it('lets exactly one of 50 concurrent transfers of one unit commit', async () => {
    const [unit] = await buildingWithUnits(fx, 12, 1);
    await firstRegistration(fx, unit);
    const contractId = await filedContract(fx, unit, ['developer'], ['alice']);
    const taxId = await clearedTax(fx, contractId);
    const input = { type: 'TRANSFER' as const, unitNumber: unit, applicants: [{ party: 'developer' as const }, { party: 'alice' as const }], contractId, taxId };
    const ids = await Promise.all(Array.from({ length: 50 }, () => apply(fx, input)));
    const outcomes = await Promise.all(
      ids.map(async (registrationId) => {
        try {
          await fx.submit(ROLE.clerk, 'Registration:accept', { registrationId });
          await fx.submit(ROLE.reviewer, 'Registration:review', { registrationId, decision: 'APPROVE' });
          await fx.submit(ROLE.registrar, 'Registration:record', { registrationId });
          return 'RECORDED';
        } catch (e) {
          return refusal(e);
        }
      }),
    );
    expect(outcomes.filter((o) => o === 'RECORDED')).toHaveLength(1);
    expect(new Set(outcomes.filter((o) => o !== 'RECORDED'))).toEqual(expect.any(Set));
    for (const o of outcomes) expect(['RECORDED', 'MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT', 'UNIT_CASE_IN_FLIGHT']).toContain(o);
    const { unit: u } = await fx.evaluate<{ unit: Unit }>(ROLE.clerk, 'Unit:get', unit);
    expect(u.ownership?.holders).toHaveLength(1);
    const recorded = await Promise.all(ids.map((id) => fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', id)));
    expect(recorded.filter((r) => r.status === 'RECORDED')).toHaveLength(1);
  });

  it('lets exactly one of 50 concurrent contract filings on one unit succeed', async () => {
    const [unit] = await buildingWithUnits(fx, 13, 1);
    await firstRegistration(fx, unit);
    const contracts = await Promise.all(Array.from({ length: 50 }, (_, i) => signContract(fx, unit, ['developer'], [i % 2 ? 'bob' : 'carol'])));
    const outcomes = await Promise.all(
      contracts.map((contractId) => fx.submit(ROLE.filing, 'SaleContract:file', { contractId }).then(() => 'FILED', refusal)),
    );
    expect(outcomes.filter((o) => o === 'FILED')).toHaveLength(1);
    for (const o of outcomes) expect(['FILED', 'MVCC_READ_CONFLICT', 'CONTRACT_ALREADY_FILED']).toContain(o);
    const filed = await Promise.all(contracts.map((id) => fx.evaluate<SaleContract>(ROLE.filing, 'SaleContract:get', id)));
    expect(filed.filter((c) => c.status === 'FILED')).toHaveLength(1);
  });

  it('keeps every name and ID number out of the block data', async () => {
    const [unit] = await buildingWithUnits(fx, 14, 1);
    await firstRegistration(fx, unit);
    await transfer(fx, unit, ['developer'], ['alice']);
    await transfer(fx, unit, ['alice'], ['bob']);
    let scanned = 0;
    for (let n = 0; n < (await fx.ledger.height()); n++) {
      const text = (await fx.ledger.store.getBlock(n))!.toString('utf8');
      for (const p of Object.values(PEOPLE)) {
        expect(text).not.toContain(p.name);
        expect(text).not.toContain(p.idNumber);
      }
      scanned += 1;
    }
    expect(scanned).toBeGreaterThan(10);
  });

  it('verifies the whole chain, and catches a single flipped byte in a stored block', async () => {
    const material = await loadCryptoMaterial(fx.dir);
    expect((await verifyLedger(fx.ledger.store, material)).problems).toEqual([]);
    const n = Math.floor((await fx.ledger.height()) / 2);
    const original = (await fx.ledger.store.getBlock(n))!;
    for (const offset of [10, Math.floor(original.length / 2), original.length - 5]) {
      const tampered = Buffer.from(original);
      tampered[offset] ^= 0x01;
      await fx.ledger.store.overwriteBlock(n, tampered);
      const report = await verifyLedger(fx.ledger.store, material);
      expect(report.problems.length).toBeGreaterThan(0);
    }
    await fx.ledger.store.overwriteBlock(n, original);
    expect((await verifyLedger(fx.ledger.store, material)).problems).toEqual([]);
  });
});

/** The load generator runs compiled, as in production (`npm test` builds first). */
const LOAD_CLI = join(__dirname, '..', 'dist', 'cli', 'ledger-load.js');
const VERIFY_CLI = join(__dirname, '..', 'dist', 'cli', 'ledger-verify.js');

describe('embedded ledger crash safety', () => {
  beforeAll(() => {
    if (!existsSync(LOAD_CLI)) throw new Error(`${LOAD_CLI} is missing: run \`npm run build\` first (npm test does)`);
  });

  it('survives 20 SIGKILLs at random moments with every acknowledged transaction committed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'estate-crash-'));
    const acked: string[] = [];
    try {
      for (let round = 0; round < 20; round++) {
        const child = spawn(process.execPath, [LOAD_CLI, dir, `r${round}`], {
          stdio: ['ignore', 'pipe', 'inherit'],
          env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'warning' },
        });
        let buffer = '';
        let ready!: () => void;
        let failed!: (e: Error) => void;
        const isReady = new Promise<void>((resolve, reject) => {
          ready = resolve;
          failed = reject;
        });
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) {
            if (line === 'READY') ready();
            else if (line.startsWith('ACK ')) acked.push(line.slice(4));
          }
        });
        const exited = new Promise((r) => child.on('exit', r));
        child.on('exit', (code) => failed(new Error(`crash child exited early with ${code}`)));
        await isReady;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 600));
        child.kill('SIGKILL');
        await exited;

        const store = new LedgerStore(join(dir, 'ledger'));
        await store.open();
        try {
          expect((await verifyLedger(store, await loadCryptoMaterial(dir))).problems).toEqual([]);
          for (const txId of acked) expect(await store.txLocation(txId)).toMatchObject({ code: 'VALID' });
        } finally {
          await store.close();
        }
      }
      expect(acked.length).toBeGreaterThan(100);

      const verifyCli = (): number | null => spawnSync(process.execPath, [VERIFY_CLI, dir], { stdio: 'ignore' }).status;
      expect(verifyCli()).toBe(0);
      const store = new LedgerStore(join(dir, 'ledger'));
      await store.open();
      const block = (await store.getBlock(1))!;
      block[Math.floor(block.length / 3)] ^= 0x04;
      await store.overwriteBlock(1, block);
      await store.close();
      expect(verifyCli()).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
