/** Messages between PgliteReadDb and its worker thread (pglite-worker.ts). Reply id 0 says the database is open. */
export interface PgliteWorkerData {
  /** Omitted: an in-memory database. */
  dataDir?: string;
}

export type PgliteRequest =
  | { op: 'query'; id: number; text: string; params: unknown[]; /** The transaction it belongs to, if any. */ tx?: number }
  | { op: 'begin'; id: number; tx: number }
  | { op: 'commit' | 'rollback'; id: number; tx: number }
  | { op: 'close'; id: number };

export interface SerialisedError {
  name: string;
  message: string;
  fields: Record<string, string | number | boolean>;
}

export type PgliteReply = { id: number; rows: object[] } | { id: number; error: SerialisedError };
