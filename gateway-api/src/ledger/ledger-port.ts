import type { LedgerEvent, MspId } from '@estate-ledger/chaincode';

/**
 * What the gateway needs from a ledger. Two adapters implement it: the embedded single-node
 * ledger (default) and Fabric through @hyperledger/fabric-gateway.
 */
export interface CallerIdentity {
  msp: MspId;
  role: string;
  /** A court's identifier (certificate attribute `court`), for court staff. */
  court?: string;
}

export interface SubmitRequest {
  identity: CallerIdentity;
  /** `Contract:function`, e.g. `Registration:record`. */
  fn: string;
  args: string[];
  transient?: Record<string, string>;
}

export interface SubmitResult {
  txId: string;
  blockNumber: number;
  result: string;
  event?: LedgerEvent;
}

/** Validation codes as Fabric names them (peer.TxValidationCode). */
export type ValidationCode = 'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT' | 'ENDORSEMENT_POLICY_FAILURE' | 'DUPLICATE_TXID' | 'BAD_PROPOSAL_TXID';

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
  timestamp: string;
  creatorMsp: string;
  fn: string;
  /** The transaction's public arguments (parties appear only as keys of the transient map). */
  args: string[];
  endorsers: string[];
  writes: StateWrite[];
  privateWrites: Array<{ collection: string; keyHash: string; valueHash: string; isDelete: boolean }>;
  event?: LedgerEvent;
}

export interface CommittedBlock {
  number: number;
  hash: string;
  previousHash: string;
  dataHash: string;
  timestamp: string;
  transactions: CommittedTransaction[];
}

export interface LedgerPort {
  submit(request: SubmitRequest): Promise<SubmitResult>;
  evaluate(request: SubmitRequest): Promise<string>;
  /** Committed blocks from `fromBlock` on, then each new one as it commits, until `signal` aborts. */
  blocks(fromBlock: number, signal: AbortSignal): AsyncIterable<CommittedBlock>;
  height(): Promise<number>;
  close(): Promise<void>;
}

/** A submission the ledger refused at validation (never a chaincode rule: those are RuleErrors). */
export class TransactionInvalidError extends Error {
  constructor(
    readonly txId: string,
    readonly code: ValidationCode,
    readonly blockNumber: number,
  ) {
    super(`transaction ${txId} was committed invalid in block ${blockNumber}: ${code}`);
    this.name = 'TransactionInvalidError';
  }
}
