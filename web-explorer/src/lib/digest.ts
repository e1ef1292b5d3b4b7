import { blockHeaderBytes, type BlockHeader } from '@estate-ledger/api-schemas/block-header';

/** SHA-256 in the browser (Web Crypto): certificate files are hashed locally and never uploaded. */

export const SHA256_HEX = /^[0-9a-f]{64}$/;

const hex = (buf: ArrayBuffer): string => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

/** Web Crypto exists only in a secure context (https, or http on localhost). */
export const canDigest = (): boolean => typeof crypto !== 'undefined' && crypto.subtle !== undefined;

export async function sha256Hex(data: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', data));
}

/** A pasted hash as the API wants it: 64 hex digits, lowercase; spaces and an optional "sha256:" prefix are dropped. */
export function normaliseHash(input: string): string | null {
  const h = input.trim().replace(/^sha-?256:/i, '').replace(/\s+/g, '').toLowerCase();
  return SHA256_HEX.test(h) ? h : null;
}

/** A block's hash recomputed from its header (the gateway's own encoding of Fabric's header). */
export async function blockHeaderHash(h: BlockHeader): Promise<string> {
  return sha256Hex(blockHeaderBytes(h));
}
