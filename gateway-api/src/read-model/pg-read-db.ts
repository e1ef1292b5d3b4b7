import { Pool, type PoolClient } from 'pg';
import { isUnavailable, ReadModelUnavailableError, type ReadDb, type SqlExecutor } from './read-db';

export interface PgReadDbOptions {
  connectionString: string;
  maxConnections?: number;
  /** Fail fast when the server is gone instead of queueing requests behind a dead pool. */
  connectTimeoutMs?: number;
}

/** PostgreSQL through a `pg` pool. Connection failures surface as ReadModelUnavailableError. */
export class PgReadDb implements ReadDb {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;

  constructor(opts: PgReadDbOptions) {
    this.pool = new Pool({
      connectionString: opts.connectionString,
      max: opts.maxConnections ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 2_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  async query<R extends object>(text: string, params: unknown[] = [], name?: string): Promise<R[]> {
    try {
      const res = await this.pool.query<R>(name ? { name, text, values: params } : { text, values: params });
      return res.rows;
    } catch (err) {
      throw isUnavailable(err) ? new ReadModelUnavailableError(err) : err;
    }
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw new ReadModelUnavailableError(err);
    }
    // A checked-out client that loses its server emits 'error' with no pool listener attached:
    // without this handler the process would crash; the failing query reports the loss instead.
    const onError = () => undefined;
    client.on('error', onError);
    const tx: SqlExecutor = {
      query: async <R extends object>(text: string, params: unknown[] = [], name?: string) =>
        (await client.query<R>(name ? { name, text, values: params } : { text, values: params })).rows,
    };
    let broken = false;
    try {
      await client.query('BEGIN');
      const out = await fn(tx);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      broken = isUnavailable(err);
      if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
      throw broken ? new ReadModelUnavailableError(err) : err;
    } finally {
      // A broken client is discarded and may still report its end: it keeps the handler.
      if (!broken) client.off('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
