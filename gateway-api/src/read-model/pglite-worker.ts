import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { PgliteReply, PgliteRequest, PgliteWorkerData, SerialisedError } from './pglite-protocol';

/**
 * The worker thread that owns the embedded read model's PGlite (see PgliteReadDb). Plain
 * statements go to PGlite's query(); a transaction is PGlite's own transaction(), fed with its
 * statements as they arrive, so PGlite keeps ordering them and holding other statements back
 * while it is open, exactly as in-process.
 */
const port = parentPort!;
const { dataDir } = workerData as PgliteWorkerData;

/** Statements of a transaction that came before its turn (or its previous statement) ended. */
class Inbox {
  private readonly queued: PgliteRequest[] = [];
  private waiter?: (m: PgliteRequest) => void;

  push(m: PgliteRequest): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(m);
    } else this.queued.push(m);
  }

  next(): Promise<PgliteRequest> {
    const m = this.queued.shift();
    return m ? Promise.resolve(m) : new Promise((resolve) => (this.waiter = resolve));
  }
}

const inboxes = new Map<number, Inbox>();
const inbox = (tx: number) => inboxes.get(tx) ?? inboxes.set(tx, new Inbox()).get(tx)!;

/** Only plain values cross threads: a database error keeps its message, name and fields (code, detail, constraint …). */
function serialise(err: unknown): SerialisedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: SerialisedError['fields'] = {};
  for (const [k, v] of Object.entries(err)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = v;
  return { name: err.name, message: err.message, fields };
}

const reply = (m: PgliteReply) => port.postMessage(m);
const fail = (id: number, err: unknown) => reply({ id, error: serialise(err) });

/** Marks a transaction the caller rolled back: PGlite rolls it back when its callback throws. */
const ROLLED_BACK = Symbol('rolled back');

function runTransaction(db: PGlite, begin: PgliteRequest & { op: 'begin' }): void {
  let endId = begin.id;
  db.transaction(async (tx: Transaction) => {
    reply({ id: begin.id, rows: [] });
    for (;;) {
      const m = await inbox(begin.tx).next();
      if (m.op === 'query') {
        await tx.query(m.text, m.params).then(
          (r) => reply({ id: m.id, rows: r.rows as object[] }),
          (err: unknown) => fail(m.id, err),
        );
        continue;
      }
      endId = m.id;
      if (m.op === 'commit') return;
      throw ROLLED_BACK;
    }
  }).then(
    () => reply({ id: endId, rows: [] }),
    (err: unknown) => (err === ROLLED_BACK ? reply({ id: endId, rows: [] }) : fail(endId, err)),
  ).finally(() => inboxes.delete(begin.tx));
}

async function main(): Promise<void> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  port.on('message', (m: PgliteRequest) => {
    switch (m.op) {
      case 'query':
        if (m.tx !== undefined) inbox(m.tx).push(m);
        else db.query(m.text, m.params).then((r) => reply({ id: m.id, rows: r.rows as object[] }), (err: unknown) => fail(m.id, err));
        return;
      case 'begin':
        return runTransaction(db, m);
      case 'commit':
      case 'rollback':
        return inbox(m.tx).push(m);
      case 'close':
        void db.close().then(
          () => {
            reply({ id: m.id, rows: [] });
            port.close();
          },
          (err: unknown) => fail(m.id, err),
        );
    }
  });
  reply({ id: 0, rows: [] });
}

main().catch((err: unknown) => fail(0, err));
