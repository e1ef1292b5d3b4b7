import { PGlite } from '@electric-sql/pglite';
import type { ReadDb, SqlExecutor } from './read-db';

/** PostgreSQL compiled to WebAssembly, in-process: the read model when no server is configured. */
export class PgliteReadDb implements ReadDb {
  readonly kind = 'pglite' as const;

  private constructor(private readonly db: PGlite) {}

  /** `dataDir` persists the database; omit it for an in-memory one. */
  static async open(dataDir?: string): Promise<PgliteReadDb> {
    const db = dataDir ? new PGlite(dataDir) : new PGlite();
    await db.waitReady;
    return new PgliteReadDb(db);
  }

  async query<R extends object>(text: string, params: unknown[] = []): Promise<R[]> {
    return (await this.db.query<R>(text, params)).rows;
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (t) => fn({ query: async <R extends object>(text: string, params: unknown[] = []) => (await t.query<R>(text, params)).rows }));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
