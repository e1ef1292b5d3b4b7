import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readDemoAccounts, type DemoAccount } from '../../../gateway-api/src/auth/account-store';

const REPO = resolve(__dirname, '..', '..', '..');
const MAIN = join(REPO, 'gateway-api', 'dist', 'main.js');
const EXPLORER = join(REPO, 'web-explorer', 'dist', 'index.html');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** A gateway reached over HTTP at `url`, whose demo accounts are in `dataDir`. */
export class GatewayClient {
  constructor(
    readonly url: string,
    readonly dataDir: string,
  ) {}

  accounts(): DemoAccount[] {
    return readDemoAccounts(this.dataDir);
  }

  key(msp: string, role: string): string {
    const account = this.accounts().find((a) => a.msp === msp && a.role === role && a.districts.includes('511702'));
    if (!account) throw new Error(`no demo account ${msp}/${role}`);
    return account.apiKey;
  }

  /** GET /api/v1{path} with an API key; fails on any status but 200. */
  async get<T>(path: string, apiKey: string): Promise<T> {
    const res = await fetch(`${this.url}/api/v1${path}`, { headers: { 'x-api-key': apiKey } });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** GET /api/v1{path} as text (a CSV export). */
  async text(path: string, apiKey: string): Promise<string> {
    const res = await fetch(`${this.url}/api/v1${path}`, { headers: { 'x-api-key': apiKey } });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res.text();
  }

  /** The exact bytes of an issued e-certificate, as a registry certifier downloads them. */
  async certificateFile(certNo: string): Promise<Buffer> {
    const res = await fetch(`${this.url}/api/v1/certificates/${encodeURIComponent(certNo)}/document`, { headers: { 'x-api-key': this.key('RegistryMSP', 'certifier') } });
    if (res.status !== 200) throw new Error(`certificate document ${certNo}: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }

  /** The certificate's PDF, as a registry clerk downloads it for the holder. */
  async certificatePdf(certNo: string): Promise<Buffer> {
    const res = await fetch(`${this.url}/api/v1/certificates/${encodeURIComponent(certNo)}/pdf`, { headers: { 'x-api-key': this.key('RegistryMSP', 'clerk') } });
    if (res.status !== 200) throw new Error(`certificate PDF ${certNo}: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }
}

/**
 * The real gateway (`node gateway-api/dist/main.js`) in a child process with its own data
 * directory: embedded ledger, PGlite read model, demo accounts, and the built explorer at `/`.
 */
export class RunningGateway extends GatewayClient {
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    url: string,
    dataDir: string,
    private readonly output: string[],
  ) {
    super(url, dataDir);
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
  }

  /** `extraEnv`: more configuration, e.g. the ANCHOR_* variables of anchoring. */
  static async start(extraEnv: Record<string, string> = {}): Promise<RunningGateway> {
    for (const built of [MAIN, EXPLORER]) {
      if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'explorer-e2e-'));
    const port = await freePort();
    // The local OpenID provider `npm start` runs for citizens' sign-in, on a free port of its own.
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOCAL_IDP_PORT: '0', ...extraEnv };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [MAIN], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
    child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
    const gw = new RunningGateway(child, `http://127.0.0.1:${port}`, dataDir, output);
    // Minutes, not seconds: on a loaded shared machine PGlite and the ledger take long to open.
    await gw.waitHealthy(240_000);
    return gw;
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`gateway exited with ${this.child.exitCode}:\n${this.output.join('')}`);
      try {
        const res = await fetch(`${this.url}/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`gateway not healthy after ${timeoutMs} ms:\n${this.output.join('')}`);
  }

  /** Stops the process (SIGTERM, then SIGKILL after 10 s) and keeps the data directory. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(killer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
