import * as grpc from '@grpc/grpc-js';
import { connect, hash, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { readFileSync } from 'node:fs';
import type { MspId } from '@estate-ledger/chaincode';
import type { CommittedBlock, LedgerPort, SubmitRequest, SubmitResult } from '../ledger-port';
import { LedgerRuleRefusal, LedgerUnavailableError, TransactionInvalidError } from '../ledger-errors';
import { validationCodeName } from '../validation-codes';
import { decodeBlock } from './block-decoder';
import { PeerUnreachableError, isSubmitError, translateFabricError } from './fabric-errors';
import { FabricIdentities, type SigningCredentials } from './fabric-identities';
import { peersInPreferenceOrder, type NetworkProfile } from './network-profile';
import { PeerHeights } from './peer-heights';
import { sleep } from '../../abortable-sleep';

export interface FabricDeadlines {
  evaluateMs: number;
  /** Endorsement may wait on private-data dissemination and a slow peer: keep it long. */
  endorseMs: number;
  submitMs: number;
  commitStatusMs: number;
}

const DEFAULT_DEADLINES: FabricDeadlines = { evaluateMs: 15_000, endorseMs: 30_000, submitMs: 15_000, commitStatusMs: 60_000 };

export interface FabricLedgerOptions {
  profile: NetworkProfile;
  /** The agency this gateway runs for: its identities sign, its peer is tried first. */
  msp: MspId;
  deadlines?: Partial<FabricDeadlines>;
  /** How long to wait before reconnecting a broken block stream. */
  reconnectDelayMs?: number;
  /** How long a submission waits for the other peers to commit its block (0: not at all). */
  peerCatchUpMs?: number;
}

/** How long requests that no peer could take are tried again before the ledger counts as unavailable. */
const UNREACHABLE_RETRY_MS = 10_000;

/** Times a signed transaction is sent to the orderer again after the send itself failed. */
const SUBMIT_ATTEMPTS = 3;

interface PeerConnection {
  msp: MspId;
  endpoint: string;
  client: grpc.Client;
}

const deadline = (ms: number) => () => ({ deadline: Date.now() + ms });

/**
 * The ledger port on a Fabric network through the peers' Gateway service
 * (@hyperledger/fabric-gateway). One gRPC connection per peer, own organisation's first; one
 * Gateway per staff identity and peer, created on first use. Submissions are endorsed by the
 * peers the Gateway service picks to satisfy the endorsement policy, ordered, and awaited until
 * committed; a refusal by the chaincode comes back as a LedgerRuleRefusal with the rule's code.
 */
export class FabricLedger implements LedgerPort {
  private readonly identities: FabricIdentities;
  private readonly peers: PeerConnection[];
  private readonly gateways = new Map<string, Gateway>();
  private readonly deadlines: FabricDeadlines;
  private readonly reconnectDelayMs: number;
  private readonly peerCatchUpMs: number;
  private readonly peerHeights: PeerHeights;
  private closed = false;

  constructor(private readonly opts: FabricLedgerOptions) {
    this.identities = new FabricIdentities(opts.profile, opts.msp);
    this.deadlines = { ...DEFAULT_DEADLINES, ...opts.deadlines };
    this.reconnectDelayMs = opts.reconnectDelayMs ?? 1_000;
    this.peerCatchUpMs = opts.peerCatchUpMs ?? 3_000;
    this.peers = peersInPreferenceOrder(opts.profile, opts.msp).map(([msp, p]) => ({
      msp,
      endpoint: p.endpoint,
      client: new grpc.Client(p.endpoint, grpc.credentials.createSsl(readFileSync(p.tlsRootCert)), p.hostAlias ? { 'grpc.ssl_target_name_override': p.hostAlias } : {}),
    }));
    this.peerHeights = new PeerHeights(this.peers.length, (i) => {
      const network = this.network(this.identities.anyMember(), i);
      return { network, height: () => this.heightOf(network) };
    });
  }

  get chaincode(): string {
    return this.opts.profile.chaincode;
  }

  async submit(req: SubmitRequest): Promise<SubmitResult> {
    const credentials = this.credentials(req);
    const [contractName, fn] = this.split(req.fn);
    return this.onSomePeer(async (network) => {
      const proposal = network.getContract(this.chaincode, contractName).newProposal(fn, { arguments: req.args, transientData: req.transient });
      const txId = proposal.getTransactionId();
      let transaction;
      try {
        transaction = await proposal.endorse();
      } catch (err) {
        throw translateFabricError(err, txId);
      }
      let commit;
      for (let attempt = 1; !commit; attempt++) {
        try {
          commit = await transaction.submit();
        } catch (err) {
          // The orderer did not take it: the same signed transaction can be sent again safely.
          if (!isSubmitError(err) || attempt >= SUBMIT_ATTEMPTS) throw translateFabricError(err, txId);
          await sleep(200 * attempt);
        }
      }
      const status = await this.commitStatus(commit, txId);
      const blockNumber = Number(status.blockNumber);
      if (!status.successful) throw new TransactionInvalidError(txId, validationCodeName(status.code), blockNumber);
      // The commit status comes from one peer: without this, the next step of a case submitted by
      // another agency (a link right after a publish) may be endorsed by a peer that has not seen
      // this block yet, and be refused for a record that exists.
      await this.peerHeights.reached(blockNumber, this.peerCatchUpMs);
      return { txId, blockNumber, result: Buffer.from(transaction.getResult()).toString('utf8') };
    }, credentials);
  }

  async evaluate(req: SubmitRequest): Promise<string> {
    const credentials = this.credentials(req);
    const [contractName, fn] = this.split(req.fn);
    return this.onSomePeer(async (network) => {
      try {
        const result = await network.getContract(this.chaincode, contractName).evaluate(fn, { arguments: req.args, transientData: req.transient });
        return Buffer.from(result).toString('utf8');
      } catch (err) {
        throw translateFabricError(err);
      }
    }, credentials);
  }

  async height(): Promise<number> {
    return this.onSomePeer((network) => this.heightOf(network), this.identities.anyMember());
  }

  private async heightOf(network: Network): Promise<number> {
    try {
      const info = await network.getContract('qscc').evaluateTransaction('GetChainInfo', this.opts.profile.channel);
      return common.BlockchainInfo.deserializeBinary(info).getHeight();
    } catch (err) {
      throw translateFabricError(err);
    }
  }

  /**
   * Blocks from the peer's deliver service, own peer first. A broken stream (peer stopped,
   * network cut) is reopened from the next block on the next peer, so a consumer sees every
   * block once and in order for as long as any peer answers.
   */
  async *blocks(fromBlock: number, signal: AbortSignal): AsyncIterable<CommittedBlock> {
    let next = fromBlock;
    let peerIndex = 0;
    while (!signal.aborted && !this.closed) {
      const network = this.network(this.identities.anyMember(), peerIndex);
      let events;
      try {
        events = await network.getBlockEvents({ startBlock: BigInt(next) });
      } catch {
        peerIndex = (peerIndex + 1) % this.peers.length;
        await sleep(this.reconnectDelayMs, signal);
        continue;
      }
      const stop = () => events.close();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const block of events) {
          const decoded = decodeBlock(block, this.chaincode);
          if (decoded.number < next) continue;
          next = decoded.number + 1;
          yield decoded;
        }
      } catch {
        if (signal.aborted || this.closed) return;
        peerIndex = (peerIndex + 1) % this.peers.length;
        await sleep(this.reconnectDelayMs, signal);
      } finally {
        signal.removeEventListener('abort', stop);
        events.close();
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.peerHeights.close();
    for (const g of this.gateways.values()) g.close();
    this.gateways.clear();
    for (const p of this.peers) p.client.close();
  }

  private credentials(req: SubmitRequest): SigningCredentials {
    if (this.closed) throw new LedgerUnavailableError('the Fabric connection is closed');
    const credentials = this.identities.credentialsFor(req.identity);
    if (!credentials) {
      const who = `${req.identity.msp} with role '${req.identity.role}'${req.identity.court ? ` at ${req.identity.court}` : ''}`;
      throw new LedgerRuleRefusal('ACCESS_DENIED', `This gateway serves ${this.opts.msp} and holds no identity for ${who}`);
    }
    return credentials;
  }

  private split(fn: string): [string, string] {
    const at = fn.indexOf(':');
    return at < 0 ? ['', fn] : [fn.slice(0, at), fn.slice(at + 1)];
  }

  private network(credentials: SigningCredentials, peerIndex: number): Network {
    const key = `${credentials.key}@${peerIndex}`;
    let gateway = this.gateways.get(key);
    if (!gateway) {
      const d = this.deadlines;
      gateway = connect({
        client: this.peers[peerIndex].client,
        identity: credentials.identity,
        signer: credentials.signer,
        hash: hash.sha256,
        evaluateOptions: deadline(d.evaluateMs),
        endorseOptions: deadline(d.endorseMs),
        submitOptions: deadline(d.submitMs),
        commitStatusOptions: deadline(d.commitStatusMs),
      });
      this.gateways.set(key, gateway);
    }
    return gateway.getNetwork(this.opts.profile.channel);
  }

  /**
   * Runs `work` through this organisation's peer, and through the next peer when a peer cannot be
   * reached before anything was endorsed (a proposal that was never endorsed changed nothing).
   */
  private async onSomePeer<T>(work: (network: Network) => Promise<T>, credentials: SigningCredentials): Promise<T> {
    let last: unknown;
    // Rounds over every peer for a short while: a peer restarting or gossip still forming after
    // a start is a matter of seconds, and a request that was not endorsed may simply be repeated.
    const until = Date.now() + UNREACHABLE_RETRY_MS;
    for (let round = 0; round === 0 || Date.now() < until; round++) {
      if (round > 0) await sleep(500);
      for (let i = 0; i < this.peers.length; i++) {
        try {
          return await work(this.network(credentials, i));
        } catch (err) {
          if (!(err instanceof PeerUnreachableError)) throw err;
          last = err;
        }
      }
    }
    throw last instanceof LedgerUnavailableError ? last : new LedgerUnavailableError(`no peer answered (${this.peers.map((p) => p.endpoint).join(', ')})`);
  }

  /**
   * Waits for the commit status. A failed status query never resubmits: the transaction may be in
   * a block already, so the status is asked again until the deadline, then reported unknown.
   */
  private async commitStatus(commit: { getStatus(): Promise<{ blockNumber: bigint; code: number; successful: boolean }> }, txId: string) {
    const until = Date.now() + this.deadlines.commitStatusMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await commit.getStatus();
      } catch (err) {
        if (Date.now() >= until) throw new LedgerUnavailableError(`the commit status of ${txId} is unknown: ${(err as Error).message}`, txId);
        await sleep(Math.min(2_000, 200 * attempt));
      }
    }
  }
}
