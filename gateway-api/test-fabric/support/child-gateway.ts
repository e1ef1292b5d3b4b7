import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDemoAccounts } from '../../src/auth/account-store';
import { REPO } from './fabric-network';

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * An agency's gateway as the operator runs it (`node gateway-api/dist/main.js`), in its own
 * process so that a test can kill it with SIGKILL and start it again on the same data.
 */
export class ChildGateway {
  private child?: ChildProcess;
  private output: string[] = [];

  private constructor(
    readonly url: string,
    readonly dataDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(env: Record<string, string>): Promise<ChildGateway> {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'fabric-gateway-'));
    return new ChildGateway(`http://127.0.0.1:${port}`, dataDir, { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  }

  key(msp: string, role: string): string {
    const a = readDemoAccounts(this.dataDir).find((x) => x.msp === msp && x.role === role);
    if (!a) throw new Error(`no demo account ${msp}/${role}`);
    return a.apiKey;
  }

  async start(timeoutMs = 120_000): Promise<void> {
    this.output = [];
    const child = spawn(process.execPath, [join(REPO, 'gateway-api', 'dist', 'main.js')], { cwd: REPO, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (b: Buffer) => this.output.push(b.toString()));
    child.stderr?.on('data', (b: Buffer) => this.output.push(b.toString()));
    this.child = child;
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}:\n${this.output.join('')}`);
      if (await this.health().then((h) => h !== undefined, () => false)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`gateway not up after ${timeoutMs} ms:\n${this.output.join('')}`);
  }

  async health(): Promise<{ ledger: { height: number }; readModel: { projectedHeight: number } } | undefined> {
    const res = await fetch(`${this.url}/health`);
    return res.status === 200 ? ((await res.json()) as { ledger: { height: number }; readModel: { projectedHeight: number } }) : undefined;
  }

  /** SIGKILL: no shutdown hook runs, as when the machine loses power. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
}
