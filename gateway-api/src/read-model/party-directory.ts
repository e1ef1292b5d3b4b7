import { inject, injectable } from 'tsyringe';
import { READ_DB } from '../tokens';
import { maskParty, PiiVault, type PartyView } from './pii-vault';
import type { ReadDb } from './read-db';

/** Reads sealed party records back for responses: in full for roles that may see them, else masked. */
@injectable()
export class PartyDirectory {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async views(refs: string[], unmasked: boolean): Promise<Map<string, PartyView>> {
    const out = new Map<string, PartyView>();
    if (refs.length === 0) return out;
    const rows = await this.db.query<{ ref: string; kind: 'PERSON' | 'ORG'; name_enc: string; id_enc: string }>(
      // Parties this organisation may not read have no name: their references stay as they are.
      'SELECT ref, kind, name_enc, id_enc FROM parties WHERE ref = ANY($1) AND name_enc IS NOT NULL',
      [refs],
      'readable_parties_by_ref',
    );
    for (const r of rows) {
      const party = { ref: r.ref, kind: r.kind, name: this.vault.decrypt(r.name_enc), idNumber: this.vault.decrypt(r.id_enc) };
      out.set(r.ref, unmasked ? { ...party, masked: false } : maskParty(party));
    }
    return out;
  }

  /** Party references of everyone registered under this ID number (exact match through the blind index). */
  async refsByIdNumber(idNumber: string): Promise<string[]> {
    const rows = await this.db.query<{ ref: string }>('SELECT ref FROM parties WHERE id_blind = $1', [this.vault.blindIndex(idNumber)], 'parties_by_blind');
    return rows.map((r) => r.ref);
  }
}

/** Replaces every party reference inside a record with the caller's view of that party. */
export function withParties<T>(doc: T, views: Map<string, PartyView>): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return views.get(v) ?? v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(doc) as T;
}
