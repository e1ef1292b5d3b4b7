import { randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { join } from 'node:path';
import { canonicalBytes, MSP_IDS, type MspId } from '@estate-ledger/chaincode';
import { splitCompositeKey } from '../composite-key';
import { LedgerRuleRefusal, LedgerUnavailableError, ruleRefusalOf, TransactionInvalidError } from '../ledger-errors';
import type { CommittedBlock, CommittedTransaction, LedgerPort, SubmitRequest, SubmitResult } from '../ledger-port';
import {
  blockBytes,
  blockHash,
  blockSignatureBytes,
  dataHash,
  envelopeJson,
  eventOf,
  proposalBytes,
  responseBytes,
  type Block,
  type EmbeddedValidationCode,
  type Envelope,
  type Proposal,
  type ProposalResponse,
} from './block-format';
import { ContractRuntime } from './contract-runtime';
import { loadOrCreateCryptoMaterial, signBytes, toSigningIdentity, userKey, type CryptoMaterialFile, type SigningIdentity } from './crypto-material';
import { EmbeddedStub, sha256Hex } from './embedded-stub';
import { LedgerStore, type BlockUpdates, type Version } from './ledger-store';
import { systemClock, type Clock } from '../../register-clock';

export const CHANNEL = 'estate';
export const CHAINCODE = 'estate-ledger';
/** MAJORITY of the four organisations, as the Fabric network's endorsement policy. */
export const ENDORSEMENTS_REQUIRED = Math.floor(MSP_IDS.length / 2) + 1;
/** Blocks kept decoded after their commit, so followers a few blocks behind need not read them back. */
const RECENT_BLOCKS = 256;

export interface EmbeddedLedgerOptions {
  dataDir: string;
  /** Cut a block at this many transactions… */
  blockMaxTx?: number;
  /** …or this long after its first transaction arrived (group commit: one fsync per block). */
  blockTimeoutMs?: number;
  /** Proposal and block timestamps; the host's clock by default. */
  clock?: Clock;
}

export interface SubmitOptions {
  /** Organisations whose peers endorse; by default the caller's and the next ones to a majority. */
  endorsingOrgs?: MspId[];
}

interface Pending {
  envelope: Envelope;
  /** The envelope's canonical JSON, as the block stores it. */
  json: string;
  privateData: Array<{ collection: string; key: string; value: Buffer | null }>;
  resolve: (r: { code: EmbeddedValidationCode; blockNumber: number }) => void;
  reject: (e: Error) => void;
}

const sameVersion = (a: Version | null | undefined, b: Version | null | undefined) =>
  (a ?? null) === null ? (b ?? null) === null : !!b && a!.block === b.block && a!.tx === b.tx;

/**
 * A real single-node ledger running the chaincode in-process: simulate (endorse, signed by the
 * endorsing organisations' P-256 keys), order into hash-chained blocks cut by size or timeout,
 * validate (endorsement policy, MVCC and phantom reads, duplicate tx ids) and commit each block
 * with its state in one synced LevelDB batch.
 */
export class EmbeddedLedger implements LedgerPort {
  private readonly runtime = new ContractRuntime();
  private readonly pending: Pending[] = [];
  private readonly events = new EventEmitter();
  private readonly peers = new Map<string, SigningIdentity>();
  private readonly users = new Map<string, SigningIdentity>();
  private readonly orderer: SigningIdentity;
  /** The last blocks committed, decoded (committed blocks never change). */
  private readonly recent = new Map<number, CommittedBlock>();
  private timer?: NodeJS.Timeout;
  private committing?: Promise<void>;
  private closed = false;
  private closing?: Promise<void>;

  private constructor(
    readonly store: LedgerStore,
    readonly material: CryptoMaterialFile,
    private readonly blockMaxTx: number,
    private readonly blockTimeoutMs: number,
    private readonly clock: Clock,
  ) {
    for (const [msp, id] of Object.entries(material.peers)) this.peers.set(msp, toSigningIdentity(id));
    for (const [key, id] of Object.entries(material.users)) this.users.set(key, toSigningIdentity(id));
    this.orderer = toSigningIdentity(material.orderer);
    this.events.setMaxListeners(0);
  }

  static async open(opts: EmbeddedLedgerOptions): Promise<EmbeddedLedger> {
    const material = await loadOrCreateCryptoMaterial(opts.dataDir);
    const store = new LedgerStore(join(opts.dataDir, 'ledger'));
    await store.open();
    return new EmbeddedLedger(store, material, opts.blockMaxTx ?? 500, opts.blockTimeoutMs ?? 5, opts.clock ?? systemClock);
  }

  functions(): string[] {
    return this.runtime.functions();
  }

  async submit(req: SubmitRequest, opts: SubmitOptions = {}): Promise<SubmitResult> {
    this.assertOpen();
    const { envelope, json, privateData } = await refusing(() => this.endorse(req, opts));
    // close() may have drained the queue while this proposal was being endorsed: nothing was ordered.
    this.assertOpen();
    const { code, blockNumber } = await new Promise<{ code: EmbeddedValidationCode; blockNumber: number }>((resolve, reject) => {
      this.pending.push({ envelope, json, privateData, resolve, reject });
      this.schedule();
    });
    if (code !== 'VALID') throw new TransactionInvalidError(envelope.proposal.txId, code, blockNumber);
    return { txId: envelope.proposal.txId, blockNumber, result: envelope.response.payload };
  }

  async evaluate(req: SubmitRequest): Promise<string> {
    this.assertOpen();
    return refusing(async () => {
      const { stub, proposal } = this.propose(req);
      return this.runtime.invoke(stub, proposal.creator, req.fn, req.args);
    });
  }

  async height(): Promise<number> {
    return this.store.height;
  }

  async *blocks(fromBlock: number, signal: AbortSignal): AsyncIterable<CommittedBlock> {
    let next = fromBlock;
    while (!signal.aborted) {
      this.assertOpen();
      if (next < this.store.height) {
        yield this.recent.get(next) ?? (await this.readBlock(next));
        next += 1;
        continue;
      }
      try {
        await once(this.events, 'changed', { signal });
      } catch {
        return;
      }
    }
  }

  private async readBlock(n: number): Promise<CommittedBlock> {
    const bytes = await this.store.getBlock(n);
    if (!bytes) throw new Error(`block ${n} is missing from the store`);
    return decodeBlock(JSON.parse(bytes.toString('utf8')) as Block);
  }

  /** Commits what is queued, then closes the store; a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.pending.length > 0 || this.committing) {
      if (!this.committing) this.cut();
      await this.committing;
    }
    await this.store.close();
    // Followers of blocks() wake up to find the ledger closed.
    this.events.emit('changed');
  }

  private assertOpen(): void {
    if (this.closed) throw new LedgerUnavailableError('The embedded ledger is closed');
  }

  /** Identity of a caller: the certificate of its organisation and role (and court). */
  userIdentity(msp: string, role: string, court?: string): SigningIdentity {
    const id = this.users.get(userKey(msp, role, court));
    if (!id) throw new LedgerRuleRefusal('ACCESS_DENIED', `No ${msp} identity with role '${role}'${court ? ` at ${court}` : ''}`);
    return id;
  }

  /**
   * Simulates a proposal without ordering it. `fixed` pins the transaction id and time, which is
   * how determinism is checked: the same proposal must give byte-identical read/write sets.
   */
  async simulate(req: SubmitRequest, fixed?: { txId: string; timestamp: Date }): Promise<ProposalResponse> {
    return refusing(async () => {
      const { proposal, stub } = this.propose(req, fixed);
      return this.respond(proposal, stub, await this.runtime.invoke(stub, proposal.creator, req.fn, req.args));
    });
  }

  private respond(proposal: Proposal, stub: EmbeddedStub, payload: string): ProposalResponse {
    return {
      txId: proposal.txId,
      status: 200,
      payload,
      rwset: stub.readWriteSet(),
      event: stub.event ? { name: stub.event.name, payload: stub.event.payload.toString('utf8') } : null,
    };
  }

  private propose(req: SubmitRequest, fixed?: { txId: string; timestamp: Date }) {
    const user = this.userIdentity(req.identity.msp, req.identity.role, req.identity.court);
    const txId = fixed?.txId ?? sha256Hex(Buffer.concat([randomBytes(24), Buffer.from(user.certPem)]));
    const timestamp = fixed?.timestamp ?? this.clock.now();
    const proposal: Proposal = {
      txId,
      timestamp: timestamp.toISOString(),
      channel: CHANNEL,
      chaincode: CHAINCODE,
      fn: req.fn,
      args: req.args,
      creator: { msp: user.msp, certPem: user.certPem },
    };
    const transient = new Map<string, Uint8Array>(Object.entries(req.transient ?? {}).map(([k, v]) => [k, Buffer.from(v)]));
    return { user, proposal, stub: new EmbeddedStub(this.store, txId, timestamp, transient, this.clock.now()) };
  }

  private async endorse(req: SubmitRequest, opts: SubmitOptions): Promise<Pick<Pending, 'envelope' | 'json' | 'privateData'>> {
    const { user, proposal, stub } = this.propose(req);
    const response = this.respond(proposal, stub, await this.runtime.invoke(stub, proposal.creator, req.fn, req.args));
    const signed = responseBytes(response);
    const proposed = proposalBytes(proposal);
    const endorsers = opts.endorsingOrgs ?? this.defaultEndorsers(req.identity.msp);
    const creatorSignature = signBytes(user, proposed);
    const endorsements = endorsers.map((msp) => {
      const peer = this.peers.get(msp);
      if (!peer) throw new Error(`no peer for ${msp}`);
      return { msp, certPem: peer.certPem, signature: signBytes(peer, signed) };
    });
    const envelope: Envelope = { proposal, creatorSignature, response, endorsements };
    return { envelope, json: envelopeJson(envelope, { proposal: proposed, response: signed }), privateData: stub.privateData() };
  }

  private defaultEndorsers(own: MspId): MspId[] {
    const start = MSP_IDS.indexOf(own);
    return Array.from({ length: ENDORSEMENTS_REQUIRED }, (_, i) => MSP_IDS[(start + i) % MSP_IDS.length]);
  }

  private schedule(): void {
    if (this.committing) return;
    if (this.pending.length >= this.blockMaxTx) this.cut();
    else if (!this.timer) this.timer = setTimeout(() => this.cut(), this.blockTimeoutMs);
  }

  private cut(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.committing || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.blockMaxTx);
    this.committing = this.commitBlock(batch)
      // The block's one batch write failed or its outcome is not known: the callers cannot tell.
      .catch((err: Error) => batch.forEach((p) => p.reject(new LedgerUnavailableError(`The embedded ledger failed to commit a block: ${err.message}`, p.envelope.proposal.txId, { cause: err }))))
      .finally(() => {
        this.committing = undefined;
        if (this.pending.length > 0) this.schedule();
      });
  }

  private async commitBlock(batch: Pending[]): Promise<void> {
    const number = this.store.height;
    const blockWrites = new Map<string, { version: Version; value: Buffer | null }>();
    // Transaction ids already on the ledger, looked up for the whole block at once.
    const seen = new Set(await this.store.committedTxIds(batch.map((p) => p.envelope.proposal.txId)));
    const validation: EmbeddedValidationCode[] = [];
    for (let i = 0; i < batch.length; i++) {
      const env = batch[i].envelope;
      const code = await this.validate(env, blockWrites, seen);
      validation.push(code);
      seen.add(env.proposal.txId);
      if (code !== 'VALID') continue;
      for (const w of env.response.rwset.writes) {
        blockWrites.set(w.key, { version: { block: number, tx: i }, value: w.isDelete ? null : Buffer.from(w.value ?? '', 'utf8') });
      }
    }

    const data = batch.map((p) => p.envelope);
    const envelopes = batch.map((p) => p.json);
    const header = { number, previousHash: this.store.lastHash, dataHash: dataHash(envelopes) };
    const hash = blockHash(header);
    const timestamp = this.clock.now().toISOString();
    const block: Block = {
      header,
      data,
      metadata: {
        validation,
        timestamp,
        signer: { msp: this.orderer.msp, certPem: this.orderer.certPem, signature: signBytes(this.orderer, blockSignatureBytes(hash, validation, timestamp)) },
      },
    };

    const updates: BlockUpdates = { number, hash, bytes: blockBytes(block, envelopes), state: [], history: [], privateData: [], txIndex: [] };
    for (const [key, w] of blockWrites) updates.state.push({ key, value: w.value, version: w.version });
    batch.forEach((p, i) => {
      const env = p.envelope;
      if (validation[i] !== 'DUPLICATE_TXID') updates.txIndex.push({ txId: env.proposal.txId, block: number, index: i, code: validation[i] });
      if (validation[i] !== 'VALID') return;
      for (const w of env.response.rwset.writes) {
        updates.history.push({
          key: w.key,
          version: { block: number, tx: i },
          entry: { txId: env.proposal.txId, timestamp: env.proposal.timestamp, isDelete: w.isDelete, value: w.isDelete ? null : (w.value ?? '') },
        });
      }
      updates.privateData.push(...p.privateData);
    });
    await this.store.commit(updates);
    this.recent.set(number, decodeBlock(block, envelopes));
    this.recent.delete(number - RECENT_BLOCKS);
    batch.forEach((p, i) => p.resolve({ code: validation[i], blockNumber: number }));
    this.events.emit('changed');
  }

  private async validate(env: Envelope, blockWrites: Map<string, { version: Version; value: Buffer | null }>, seen: Set<string>): Promise<EmbeddedValidationCode> {
    const txId = env.proposal.txId;
    if (seen.has(txId)) return 'DUPLICATE_TXID';
    const endorsingOrgs = new Set(env.endorsements.filter((e) => this.peers.get(e.msp)?.certPem === e.certPem).map((e) => e.msp));
    if (endorsingOrgs.size < ENDORSEMENTS_REQUIRED) return 'ENDORSEMENT_POLICY_FAILURE';
    for (const read of env.response.rwset.reads) {
      const current = blockWrites.has(read.key) ? blockWrites.get(read.key)!.version : (await this.store.getState(read.key))?.version;
      if (!sameVersion(read.version, current)) return 'MVCC_READ_CONFLICT';
    }
    for (const range of env.response.rwset.ranges) {
      const now = new Map((await this.store.rangeByPrefix(range.prefix)).map((r) => [r.key, r.version] as const));
      for (const [key, w] of blockWrites) {
        if (!key.startsWith(range.prefix)) continue;
        if (w.value) now.set(key, w.version);
        else now.delete(key);
      }
      if (now.size !== range.results.length || range.results.some((r) => !sameVersion(r.version, now.get(r.key)))) return 'PHANTOM_READ_CONFLICT';
    }
    return 'VALID';
  }
}

/** `envelopes`: the transactions' canonical JSON when known (a block just committed), so it is not encoded again. */
export function decodeBlock(block: Block, envelopes?: string[]): CommittedBlock {
  const transactions: CommittedTransaction[] = block.data.map((env, index) => ({
    txId: env.proposal.txId,
    index,
    code: block.metadata.validation[index],
    timestamp: env.proposal.timestamp,
    creatorMsp: env.proposal.creator.msp,
    fn: env.proposal.fn,
    args: env.proposal.args,
    endorsers: env.endorsements.map((e) => e.msp),
    writes: env.response.rwset.writes.map((w) => ({ ...splitCompositeKey(w.key), key: w.key, isDelete: w.isDelete, value: w.value })),
    privateWrites: env.response.rwset.privateWrites,
    event: eventOf(env),
    envelope: envelopes ? Buffer.from(envelopes[index], 'utf8') : canonicalBytes(env),
  }));
  return {
    number: block.header.number,
    hash: blockHash(block.header),
    previousHash: block.header.previousHash,
    dataHash: block.header.dataHash,
    transactions,
  };
}

/** Runs chaincode work; whatever the chaincode refused with leaves the adapter as a LedgerRuleRefusal. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw ruleRefusalOf(err) ?? err;
  }
}
