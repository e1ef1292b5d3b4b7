import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PgliteReply, PgliteRequest, PgliteWorkerData, SerialisedError } from './pglite-protocol';
import type { ReadDb, SqlExecutor } from './read-db';

/**
 * The compiled worker script. Tests run this module from its TypeScript source, and a worker
 * thread needs JavaScript: both the source and the compiled module start the compiled worker.
 */
const WORKER_SCRIPT = join(__dirname, '..', '..', 'dist', 'read-model', 'pglite-worker.js');

type Request = PgliteRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

function revive(e: SerialisedError): Error {
  const err = Object.assign(new Error(e.message), e.fields);
  err.name = e.name;
  return err;
}

/**
 * PostgreSQL compiled to WebAssembly, in a worker thread of this process: the read model when no
 * server is configured. On its own thread the database (projection, audit log, queries) runs on
 * another core than HTTP and the ledger, which share the main thread.
 */
export class PgliteReadDb implements ReadDb {
  readonly kind = 'pglite' as const;
  private readonly calls = new Map<number, { resolve(rows: object[]): void; reject(err: Error): void }>();
  private nextId = 1;
  private nextTx = 1;
  private exited?: Error;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: PgliteReply) => {
      const call = this.calls.get(m.id);
      if (!call) return;
      this.calls.delete(m.id);
      // An idle worker does not keep the process alive, as an in-process database would not.
      if (this.calls.size === 0) worker.unref();
      if ('error' in m) call.reject(revive(m.error));
      else call.resolve(m.rows);
    });
    const end = (err: Error) => {
      this.exited = err;
      for (const call of this.calls.values()) call.reject(err);
      this.calls.clear();
    };
    worker.on('error', (err) => end(new Error(`the read model's PGlite worker failed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => end(new Error(`the read model's PGlite worker exited (code ${code})`)));
  }

  /** `dataDir` persists the database; omit it for an in-memory one. */
  static async open(dataDir?: string): Promise<PgliteReadDb> {
    const worker = new Worker(WORKER_SCRIPT, { workerData: { dataDir } satisfies PgliteWorkerData });
    const db = new PgliteReadDb(worker);
    await new Promise<void>((resolve, reject) => db.calls.set(0, { resolve: () => resolve(), reject }));
    return db;
  }

  async query<R extends object>(text: string, params: unknown[] = []): Promise<R[]> {
    return (await this.call({ op: 'query', text, params })) as R[];
  }

  /** PGlite's own transaction, in the worker: other statements wait until it ends. */
  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const tx = this.nextTx++;
    await this.call({ op: 'begin', tx });
    let out: T;
    try {
      out = await fn({ query: async <R extends object>(text: string, params: unknown[] = []) => (await this.call({ op: 'query', text, params, tx })) as R[] });
    } catch (err) {
      await this.call({ op: 'rollback', tx });
      throw err;
    }
    await this.call({ op: 'commit', tx });
    return out;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const exit = new Promise((resolve) => this.worker.once('exit', resolve));
    await this.call({ op: 'close' });
    // Closing is pending work: the process waits for the thread to end.
    this.worker.ref();
    await exit;
  }

  private call(req: Request): Promise<object[]> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.calls.size === 0) this.worker.ref();
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id } as PgliteRequest);
    });
  }
}
