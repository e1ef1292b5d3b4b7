/**
 * The part of CBOR (RFC 8949) a COSE_Sign1 seal is made of: integers, byte and text strings,
 * arrays, maps with integer keys and one tag, in deterministic encoding (§4.2.1: preferred
 * lengths, map keys in bytewise order). The decoder accepts only that encoding, so one seal has
 * one byte form. Written here rather than taken from a CBOR package: the maintained ones on npm
 * are ESM-only (this package is CommonJS, and jest runs it as such) or generate decoders with
 * `new Function`, which a verify page under a strict content security policy could not run; a
 * seal needs a few dozen lines of CBOR.
 */

export type CborValue = number | string | Uint8Array | CborValue[] | CborMap | CborTag;
export type CborMap = Map<number, CborValue>;
export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

export class CborError extends Error {}

const MAX_DEPTH = 8;

function head(major: number, n: number): number[] {
  const m = major << 5;
  if (n < 24) return [m | n];
  if (n < 0x100) return [m | 24, n];
  if (n < 0x10000) return [m | 25, n >> 8, n & 0xff];
  if (n < 0x100000000) return [m | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  throw new CborError(`${n} is beyond the 32-bit arguments a seal uses`);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function concat(parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function encodeCbor(v: CborValue): Uint8Array {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || Math.abs(v) >= 0x100000000) throw new CborError(`not an integer the seal encodes: ${v}`);
    return Uint8Array.from(v >= 0 ? head(0, v) : head(1, -1 - v));
  }
  if (typeof v === 'string') {
    const bytes = new TextEncoder().encode(v);
    return concat([head(3, bytes.length), bytes]);
  }
  if (v instanceof Uint8Array) return concat([head(2, v.length), v]);
  if (Array.isArray(v)) return concat([head(4, v.length), ...v.map(encodeCbor)]);
  if (v instanceof CborTag) return concat([head(6, v.tag), encodeCbor(v.value)]);
  const entries = [...v.entries()].map(([k, x]) => [encodeCbor(k), encodeCbor(x)] as const).sort((a, b) => compareBytes(a[0], b[0]));
  return concat([head(5, entries.length), ...entries.flat()]);
}

/** Decodes one deterministic CBOR item that fills `bytes` exactly; anything else throws CborError. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  let at = 0;
  const take = (n: number): Uint8Array => {
    if (at + n > bytes.length) throw new CborError('truncated');
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const argument = (info: number): number => {
    if (info < 24) return info;
    const size = { 24: 1, 25: 2, 26: 4 }[info];
    if (size === undefined) throw new CborError(`unsupported length encoding ${info}`);
    const n = take(size).reduce((acc, b) => acc * 256 + b, 0);
    if (n < (size === 1 ? 24 : 2 ** (4 * size))) throw new CborError('not the shortest length encoding');
    return n;
  };
  const item = (depth: number): CborValue => {
    if (depth > MAX_DEPTH) throw new CborError('nested too deep');
    const [initial] = take(1);
    const major = initial >> 5;
    const n = argument(initial & 0x1f);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
        return take(n).slice();
      case 3:
        return new TextDecoder('utf-8', { fatal: true }).decode(take(n));
      case 4:
        return Array.from({ length: n }, () => item(depth + 1));
      case 5: {
        const map: CborMap = new Map();
        let previous: Uint8Array | undefined;
        for (let i = 0; i < n; i++) {
          const start = at;
          const key = item(depth + 1);
          const encodedKey = bytes.subarray(start, at);
          if (typeof key !== 'number') throw new CborError('map keys are integers');
          if (previous && compareBytes(previous, encodedKey) >= 0) throw new CborError('map keys out of order or repeated');
          previous = encodedKey;
          map.set(key, item(depth + 1));
        }
        return map;
      }
      case 6:
        return new CborTag(n, item(depth + 1));
      default:
        throw new CborError(`unsupported major type ${major}`);
    }
  };
  const value = item(0);
  if (at !== bytes.length) throw new CborError('trailing bytes');
  return value;
}
