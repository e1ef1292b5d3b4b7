import type { SqlExecutor } from '../read-model/read-db';
import type { DocumentStore } from './document-store';

/** With DATABASE_URL: the bytes in PostgreSQL (`document_blobs`, a kept table that a rebuild never empties). */
export class PgDocumentStore implements DocumentStore {
  readonly kind = 'postgres' as const;

  constructor(private readonly db: SqlExecutor) {}

  async put(sha256: string, bytes: Buffer): Promise<void> {
    await this.db.query('INSERT INTO document_blobs (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [sha256, bytes], 'document_blob_put');
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    const [row] = await this.db.query<{ bytes: Uint8Array }>('SELECT bytes FROM document_blobs WHERE sha256 = $1', [sha256], 'document_blob_get');
    return row ? Buffer.from(row.bytes) : undefined;
  }
}
