/**
 * Fabric's composite-key encoding (fabric-shim stub.js): U+0000, the object type, then each
 * attribute followed by U+0000. The embedded stub writes keys byte-identical to Fabric's, and
 * both adapters split the keys of a block's writes the same way.
 */
const NS = '\u0000';
const MIN_RUNE = '\u0000';

export function createCompositeKey(objectType: string, attributes: string[]): string {
  return `${NS}${objectType}${MIN_RUNE}${attributes.map((a) => `${a}${MIN_RUNE}`).join('')}`;
}

/** Object type and attributes of a composite key; a plain key has type '' and none. */
export function splitCompositeKey(key: string): { objectType: string; attributes: string[] } {
  if (!key.startsWith(NS)) return { objectType: '', attributes: [] };
  const parts = key.slice(1).split(MIN_RUNE);
  return { objectType: parts[0], attributes: parts.slice(1, -1) };
}
