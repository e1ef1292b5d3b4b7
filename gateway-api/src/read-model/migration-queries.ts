import { inject, injectable } from 'tsyringe';
import type { MigrationBatch } from '@estate-ledger/api-schemas';
import { READ_DB } from '../tokens';
import type { ReadDb } from './read-db';
import type { Viewer } from './unit-queries';

/** Migration batches as the read model shows them, within the caller's districts. */
@injectable()
export class MigrationQueries {
  constructor(@inject(READ_DB) private readonly db: ReadDb) {}

  async batch(batchId: string, viewer: Viewer): Promise<MigrationBatch> {
    const rows = await this.db.query<{ kind: string; n: string }>(
      `SELECT r->>'kind' AS kind, count(*) AS n FROM legacy_migrations m, jsonb_array_elements(m.doc->'records') r
        WHERE m.batch_id = $1 AND m.district = ANY($2) GROUP BY 1`,
      [batchId, viewer.districts],
      'migration_batch_records',
    );
    const [units] = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM legacy_migrations WHERE batch_id = $1 AND district = ANY($2)', [batchId, viewer.districts], 'migration_batch_units');
    const restored = { OWNERSHIP: 0, MORTGAGE: 0, NOTICE: 0, OBJECTION: 0, SEIZURE: 0, RESIDENCE: 0, CERTIFICATE: 0 };
    for (const r of rows) restored[r.kind as keyof typeof restored] = Number(r.n);
    return { batchId, units: Number(units?.n ?? 0), restored };
  }
}
