/**
 * The read model's SQL connection: PostgreSQL through `pg` when DATABASE_URL is set, PGlite
 * in-process otherwise. Both speak the same SQL and run the same migrations.
 */
export interface SqlExecutor {
  /** `name` makes a named prepared statement on PostgreSQL (parsed and planned once per connection). */
  query<R extends object = Record<string, unknown>>(text: string, params?: unknown[], name?: string): Promise<R[]>;
}

export interface ReadDb extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one SQL transaction: all of its writes commit together or none do. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The read model cannot answer (server down, connection lost). Maps to HTTP 503. */
export class ReadModelUnavailableError extends Error {
  readonly code = 'READ_MODEL_UNAVAILABLE';
  constructor(cause: unknown) {
    super(`read model unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ReadModelUnavailableError';
  }
}

const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
// SQLSTATE class 08 (connection exception) and 57P0x (operator intervention: shutdown, crash).
const UNAVAILABLE_SQLSTATE = /^(08|57P0)/;

/** True when an error means "the database is not there", not "this statement is wrong". */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof ReadModelUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as Error & { code?: string }).code;
  if (code && (UNAVAILABLE_ERRNOS.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(err.message);
}
