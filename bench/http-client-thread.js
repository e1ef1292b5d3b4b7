// HTTP clients of a bench in their own thread, so the gateway under test has its event loop to
// itself, as it has when its callers are other processes and machines. Both threads still share
// the machine's CPUs. Latency is timed in the client thread, from the request to the last byte.
//   const client = startHttpClient(baseUrl, sockets);
//   await client.request('POST', '/api/v1/…', apiKey, body)  → { status, text, code?, ms }
//   client.startReaders(paths, apiKey, readers, perSecond?); … await client.stopReaders() → { latencies, errors }
//   await client.close();
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

if (isMainThread) {
  /** Starts the client thread; `sockets` keep-alive connections at most. */
  function startHttpClient(baseUrl, sockets) {
    const worker = new Worker(__filename, { workerData: { baseUrl, sockets } });
    worker.unref();
    const pending = new Map();
    let seq = 0;
    worker.on('message', (m) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      p?.(m.result);
    });
    const call = (op, args) => new Promise((resolve) => { const id = ++seq; pending.set(id, resolve); worker.postMessage({ id, op, args }); });
    return {
      // A body given as a string is sent as it is (serialised ahead, outside a measured window).
      request: (method, path, key, body) => call('request', { method, path, key, body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body) }),
      startReaders: (paths, key, readers, perSecond) => call('startReaders', { paths, key, readers, perSecond }),
      stopReaders: () => call('stopReaders', {}),
      close: async () => { await call('close', {}); await worker.terminate(); },
    };
  }
  module.exports = { startHttpClient };
} else {
  const http = require('node:http');
  const { baseUrl, sockets } = workerData;
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });

  /** One request; never throws: a network failure is status 0 with its code. */
  const request = ({ method, path, key, body }) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const start = performance.now();
    return new Promise((resolve) => {
      const done = (status, text, code) => resolve({ status, text, code, ms: performance.now() - start });
      const headers = { 'x-api-key': key, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) };
      const req = http.request(baseUrl + path, { method, agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => done(res.statusCode, Buffer.concat(chunks).toString('utf8')));
        res.on('error', (e) => done(0, String(e), e.code ?? 'RESPONSE_ERROR'));
      });
      req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('request timed out after 30 s'), { code: 'TIMEOUT' })));
      req.on('error', (e) => done(0, String(e), e.code ?? 'NETWORK_ERROR'));
      req.end(payload);
    });
  };

  let reading;
  /**
   * `readers` callers reading `paths` in turn. Without a rate each sends its next request when the
   * last one answered (as fast as the gateway allows); with `perSecond` they send that many in all,
   * on a fixed schedule whether or not earlier answers came (open loop: a slow answer delays none).
   */
  const startReaders = ({ paths, key, readers, perSecond }) => {
    const state = { on: true, latencies: [], errors: 0 };
    const one = async (i) => {
      const r = await request({ method: 'GET', path: paths[i % paths.length], key });
      if (r.status !== 200) state.errors++;
      state.latencies.push(r.ms);
    };
    const closedLoop = async (n) => {
      for (let i = n; state.on; i += readers) await one(i);
    };
    const openLoop = async (n) => {
      const interval = (1000 * readers) / perSecond;
      const start = performance.now() + (n * interval) / readers;
      const inFlight = new Set();
      for (let k = 0, i = n; state.on; k++, i += readers) {
        const wait = start + k * interval - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const p = one(i).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await Promise.all(inFlight);
    };
    reading = { state, loops: Array.from({ length: readers }, (_, n) => (perSecond ? openLoop(n) : closedLoop(n))) };
  };
  const stopReaders = async () => {
    if (!reading) return { latencies: [], errors: 0 };
    reading.state.on = false;
    await Promise.all(reading.loops);
    const { latencies, errors } = reading.state;
    reading = undefined;
    return { latencies, errors };
  };

  const ops = { request, startReaders, stopReaders, close: async () => { await stopReaders(); agent.destroy(); } };
  parentPort.on('message', async ({ id, op, args }) => parentPort.postMessage({ id, result: await ops[op](args) }));
}
