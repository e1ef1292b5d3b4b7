import type { AnchorProof } from '@estate-ledger/api-schemas';
import { ApiError } from '../http/api-error';
import type { LedgerPort } from '../ledger/ledger-port';
import type { AnchorQueries } from '../read-model/anchor-queries';
import { readBlocks } from '../ledger/read-blocks';
import { inclusionPath, merkleRoot } from './merkle';

/**
 * Builds a document hash's inclusion proof: the transaction that recorded it (a certificate's or
 * proof's issue for its canonical JSON hash, the recording of its PDF for the PDF's hash), that transaction's block (all
 * of the block's data, so the data hash can be recomputed), the block's audit path in the anchor's
 * Merkle tree, and the anchor's chain transaction. The block comes from the ledger itself; the
 * read model only says where to look.
 */
export class AnchorProofs {
  constructor(
    private readonly ledger: LedgerPort,
    private readonly anchors: AnchorQueries,
  ) {}

  async proof(certificateHash: string): Promise<AnchorProof> {
    const issued = await this.anchors.recordingTransaction(certificateHash);
    if (!issued) throw new ApiError(404, 'NOT_ANCHORED', `No certificate, proof or PDF with hash ${certificateHash} in the read model`, 'sha256');
    const anchor = await this.anchors.covering(issued.blockNumber);
    if (!anchor || anchor.status !== 'CONFIRMED') {
      throw new ApiError(404, 'NOT_ANCHORED', `Block ${issued.blockNumber} that recorded this hash is not anchored yet${anchor ? ' (its anchor waits for the chain receipt)' : ''}`, 'sha256');
    }
    const [block] = await readBlocks(this.ledger, issued.blockNumber, issued.blockNumber);
    const leaves = await this.anchors.blockHashes(anchor.fromBlock, anchor.toBlock);
    // The read model's hashes must give the anchored root; if not, it is not the ledger that was anchored.
    if (leaves.length !== anchor.toBlock - anchor.fromBlock + 1 || merkleRoot(leaves) !== anchor.root || leaves[issued.blockNumber - anchor.fromBlock] !== block.hash) {
      throw new Error(`the read model's block hashes ${anchor.fromBlock}-${anchor.toBlock} do not give the anchored root`);
    }
    const leafIndex = issued.blockNumber - anchor.fromBlock;
    return {
      format: 'estate-ledger/anchor-proof/v1',
      certificateHash,
      transaction: { txId: issued.txId, index: issued.index },
      block: {
        number: block.number, previousHash: block.previousHash, dataHash: block.dataHash, hash: block.hash,
        data: block.transactions.map((t) => Buffer.from(t.envelope).toString('base64')),
      },
      merkle: { leafIndex, size: leaves.length, path: inclusionPath(leafIndex, leaves), root: anchor.root },
      anchor,
    };
  }
}
