import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, Wallet } from 'ethers';
import pino from 'pino';
import type { Anchor, AnchorHead } from '@estate-ledger/chaincode';
import { AnchorChain } from '../src/anchoring/anchor-chain';
import { decodeAnchorPayload } from '../src/anchoring/anchor-payload';
import { AnchorService, type AnchorSchedule } from '../src/anchoring/anchor-service';
import { readBlocks } from '../src/ledger/read-blocks';
import { merkleRoot } from '../src/anchoring/merkle';
import { EmbeddedLedger } from '../src/ledger/embedded/embedded-ledger';
import { DEFAULT_CONFIG, ensureConfigured } from '../src/ledger/ledger-bootstrap';
import { LedgerRuleRefusal } from '../src/ledger/ledger-errors';
import { ANVIL_CHAIN_ID, ANVIL_KEY, AnvilNode } from './support/anvil-node';

/**
 * The anchoring loop's step against a real anvil node and an embedded ledger: when anchors are due,
 * and how a pending anchor is settled when the chain lost its transaction or its nonce was taken.
 */
describe('anchoring steps against a local anvil node', () => {
  let dir: string;
  let anvil: AnvilNode;
  let ledger: EmbeddedLedger;
  let provider: JsonRpcProvider;
  let now = Date.parse('2026-12-01T02:00:00Z');
  const clock = { now: () => new Date(now) };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'estate-anchor-'));
    anvil = await AnvilNode.start(join(dir, 'anvil-state.json'));
    ledger = await EmbeddedLedger.open({ dataDir: join(dir, 'ledger') });
    await ensureConfigured(ledger);
    provider = new JsonRpcProvider(anvil.url, ANVIL_CHAIN_ID, { staticNetwork: true });
  }, 60_000);
  afterAll(async () => {
    provider?.destroy();
    await ledger?.close();
    await anvil?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const service = (schedule: Partial<AnchorSchedule>) =>
    new AnchorService(ledger, new AnchorChain({ rpcUrl: anvil.url, chainId: ANVIL_CHAIN_ID, privateKey: ANVIL_KEY }), { confirmations: 1, pollMs: 50, chainName: 'anvil', ...schedule }, clock, pino({ level: 'silent' }));
  /** A business block: the registry administrator sets the ledger's names again. */
  const business = () => ledger.submit({ identity: { msp: 'RegistryMSP', role: 'admin' }, fn: 'Admin:configure', args: [JSON.stringify(DEFAULT_CONFIG)] });
  const head = async () => JSON.parse(await ledger.evaluate({ identity: { msp: 'RegistryMSP', role: 'auditor' }, fn: 'Anchor:head', args: [] })) as AnchorHead & { pending: Anchor | null };
  const rpc = (method: string, params: unknown[] = []) => provider.send(method, params);
  const anchorTxsOnChain = async (anchorer: string) => {
    const count = await provider.getTransactionCount(anchorer, 'latest');
    const found: Array<{ fromBlock: number; toBlock: number; root: string }> = [];
    for (let b = 0; b <= (await provider.getBlockNumber()); b++) {
      const block = await provider.getBlock(b, true);
      for (const tx of block?.prefetchedTransactions ?? []) {
        const payload = tx.from.toLowerCase() === anchorer ? decodeAnchorPayload(tx.data) : undefined;
        if (payload) found.push(payload);
      }
    }
    return { count, found };
  };

  test('every N blocks: not before N business blocks wait, then one anchor over exactly the blocks since the last', async () => {
    const s = service({ everyBlocks: 2 });
    expect(await s.step()).toBe('idle');
    await business();
    let last = -1;
    for (let round = 0; round < 2; round++) {
      expect(await s.step()).toBe('sent');
      const pending = (await head()).pending as Anchor;
      expect(pending.fromBlock).toBe(last + 1);
      const blocks = await readBlocks(ledger, pending.fromBlock, pending.toBlock);
      expect(pending.root).toBe(merkleRoot(blocks.map((b) => b.hash)));
      expect(blocks.filter((b) => b.transactions.some((t) => !t.fn.startsWith('Anchor:'))).length).toBe(2);
      expect(await s.step()).toBe('confirmed');
      expect(await s.step()).toBe('idle');
      last = pending.toBlock;
      await business();
      expect(await s.step()).toBe('idle');
      await business();
    }
  }, 60_000);

  test('every T minutes: a waiting business block is anchored once T has passed, and blocks of anchor records alone never make one due', async () => {
    const s = service({ everyMinutes: 10 });
    // The previous test left business blocks waiting.
    expect(await s.step()).toBe('idle');
    now += 11 * 60_000;
    expect(await s.step()).toBe('sent');
    expect(await s.step()).toBe('confirmed');
    now += 11 * 60_000;
    expect(await s.step()).toBe('idle');
    await business();
    expect(await s.step()).toBe('sent');
    expect(await s.step()).toBe('confirmed');
    await business();
    now += 5 * 60_000;
    expect(await s.step()).toBe('idle');
    now += 5 * 60_000;
    expect(await s.step()).toBe('sent');
    expect(await s.step()).toBe('confirmed');
  }, 60_000);

  test('a transaction the node lost is broadcast again unchanged, and one whose nonce was taken is replaced: one chain transaction per range', async () => {
    const s = service({ everyBlocks: 1 });
    const anchorer = new Wallet(ANVIL_KEY).address.toLowerCase();
    await business();
    await rpc('evm_setAutomine', [false]);
    expect(await s.step()).toBe('sent');
    const lost = (await head()).pending as Anchor;
    // The node forgets it (as a restarted node forgets its pool): the ledger still has the signed bytes.
    await rpc('anvil_dropAllTransactions');
    await rpc('evm_setAutomine', [true]);
    expect(await s.step()).toBe('waiting');
    expect(await s.step()).toBe('confirmed');
    expect((await provider.getTransaction(lost.txHash))?.blockNumber).not.toBeNull();

    await business();
    await rpc('evm_setAutomine', [false]);
    expect(await s.step()).toBe('sent');
    const taken = (await head()).pending as Anchor;
    await rpc('anvil_dropAllTransactions');
    // Someone else with the anchoring key uses the nonce first: the signed anchor can never be mined.
    await rpc('evm_setAutomine', [true]);
    const wallet = new Wallet(ANVIL_KEY, provider);
    await (await wallet.sendTransaction({ to: wallet.address, value: 1n, nonce: taken.nonce })).wait();
    expect(await s.step()).toBe('sent');
    const replaced = (await head()).pending as Anchor;
    expect(replaced).toMatchObject({ fromBlock: taken.fromBlock, toBlock: taken.toBlock, root: taken.root, replacedTxHashes: [taken.txHash] });
    expect(replaced.txHash).not.toBe(taken.txHash);
    expect(await s.step()).toBe('confirmed');

    const { found } = await anchorTxsOnChain(anchorer);
    const ranges = found.map((p) => `${p.fromBlock}-${p.toBlock}`);
    expect(new Set(ranges).size).toBe(ranges.length);
    for (let i = 1; i < found.length; i++) expect(found[i].fromBlock).toBe(found[i - 1].toBlock + 1);
  }, 60_000);

  test('the chaincode refuses an anchor that skips or overlaps blocks, and a second range while one is pending', async () => {
    const s = service({ everyBlocks: 1 });
    await business();
    await rpc('evm_setAutomine', [false]);
    expect(await s.step()).toBe('sent');
    const pending = (await head()).pending as Anchor;
    const intend = (fields: Partial<Anchor>) =>
      ledger.submit({ identity: { msp: 'RegistryMSP', role: 'admin' }, fn: 'Anchor:intend', args: [JSON.stringify({ ...pending, status: undefined, replacedTxHashes: undefined, intendedBy: undefined, ...fields })] }).then(
        () => 'committed',
        (err: unknown) => (err instanceof LedgerRuleRefusal ? err.code : String(err)),
      );
    expect(await intend({ toBlock: pending.toBlock + 1 })).toBe('ANCHOR_PENDING');
    await rpc('evm_setAutomine', [true]);
    await rpc('evm_mine');
    expect(await s.step()).toBe('confirmed');
    const next = (await head()).nextFromBlock;
    expect(await intend({ fromBlock: next + 1, toBlock: next + 1 })).toBe('ANCHOR_RANGE');
    expect(await intend({ fromBlock: pending.fromBlock })).toBe('ANCHOR_RANGE');
    const clerk = await ledger.submit({ identity: { msp: 'RegistryMSP', role: 'clerk' }, fn: 'Anchor:intend', args: [JSON.stringify({ ...pending, fromBlock: next })] }).catch((e: LedgerRuleRefusal) => e.code);
    expect(clerk).toBe('ACCESS_DENIED');
  }, 60_000);
});
