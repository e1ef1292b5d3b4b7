import type { CommittedBlock, LedgerPort } from './ledger-port';

/** Committed blocks `from`..`to` through the port's block stream, which is then closed. */
export async function readBlocks(ledger: LedgerPort, from: number, to: number): Promise<CommittedBlock[]> {
  const out: CommittedBlock[] = [];
  if (to < from) return out;
  const abort = new AbortController();
  try {
    for await (const block of ledger.blocks(from, abort.signal)) {
      out.push(block);
      if (block.number >= to) break;
    }
  } finally {
    abort.abort();
  }
  return out;
}
