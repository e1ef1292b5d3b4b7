import { createHash } from 'node:crypto';
import { JsonRpcProvider } from 'ethers';
import { blockHeaderBytes, type AnchorProof } from '@estate-ledger/api-schemas';
import { decodeAnchorPayload } from './anchor-payload';
import { rootFromPath } from './merkle';

export interface ProofCheck {
  step: string;
  ok: boolean;
  detail: string;
}

const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * The proof's chain inside the ledger, with no network: the certificate hash is in the issuing
 * transaction's bytes, those bytes are in the block's data (data hash), the header gives the block
 * hash, and the audit path takes the block hash to the root.
 */
export function checkLedgerSide(proof: AnchorProof): ProofCheck[] {
  const data = proof.block.data.map((d) => Buffer.from(d, 'base64'));
  const envelope = data[proof.transaction.index];
  const header = { number: proof.block.number, previousHash: proof.block.previousHash, dataHash: proof.block.dataHash };
  const blockHash = sha256Hex(blockHeaderBytes(header));
  const root = rootFromPath(blockHash, proof.merkle.leafIndex, proof.merkle.size, proof.merkle.path);
  const { fromBlock, toBlock } = proof.anchor;
  return [
    {
      step: 'certificate → transaction',
      ok: !!envelope && envelope.includes(Buffer.from(proof.certificateHash, 'ascii')),
      detail: `transaction ${proof.transaction.txId} (#${proof.transaction.index} of block ${proof.block.number}) writes the certificate hash`,
    },
    { step: 'transaction → block', ok: sha256Hex(Buffer.concat(data)) === proof.block.dataHash, detail: `SHA-256 of the block's ${data.length} data entries is its data hash` },
    { step: 'block header → block hash', ok: blockHash === proof.block.hash, detail: `block ${proof.block.number} hash ${blockHash}` },
    {
      step: 'block → Merkle root',
      ok: root === proof.merkle.root && root === proof.anchor.root && proof.merkle.size === toBlock - fromBlock + 1 && proof.merkle.leafIndex === proof.block.number - fromBlock,
      detail: `leaf ${proof.merkle.leafIndex} of ${proof.merkle.size} (blocks ${fromBlock}-${toBlock}) reaches root ${root ?? '(none)'}`,
    },
  ];
}

/**
 * The chain side, through the chain's JSON-RPC alone: the anchor transaction exists on the chain
 * the proof names, was sent by the expected address, succeeded, is in the stated block, and its
 * data carries exactly this root and range.
 */
export async function checkChainSide(proof: AnchorProof, rpcUrl: string, expectedAnchorer?: string): Promise<ProofCheck[]> {
  // The chain id is asked for, not assumed: the static network only spares ethers its probing loop.
  const provider = new JsonRpcProvider(rpcUrl, proof.anchor.chainId, { staticNetwork: true, batchMaxCount: 1 });
  try {
    const chainId = Number(BigInt(await provider.send('eth_chainId', [])));
    const tx = await provider.getTransaction(proof.anchor.txHash);
    const receipt = await provider.getTransactionReceipt(proof.anchor.txHash);
    const block = receipt ? await provider.getBlock(receipt.blockNumber) : null;
    const payload = tx ? decodeAnchorPayload(tx.data) : undefined;
    const anchorer = (expectedAnchorer ?? proof.anchor.anchorer).toLowerCase();
    const confirmations = receipt ? await receipt.confirmations() : 0;
    return [
      { step: 'chain', ok: chainId === proof.anchor.chainId, detail: `the RPC serves chain ${chainId}; the proof names ${proof.anchor.chainId} (${proof.anchor.chainName})` },
      { step: 'public transaction', ok: !!tx && !!receipt && receipt.status === 1, detail: tx ? `${proof.anchor.txHash} ${receipt?.status === 1 ? 'succeeded' : 'did not succeed'}` : `${proof.anchor.txHash} is not on this chain` },
      {
        step: 'sender',
        ok: !!tx && tx.from.toLowerCase() === anchorer,
        detail: `sent by ${tx?.from.toLowerCase() ?? '?'}; expected ${anchorer}${expectedAnchorer ? '' : " (the proof's own claim: pass the registry's published address to check it)"}`,
      },
      {
        step: 'root on chain',
        ok: !!payload && payload.root === proof.merkle.root && payload.fromBlock === proof.anchor.fromBlock && payload.toBlock === proof.anchor.toBlock,
        detail: payload ? `the transaction's data carries root ${payload.root} for blocks ${payload.fromBlock}-${payload.toBlock}` : "the transaction's data is not an anchor",
      },
      {
        step: 'chain block',
        ok: !!block && block.hash === proof.anchor.chainBlockHash && block.number === proof.anchor.chainBlockNumber,
        detail: block ? `in block ${block.number} at ${new Date(block.timestamp * 1000).toISOString()}, ${confirmations} confirmation(s)` : 'no block',
      },
    ];
  } finally {
    provider.destroy();
  }
}
