import { blockTime, type CommittedBlock } from '../ledger/ledger-port';

/**
 * Blocks and transactions as the API returns them. Types only (and one pure mapping), so that
 * the explorer reads the same definitions.
 */
export interface BlockSummary {
  number: number;
  hash: string;
  previousHash: string;
  dataHash: string;
  /** The block's first transaction's time: blocks carry no time of their own. */
  committedAt: string;
  txCount: number;
  validCount: number;
}

/** What a transaction is about, from its event: e.g. { kind: 'registration', id }. */
export interface Subject {
  kind: string;
  id: string;
}

export interface TxSummary {
  txId: string;
  blockNumber: number;
  index: number;
  code: string;
  committedAt: string;
  creatorMsp: string;
  fn: string;
  eventType: string | null;
  district: string | null;
  unitNumber: string | null;
  subject: Subject | null;
}

export function summaryOfBlock(b: CommittedBlock): BlockSummary {
  return {
    number: b.number,
    hash: b.hash,
    previousHash: b.previousHash,
    dataHash: b.dataHash,
    committedAt: blockTime(b),
    txCount: b.transactions.length,
    validCount: b.transactions.filter((t) => t.code === 'VALID').length,
  };
}
