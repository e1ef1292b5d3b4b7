import type { BlockSummary } from '@estate-ledger/api-schemas';
import { blockTime, type CommittedBlock } from '../ledger/ledger-port';

/** Blocks and transactions as the API returns them: the shapes are @estate-ledger/api-schemas' (the explorer reads them too). */
export type { BlockSummary, Subject, TxSummary } from '@estate-ledger/api-schemas';

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
