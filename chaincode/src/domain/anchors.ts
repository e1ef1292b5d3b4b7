import { z } from 'zod';
import { zSha256 } from './commands';
import type { Actor } from './model';

/**
 * Anchors: the ledger's history fixed on a public EVM chain. The registry's gateway computes a
 * Merkle root over the hashes of a contiguous range of ledger blocks, sends it in a chain
 * transaction, and records here first what it intends to send (range, root, the signed chain
 * transaction) and then what the chain confirmed (its block and time). The chaincode keeps the
 * ranges contiguous and never lets two anchors cover one block, so a gateway that restarts
 * reconciles its one pending anchor instead of sending another.
 */
const zHex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`), `must be 0x and ${bytes * 2} lowercase hex digits`);
const zBlockNumber = z.int().min(0);

export const zAnchorIntent = z
  .object({
    fromBlock: zBlockNumber,
    toBlock: zBlockNumber,
    root: zSha256,
    chainId: z.int().min(1),
    chainName: z.string().regex(/^[\p{L}\p{N} ._-]{1,40}$/u, 'must be 1-40 letters, digits, space, dot, dash or underscore'),
    anchorer: zHex(20),
    nonce: z.int().min(0),
    txHash: zHex(32),
    /** The signed chain transaction, so that any gateway can broadcast it again unchanged. */
    rawTx: z.string().regex(/^0x([0-9a-f]{2}){1,2048}$/, 'must be 0x and the signed transaction in lowercase hex'),
  })
  .refine((a) => a.toBlock >= a.fromBlock, { path: ['toBlock'], message: 'must not be below fromBlock' });
export type AnchorIntent = z.infer<typeof zAnchorIntent>;

export const zAnchorConfirmation = z.object({
  fromBlock: zBlockNumber,
  txHash: zHex(32),
  chainBlockNumber: zBlockNumber,
  chainBlockHash: zHex(32),
  /** The chain block's own timestamp, as the chain states it. */
  chainTime: z.iso.datetime(),
});
export type AnchorConfirmation = z.infer<typeof zAnchorConfirmation>;

export type AnchorStatus = 'PENDING' | 'CONFIRMED';

export interface Anchor extends Omit<AnchorIntent, 'rawTx'> {
  status: AnchorStatus;
  rawTx: string;
  /** Earlier chain transactions of this range that can never be mined (their nonce went to another). */
  replacedTxHashes: string[];
  intendedBy: Actor;
  chainBlockNumber?: number;
  chainBlockHash?: string;
  chainTime?: string;
  confirmedBy?: Actor;
}

/** Where the next anchor starts, and the range still waiting for its chain receipt. */
export interface AnchorHead {
  nextFromBlock: number;
  pendingFromBlock: number | null;
}
