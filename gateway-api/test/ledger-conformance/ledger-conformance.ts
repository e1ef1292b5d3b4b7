import { createHash, randomBytes } from 'node:crypto';
import type { Project } from '@estate-ledger/chaincode';
import { blockHeaderBytes } from '../../src/ledger/block-header';
import { LedgerRuleRefusal, LedgerUnavailableError, TransactionInvalidError } from '../../src/ledger/ledger-errors';
import { blockTime, type LedgerPort } from '../../src/ledger/ledger-port';
import { readBlocks } from '../../src/ledger/read-blocks';
import { DISTRICT, LedgerClient, PEOPLE, ROLE, hashOf, unitNumber } from '../support/ledger-fixture';
import { householdsOf } from '../support/scenario';

/** A configured ledger (Admin:configure committed) and how to dispose of it. */
export interface OpenedLedger {
  ledger: LedgerPort;
  /** Closes the ledger (if still open) and removes what the factory created. */
  close(): Promise<void>;
}

const SLOW_MS = 120_000;
const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The rejection of `work`, for assertions on its type and fields. */
const rejectionOf = (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );

/**
 * What every LedgerPort adapter must do, in behaviour the gateway relies on. Port calls only: the
 * same suite runs against the embedded ledger (npm test) and a Fabric network (npm run
 * test:fabric), where state persists between runs, so every id it creates is unique to the run.
 */
export function describeLedgerConformance(name: string, open: () => Promise<OpenedLedger>): void {
  describe(`the ${name} ledger as a LedgerPort`, () => {
    const run = randomBytes(4).toString('hex');
    // Unit numbers carry a 4-digit building number: one per run keeps runs apart.
    const building = 1000 + (parseInt(run, 16) % 9000);
    let projects = 0;
    let opened: OpenedLedger;
    let client: LedgerClient;

    beforeAll(async () => {
      opened = await open();
      client = new LedgerClient(opened.ledger);
    }, SLOW_MS);
    afterAll(async () => opened?.close(), SLOW_MS);

    /** Publishes a project of `rooms` households (the developer's name and ID travel as transient data). */
    const publish = async (rooms: number) => {
      const projectId = `CONF-${run}-${++projects}`;
      const households = householdsOf(projectId, building, rooms).map((h, i) => ({ ...h, houseCode: `HC-${run}-${projects}-${i + 1}` }));
      const result = await client.submitWith(ROLE.surveyor, 'BuildingTable:publishProject', {
        projectId, name: '一致性测试', district: DISTRICT, developer: 'developer', buildings: [{ buildingId: 'B1', name: '1号楼', households }],
      }, ['developer']);
      return { projectId, houseCodes: households.map((h) => h.houseCode), result };
    };

    it('commits a submission VALID in a block below the new height and returns the function result', async () => {
      const before = await opened.ledger.height();
      const { projectId, result } = await publish(1);
      expect(result.txId).toMatch(/^[0-9a-f]{64}$/);
      expect(result.blockNumber).toBeGreaterThanOrEqual(before);
      expect(await opened.ledger.height()).toBeGreaterThan(result.blockNumber);
      expect(JSON.parse(result.result)).toMatchObject({ projectId });
      expect(await client.committed(result)).toMatchObject({ txId: result.txId, code: 'VALID', creatorMsp: 'HousingMSP', fn: 'BuildingTable:publishProject' });
    }, SLOW_MS);

    it('lets evaluate read what a submission committed', async () => {
      const { projectId } = await publish(1);
      const project = await client.evaluate<Project>(ROLE.clerk, 'Unit:project', projectId);
      expect(project).toMatchObject({ projectId, district: DISTRICT, developer: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }, SLOW_MS);

    it('grows height() with every submission', async () => {
      const before = await opened.ledger.height();
      await publish(1);
      const middle = await opened.ledger.height();
      await publish(1);
      expect(middle).toBeGreaterThan(before);
      expect(await opened.ledger.height()).toBeGreaterThan(middle);
    }, SLOW_MS);

    it('rejects a submission the chaincode refuses with a LedgerRuleRefusal carrying the rule code, and orders nothing', async () => {
      const [household] = (await publish(1)).houseCodes;
      const unit = unitNumber(building, projects);
      await client.submit(ROLE.registrar, 'BuildingTable:linkUnit', { houseCode: household, unitNumber: unit });
      const before = await opened.ledger.height();
      const refusal = await rejectionOf(client.submit(ROLE.clerk, 'Court:seize', { seizureId: `SZ-${run}`, unitNumber: unit, caseNumber: '(2026)川1702执1号', documentHash: hashOf(run) }));
      expect(refusal).toBeInstanceOf(LedgerRuleRefusal);
      expect(refusal).toMatchObject({ code: 'ACCESS_DENIED' });
      expect(await opened.ledger.height()).toBe(before);
    }, SLOW_MS);

    it('names the field and rule of input the chaincode refuses', async () => {
      const [household] = (await publish(1)).houseCodes;
      const refusal = await rejectionOf(client.submit(ROLE.registrar, 'BuildingTable:linkUnit', { houseCode: household, unitNumber: `${DISTRICT}0010` }));
      expect(refusal).toBeInstanceOf(LedgerRuleRefusal);
      expect(refusal).toMatchObject({ code: 'INVALID_INPUT', field: 'unitNumber', rule: expect.any(String) });
    }, SLOW_MS);

    it('rejects an evaluate of an unknown record with a LedgerRuleRefusal naming its kind', async () => {
      const refusal = await rejectionOf(client.evaluate(ROLE.clerk, 'Unit:project', `NO-SUCH-${run}`));
      expect(refusal).toBeInstanceOf(LedgerRuleRefusal);
      expect(refusal).toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    }, SLOW_MS);

    it('yields every committed block from blocks(0) in order, hash-chained, each hash that of its header', async () => {
      await publish(1);
      const last = (await opened.ledger.height()) - 1;
      const blocks = await readBlocks(opened.ledger, 0, last);
      expect(blocks.map((b) => b.number)).toEqual(Array.from({ length: last + 1 }, (_, i) => i));
      for (const [i, b] of blocks.entries()) {
        expect(b.hash).toBe(sha256Hex(blockHeaderBytes(b)));
        expect(sha256Hex(Buffer.concat(b.transactions.map((t) => t.envelope)))).toBe(b.dataHash);
        if (i > 0) expect(b.previousHash).toBe(blocks[i - 1].hash);
        expect(b.transactions.length).toBeGreaterThan(0);
        expect(Number.isNaN(Date.parse(blockTime(b)))).toBe(false);
      }
    }, SLOW_MS);

    it('shows a transaction in its block with creator, code, function and arguments, its personal data only as private-write hashes', async () => {
      const { projectId, result } = await publish(2);
      const [block] = await readBlocks(opened.ledger, result.blockNumber, result.blockNumber);
      const tx = block.transactions.find((t) => t.txId === result.txId);
      if (!tx) throw new Error(`transaction ${result.txId} is not in block ${block.number}`);
      expect(tx).toMatchObject({ creatorMsp: 'HousingMSP', code: 'VALID', fn: 'BuildingTable:publishProject', event: expect.objectContaining({ type: 'PROJECT_PUBLISHED' }) });
      expect(JSON.parse(tx.args[0])).toMatchObject({ projectId, developer: 'developer' });
      expect(tx.writes.some((w) => w.objectType === 'project' && w.attributes[0] === projectId)).toBe(true);
      expect(tx.privateWrites.length).toBeGreaterThan(0);
      for (const w of tx.privateWrites) expect(w).toMatchObject({ keyHash: expect.stringMatching(/^[0-9a-f]{64}$/), valueHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const text = JSON.stringify(block);
      expect(text).not.toContain(PEOPLE.developer.name);
      expect(text).not.toContain(PEOPLE.developer.idNumber);
    }, SLOW_MS);

    it('delivers to a blocks() follower the blocks committed after it started', async () => {
      const from = await opened.ledger.height();
      const following = readBlocks(opened.ledger, from, from);
      const { result } = await publish(1);
      const [block] = await following;
      expect(block.number).toBe(from);
      if (result.blockNumber === from) expect(block.transactions.map((t) => t.txId)).toContain(result.txId);
    }, SLOW_MS);

    it('ends a blocks() iteration without error when its signal aborts', async () => {
      const stop = new AbortController();
      const iteration = (async () => {
        let seen = 0;
        for await (const block of opened.ledger.blocks(await opened.ledger.height(), stop.signal)) seen += block.transactions.length;
        return seen;
      })();
      setTimeout(() => stop.abort(), 200);
      await expect(iteration).resolves.toEqual(expect.any(Number));
    }, SLOW_MS);

    it('commits exactly one of two concurrent conflicting submissions; the other is invalid with a read conflict or refused', async () => {
      const [household] = (await publish(1)).houseCodes;
      const link = (room: number) => client.submit(ROLE.registrar, 'BuildingTable:linkUnit', { houseCode: household, unitNumber: unitNumber(building, 5000 + room) });
      const outcomes = await Promise.allSettled([link(projects * 2), link(projects * 2 + 1)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const [failed] = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      if (failed instanceof TransactionInvalidError) {
        expect(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']).toContain(failed.code);
        const [block] = await readBlocks(opened.ledger, failed.blockNumber, failed.blockNumber);
        expect(block.transactions.find((t) => t.txId === failed.txId)?.code).toBe(failed.code);
      } else {
        expect(failed).toBeInstanceOf(LedgerRuleRefusal);
        expect(failed).toMatchObject({ code: 'HOUSE_ALREADY_LINKED' });
      }
    }, SLOW_MS);

    it('fails every call after close() with LedgerUnavailableError', async () => {
      const other = await open();
      try {
        await other.ledger.close();
        const closed = new LedgerClient(other.ledger);
        expect(await rejectionOf(closed.evaluate(ROLE.clerk, 'Admin:getConfig'))).toBeInstanceOf(LedgerUnavailableError);
        expect(await rejectionOf(closed.submit(ROLE.surveyor, 'BuildingTable:publishProject', {}))).toBeInstanceOf(LedgerUnavailableError);
      } finally {
        await other.close();
      }
    }, SLOW_MS);
  });
}
