import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 6962 (Certificate Transparency) over SHA-256, with the ledger's block
 * hashes as leaves in block order. Leaves and inner nodes are hashed with different prefixes
 * (0x00, 0x01), so an inner node can never pass for a block hash, and any number of leaves has
 * one tree (no duplicated last leaf that would let two ranges share a root).
 */
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (leaf: Buffer) => sha256(Buffer.from([0]), leaf);
const nodeHash = (left: Buffer, right: Buffer) => sha256(Buffer.from([1]), left, right);

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function rootOf(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leafHash(leaves[0]);
  const k = split(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

function pathOf(index: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return index < k ? [...pathOf(index, leaves.slice(0, k)), rootOf(leaves.slice(k))] : [...pathOf(index - k, leaves.slice(k)), rootOf(leaves.slice(0, k))];
}

const bytes = (hex: string) => Buffer.from(hex, 'hex');

/** The root over hex leaves (at least one), as lowercase hex. */
export function merkleRoot(leaves: string[]): string {
  if (leaves.length === 0) throw new Error('a Merkle tree needs at least one leaf');
  return rootOf(leaves.map(bytes)).toString('hex');
}

/** The audit path of leaf `index`: sibling hashes from the leaf up to the root. */
export function inclusionPath(index: number, leaves: string[]): string[] {
  if (index < 0 || index >= leaves.length) throw new Error(`leaf ${index} is not in a tree of ${leaves.length}`);
  return pathOf(index, leaves.map(bytes)).map((b) => b.toString('hex'));
}

/** The root that `leaf` at `index` of a tree of `size` leaves reaches with `path` (RFC 9162 §2.1.3.2). */
export function rootFromPath(leaf: string, index: number, size: number, path: string[]): string | undefined {
  if (index < 0 || index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leafHash(bytes(leaf));
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(bytes(p), r);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = nodeHash(r, bytes(p));
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 ? r.toString('hex') : undefined;
}
