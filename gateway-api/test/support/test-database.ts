import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '../../src/read-model/migrations';
import { PgReadDb } from '../../src/read-model/pg-read-db';
import { PgliteReadDb } from '../../src/read-model/pglite-read-db';
import type { ReadDb } from '../../src/read-model/read-db';

/** The PostgreSQL server integration tests use (.ci/run starts it when it is not running). */
export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: ReadDb;
  /** Connection string of the throwaway database (PostgreSQL only). */
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own on the real server, dropped afterwards. */
export async function freshPostgres(): Promise<TestDatabase> {
  const name = `estate_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = new PgReadDb({ connectionString: url.toString() });
  await migrate(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close().catch(() => undefined);
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh in-memory PGlite database, migrated. */
export async function freshPglite(): Promise<TestDatabase> {
  const db = await PgliteReadDb.open();
  await migrate(db);
  return { db, drop: () => db.close() };
}
