/**
 * A block header as Fabric's protoutil.BlockHeaderBytes encodes it, whose SHA-256 is the block's
 * hash: DER SEQUENCE { INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash }.
 * Plain bytes, no Node APIs and no zod: the explorer recomputes block hashes in the browser with it,
 * importing `@estate-ledger/api-schemas/block-header` alone.
 */
export interface BlockHeader {
  number: number;
  previousHash: string;
  dataHash: string;
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

function derOctets(hex: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return [0x04, ...derLength(bytes.length), ...bytes];
}

export function blockHeaderBytes(h: BlockHeader): Uint8Array<ArrayBuffer> {
  const body = [...derInteger(h.number), ...derOctets(h.previousHash), ...derOctets(h.dataHash)];
  return new Uint8Array([0x30, ...derLength(body.length), ...body]);
}
