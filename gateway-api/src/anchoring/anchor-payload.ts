/**
 * What an anchor's chain transaction carries in its data: a 4-byte marker, the Merkle root and
 * the ledger block range it covers (52 bytes). The root goes in a plain transaction's data rather
 * than a contract's storage: nothing to deploy, audit or upgrade per chain, about half the gas of
 * a storage write, and a verifier needs only eth_getTransactionByHash and the receipt. The
 * transaction is sent by the registry's published address to itself.
 */
const MARKER = 'ela1'; // "Estate Ledger Anchor", version 1
const MARKER_HEX = Buffer.from(MARKER, 'ascii').toString('hex');

export interface AnchorPayload {
  root: string;
  fromBlock: number;
  toBlock: number;
}

const u64 = (n: number) => BigInt(n).toString(16).padStart(16, '0');

export function encodeAnchorPayload(p: AnchorPayload): string {
  if (!/^[0-9a-f]{64}$/.test(p.root)) throw new Error('root must be 64 lowercase hex characters');
  return `0x${MARKER_HEX}${p.root}${u64(p.fromBlock)}${u64(p.toBlock)}`;
}

/** The payload of a transaction's data, or undefined when it is not an anchor. */
export function decodeAnchorPayload(data: string): AnchorPayload | undefined {
  const m = /^0x([0-9a-f]{8})([0-9a-f]{64})([0-9a-f]{16})([0-9a-f]{16})$/.exec(data.toLowerCase());
  if (!m || m[1] !== MARKER_HEX) return undefined;
  return { root: m[2], fromBlock: Number(BigInt(`0x${m[3]}`)), toBlock: Number(BigInt(`0x${m[4]}`)) };
}
