/**
 * Splits full party identities (names, ID numbers) out of a command into the transient `parties`
 * map, leaving keys in their place, so personal data never reaches the transaction's arguments.
 */
export function splitParties(input: Record<string, unknown>): { args: Record<string, unknown>; parties: Record<string, unknown> } {
  const parties: Record<string, unknown> = {};
  const keys = new Map<string, string>();
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.kind === 'PERSON' || o.kind === 'ORG') && typeof o.idNumber === 'string' && typeof o.name === 'string') {
        const identity = `${o.kind}:${o.idNumber.toUpperCase()}`;
        let key = keys.get(identity);
        if (!key) {
          key = `p${keys.size + 1}`;
          keys.set(identity, key);
          parties[key] = o;
        }
        return key;
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return { args: walk(input) as Record<string, unknown>, parties };
}
