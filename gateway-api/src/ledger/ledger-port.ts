import type { LedgerEvent, MspId } from '@estate-ledger/chaincode';
import type { ValidationCode } from './validation-codes';

/**
 * What the gateway needs from a ledger. Two adapters implement it: the embedded single-node
 * ledger (default) and Fabric through @hyperledger/fabric-gateway. Both must pass the conformance
 * suite in gateway-api/test/ledger-conformance/. Failures are the typed errors of
 * ledger-errors.ts and nothing else, apart from programming faults.
 */
export interface CallerIdentity {
  msp: MspId;
  role: string;
  /** A court's identifier (certificate attribute `court`), for court staff. */
  court?: string;
}

export interface SubmitRequest {
  /** Who signs the proposal; the chaincode reads org, role and court from its certificate. */
  identity: CallerIdentity;
  /** `Contract:function`, e.g. `Registration:record`. */
  fn: string;
  /** Public arguments: they are in the block for every member to read. */
  args: string[];
  /** Private input (party names and ID numbers): seen by the chaincode, never in a block. */
  transient?: Record<string, string>;
}

export interface SubmitResult {
  txId: string;
  /** The block the transaction committed in, VALID. */
  blockNumber: number;
  /** What the transaction function returned. */
  result: string;
}

export interface StateWrite {
  /** Composite-key object type (e.g. `unit`), or '' for a plain key. */
  objectType: string;
  attributes: string[];
  key: string;
  isDelete: boolean;
  value?: string;
}

export interface CommittedTransaction {
  txId: string;
  index: number;
  code: ValidationCode;
  /** When the proposal was made: set by the submitting client (Fabric does not check it). */
  timestamp: string;
  creatorMsp: string;
  fn: string;
  /** The transaction's public arguments (parties appear only as keys of the transient map). */
  args: string[];
  endorsers: string[];
  writes: StateWrite[];
  /** Private data is in the block only as hashes. */
  privateWrites: Array<{ collection: string; keyHash: string; valueHash: string; isDelete: boolean }>;
  /** The chaincode event of a VALID transaction (one per transaction at most). */
  event?: LedgerEvent;
  /**
   * The transaction's bytes as the block's data holds them (a Fabric envelope, or the embedded
   * ledger's canonical envelope): SHA-256 over every transaction's bytes in block order is the
   * block's dataHash, which is how an anchor proof ties a transaction to its block.
   */
  envelope: Uint8Array;
}

/** A block as committed: no time of its own, since Fabric block headers carry none (see blockTime). */
export interface CommittedBlock {
  number: number;
  /** SHA-256 of the header (number, previous hash, data hash), see block-header.ts. */
  hash: string;
  previousHash: string;
  dataHash: string;
  /** At least one, in block order, VALID or not. */
  transactions: CommittedTransaction[];
}

/**
 * A block's time: its first transaction's timestamp. The ledger records no commit time, and the
 * transaction timestamps come from the submitting clients' clocks.
 */
export function blockTime(block: CommittedBlock): string {
  return block.transactions[0].timestamp;
}

export interface LedgerPort {
  /**
   * Endorses, orders and waits for the commit of one transaction. Returns only when it committed
   * VALID (state changed, event emitted). Not idempotent: every call is a new proposal with a new
   * txId, so a repeat after a failure is a second transaction; commands carry caller-chosen ids
   * (registrationId, contractId, …) so that the chaincode refuses a repeat that already committed.
   * @throws LedgerRuleRefusal the chaincode refused at endorsement: nothing was ordered.
   * @throws TransactionInvalidError committed invalid (e.g. MVCC_READ_CONFLICT): nothing changed.
   * @throws LedgerUnavailableError not reachable, timed out or closed; with a txId the outcome is
   *   unknown (look for the txId in blocks()).
   */
  submit(request: SubmitRequest): Promise<SubmitResult>;

  /**
   * Runs a transaction function against committed state without ordering it, and returns its
   * result. Read-only and safe to repeat; sees every block up to at least the one of the caller's
   * own last submit() on the same adapter.
   * @throws LedgerRuleRefusal the chaincode refused (e.g. NOT_FOUND, ACCESS_DENIED).
   * @throws LedgerUnavailableError not reachable, timed out or closed.
   */
  evaluate(request: SubmitRequest): Promise<string>;

  /**
   * Every committed block from `fromBlock` on, then each new one as it commits, until `signal`
   * aborts (the iteration then ends without error). Blocks come in order with contiguous numbers,
   * each one's previousHash equal to the hash of the one before; invalid transactions are
   * included with their code. The same number always yields the same block, so a consumer that
   * restarts from its checkpoint sees what it saw before.
   * @throws LedgerUnavailableError it cannot go on (ledger closed, no peer answers); resume from the next number.
   */
  blocks(fromBlock: number, signal: AbortSignal): AsyncIterable<CommittedBlock>;

  /** Number of committed blocks (the next block's number); never decreases. */
  height(): Promise<number>;

  /**
   * Releases the connections or the store (the embedded ledger first commits what it has queued).
   * Every call after it fails with LedgerUnavailableError; closing again does nothing more.
   */
  close(): Promise<void>;
}
