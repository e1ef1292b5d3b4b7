import { inject, injectable } from 'tsyringe';
import { READ_DB } from '../tokens';
import { maskParty, PiiVault, type PartyView } from './pii-vault';
import type { ReadDb } from './read-db';

/** A party as the read model keeps it: name and ID number sealed. */
export interface SealedParty {
  ref: string;
  kind: 'PERSON' | 'ORG';
  name_enc: string;
  id_enc: string;
}

/**
 * A JSON array of the SealedParty rows whose references are in the SQL array `refs`, for a query
 * that reads a record and its parties in one round trip. Parties this organisation may not read
 * have no name: their references stay as they are.
 */
export const sealedPartiesOf = (refs: string) =>
  `(SELECT coalesce(json_agg(json_build_object('ref', p.ref, 'kind', p.kind, 'name_enc', p.name_enc, 'id_enc', p.id_enc)), '[]')
    FROM parties p WHERE p.ref = ANY(${refs}) AND p.name_enc IS NOT NULL)`;

/** Reads sealed party records back for responses: in full for roles that may see them, else masked. */
@injectable()
export class PartyDirectory {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async views(refs: string[], unmasked: boolean): Promise<Map<string, PartyView>> {
    if (refs.length === 0) return new Map();
    const rows = await this.db.query<SealedParty>(
      // Parties this organisation may not read have no name: their references stay as they are.
      'SELECT ref, kind, name_enc, id_enc FROM parties WHERE ref = ANY($1) AND name_enc IS NOT NULL',
      [refs],
      'readable_parties_by_ref',
    );
    return this.opened(rows, unmasked);
  }

  /** The views of parties already read with `sealedPartiesOf`. */
  opened(rows: SealedParty[], unmasked: boolean): Map<string, PartyView> {
    const out = new Map<string, PartyView>();
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
