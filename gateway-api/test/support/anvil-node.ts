import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';

/**
 * A real local Ethereum node: Foundry's anvil, from the npm package @foundry-rs/anvil (its binary
 * arrives in the platform package, e.g. @foundry-rs/anvil-linux-amd64). The chain's state is kept
 * in `stateFile`, so a node stopped with SIGTERM and started again on the same port carries on the
 * same chain: blocks, transactions, receipts and nonces.
 */
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

export function anvilBinary(): string {
  const pkg = `@foundry-rs/anvil-${process.platform === 'win32' ? 'win32' : process.platform}-${ARCH[process.arch] ?? process.arch}`;
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
}

/** Anvil's first development account: a well-known key, for local chains only. */
export const ANVIL_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const ANVIL_CHAIN_ID = 31337;

export class AnvilNode {
  private constructor(
    private child: ChildProcess | undefined,
    readonly port: number,
    private readonly stateFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts a node on `port` (0: a free one) with its state in `stateFile`. */
  static async start(stateFile: string, port = 0): Promise<AnvilNode> {
    const { child, port: bound } = await launch(stateFile, port);
    return new AnvilNode(child, bound, stateFile);
  }

  /** Stops the node (it writes its state first). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  /** Starts the node again on the same port, from its saved state. */
  async restart(): Promise<void> {
    if (this.child) throw new Error('anvil is running');
    this.child = (await launch(this.stateFile, this.port)).child;
  }
}

async function launch(stateFile: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(ANVIL_CHAIN_ID), '--state', stateFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const bound = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`anvil did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited with ${code}:\n${out}`));
    });
  });
  // Keep draining its output, or the pipe fills and the node stalls.
  child.stdout?.resume();
  return { child, port: bound };
}
