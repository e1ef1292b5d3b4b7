// A database of the bench's own on the server DATABASE_URL names, never the caller's database
// itself: the projector would truncate and rebuild it.
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');

/** Creates `estate_bench_<random>` on the server of `serverUrl`; returns its URL and a drop(). */
async function throwawayDatabase(serverUrl) {
  const name = `estate_bench_${randomBytes(6).toString('hex')}`;
  const run = async (sql) => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

module.exports = { throwawayDatabase };
