import { inject, injectable } from 'tsyringe';
import type { Anchor } from '@estate-ledger/api-schemas';
import { READ_DB } from '../tokens';
import type { ReadDb } from './read-db';

interface AnchorRow {
  from_block: string;
  to_block: string;
  root: string;
  status: 'PENDING' | 'CONFIRMED';
  chain_id: string;
  chain_name: string;
  anchorer: string;
  tx_hash: string;
  chain_block_number: string | null;
  chain_block_hash: string | null;
  chain_time: Date | null;
}

const anchorView = (r: AnchorRow): Anchor => ({
  fromBlock: Number(r.from_block),
  toBlock: Number(r.to_block),
  root: r.root,
  status: r.status,
  chainId: Number(r.chain_id),
  chainName: r.chain_name,
  anchorer: r.anchorer,
  txHash: r.tx_hash,
  chainBlockNumber: r.chain_block_number === null ? null : Number(r.chain_block_number),
  chainBlockHash: r.chain_block_hash,
  chainTime: r.chain_time === null ? null : new Date(r.chain_time).toISOString(),
});

/** The ledger transaction that put a document hash on the ledger, and its block. */
export interface RecordingTransaction {
  txId: string;
  blockNumber: number;
  index: number;
}

/** Anchors as the read model holds them (projected from the Anchor contract's records). */
@injectable()
export class AnchorQueries {
  constructor(@inject(READ_DB) private readonly db: ReadDb) {}

  async latest(limit: number): Promise<Anchor[]> {
    const rows = await this.db.query<AnchorRow>('SELECT * FROM anchors ORDER BY from_block DESC LIMIT $1', [limit], 'anchors_latest');
    return rows.map(anchorView);
  }

  /** The anchor whose range holds block `number`, pending or confirmed. */
  async covering(number: number): Promise<Anchor | null> {
    const [row] = await this.db.query<AnchorRow>('SELECT * FROM anchors WHERE from_block <= $1 AND to_block >= $1', [number], 'anchor_covering');
    return row ? anchorView(row) : null;
  }

  /** Block hashes of a range, in order (the leaves of its Merkle tree). */
  async blockHashes(fromBlock: number, toBlock: number): Promise<string[]> {
    const rows = await this.db.query<{ hash: string }>('SELECT hash FROM blocks WHERE number BETWEEN $1 AND $2 ORDER BY number', [fromBlock, toBlock], 'anchor_leaves');
    return rows.map((r) => r.hash);
  }

  /**
   * The transaction that recorded `sha256` on the ledger: for a certificate's or holdings proof's
   * canonical JSON hash its issue, for its PDF's hash the recording of that PDF (`recordPdf`, whose
   * arguments carry the hash). Each branch is a unique-index probe.
   */
  async recordingTransaction(sha256: string): Promise<RecordingTransaction | null> {
    const [row] = await this.db.query<{ tx_id: string; block_number: string; tx_index: number }>(
      `SELECT t.tx_id, t.block_number, t.tx_index FROM certificates c JOIN transactions t ON t.tx_id = c.doc->>'issuedTxId' WHERE c.doc_hash = $1
       UNION ALL
       SELECT t.tx_id, t.block_number, t.tx_index FROM certificates c JOIN transactions t ON t.subject_id = c.cert_no AND t.event_type = 'CERTIFICATE_PDF_RECORDED' WHERE c.pdf_hash = $1
       UNION ALL
       SELECT t.tx_id, t.block_number, t.tx_index FROM holdings_proofs p JOIN transactions t ON t.tx_id = p.doc->>'issuedTxId' WHERE p.doc_hash = $1
       UNION ALL
       SELECT t.tx_id, t.block_number, t.tx_index FROM holdings_proofs p JOIN transactions t ON t.subject_id = p.proof_no AND t.event_type = 'HOLDINGS_PROOF_PDF_RECORDED' WHERE p.pdf_hash = $1
       LIMIT 1`,
      [sha256],
      'document_recording_tx',
    );
    return row ? { txId: row.tx_id, blockNumber: Number(row.block_number), index: row.tx_index } : null;
  }
}
