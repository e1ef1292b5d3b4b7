/**
 * JSON Canonicalization Scheme (RFC 8785). Used for every state write (so all endorsers
 * produce identical bytes) and for certificate documents (whose SHA-256 is the public hash).
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A value already in canonical form, written as it is: a part that was canonicalised once (to be
 * signed, say) and is then embedded in a larger document without being encoded again.
 */
export class CanonicalText {
  constructor(readonly json: string) {}
}

// Loops and string concatenation rather than map/filter/join: this runs for every write and
// every signed part of every transaction.
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold a non-finite number');
      // ECMAScript number serialisation is what RFC 8785 prescribes.
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (value instanceof CanonicalText) return value.json;
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += canonicalJson(value[i] === undefined ? null : value[i]);
        }
        return out + ']';
      }
      const obj = value as Record<string, unknown>;
      // RFC 8785 sorts by UTF-16 code units, which is JavaScript's default string order.
      const keys = Object.keys(obj).sort();
      let out = '{';
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        if (out.length > 1) out += ',';
        out += JSON.stringify(k) + ':' + canonicalJson(v);
      }
      return out + '}';
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
