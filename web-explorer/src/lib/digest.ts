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

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return [0x80 | bytes.length, ...bytes];
}

function derInteger(n: number): number[] {
  const bytes: number[] = [];
  let v = BigInt(n);
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return [0x02, ...derLength(bytes.length), ...bytes];
}

function hexBytes(h: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < h.length; i += 2) out.push(parseInt(h.slice(i, i + 2), 16));
  return out;
}

const derOctets = (h: string): number[] => {
  const b = hexBytes(h);
  return [0x04, ...derLength(b.length), ...b];
};

/**
 * A block's hash recomputed from its header, as Fabric's protoutil.BlockHeaderBytes defines it:
 * SHA-256 over DER SEQUENCE { INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash }.
 */
export async function blockHeaderHash(h: { number: number; previousHash: string; dataHash: string }): Promise<string> {
  const body = [...derInteger(h.number), ...derOctets(h.previousHash), ...derOctets(h.dataHash)];
  return sha256Hex(new Uint8Array([0x30, ...derLength(body.length), ...body]));
}
