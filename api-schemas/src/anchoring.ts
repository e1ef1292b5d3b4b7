import { z } from 'zod';
import { zInstant } from './common';

/** Anchors of the ledger on a public EVM chain, and a certificate's proof of inclusion in one. */

const hex = (description: string) => z.string().regex(/^[0-9a-f]+$/).meta({ description });
const prefixed = (description: string) => z.string().regex(/^0x[0-9a-f]+$/).meta({ description });

export const zAnchor = z
  .object({
    fromBlock: z.int().min(0),
    toBlock: z.int().min(0),
    root: hex('RFC 6962 Merkle root (SHA-256) over the hashes of blocks fromBlock..toBlock, in order'),
    status: z.enum(['PENDING', 'CONFIRMED']).meta({ description: 'PENDING: recorded before sending, waiting for the chain receipt' }),
    chainId: z.int().min(1),
    chainName: z.string(),
    anchorer: prefixed('The address that sends anchors: the registry publishes it'),
    txHash: prefixed('The chain transaction whose data carries the root'),
    chainBlockNumber: z.int().min(0).nullable(),
    chainBlockHash: prefixed('The chain block that includes the transaction').nullable(),
    chainTime: zInstant.nullable().meta({ description: "The chain block's timestamp" }),
  })
  .meta({ id: 'Anchor', description: 'A range of ledger blocks fixed on a public chain' });
export type Anchor = z.infer<typeof zAnchor>;

export const zAnchorList = z.object({ items: z.array(zAnchor) }).meta({ id: 'AnchorList' });

/**
 * Everything needed to check, with the public chain alone, that a certificate hash was written by
 * a transaction of a ledger block whose hash is under a root sent on the chain.
 */
export const zAnchorProof = z
  .object({
    format: z.literal('estate-ledger/anchor-proof/v1'),
    certificateHash: hex("SHA-256 of the certificate's or proof's canonical JSON, or of its PDF: the transaction recorded it"),
    transaction: z.object({ txId: z.string(), index: z.int().min(0).meta({ description: "The transaction's position in its block's data" }) }),
    block: z.object({
      number: z.int().min(0),
      previousHash: hex('Previous block hash'),
      dataHash: hex("SHA-256 over the block's data entries"),
      hash: hex('SHA-256 of the DER header (number, previousHash, dataHash), as Fabric'),
      data: z.array(z.string()).meta({ description: "The block's data entries (transaction envelopes), base64, in order" }),
    }),
    merkle: z.object({
      leafIndex: z.int().min(0),
      size: z.int().min(1),
      path: z.array(hex('Sibling hash')).meta({ description: 'RFC 6962 audit path from the block hash to the root' }),
      root: hex('The anchored root'),
    }),
    anchor: zAnchor,
  })
  .meta({ id: 'AnchorProof' });
export type AnchorProof = z.infer<typeof zAnchorProof>;

export const zCertificateAnchor = z
  .object({
    blockNumber: z.int().min(0).meta({ description: "The ledger block that recorded the hash: the certificate's issue (canonical JSON hash) or its PDF's recording (PDF hash)" }),
    anchor: zAnchor.nullable().meta({ description: 'Null until an anchor covers that block' }),
  })
  .meta({ id: 'CertificateAnchor', description: "Whether the block of a certificate's issue is anchored on a public chain" });
export type CertificateAnchor = z.infer<typeof zCertificateAnchor>;
