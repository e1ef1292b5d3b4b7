import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoDateInChina } from '@estate-ledger/chaincode';
import { EmbeddedLedger } from '../src/ledger/embedded/embedded-ledger';
import { ensureConfigured } from '../src/ledger/ledger-bootstrap';
import { readBatch, batchSource } from '../src/legacy-register/batch-reader';
import { generateRegister } from '../src/legacy-register/generator/register-generator';
import type { UnitRecord } from '../src/legacy-register/layout';
import { publishAndLinkRegisterUnits } from '../src/migration/register-building-tables';

/** The loader runs compiled, as an operator runs it (`npm test` builds first). */
const LOAD_CLI = join(__dirname, '..', 'dist', 'cli', 'migration-load.js');
const VERIFY_CLI = join(__dirname, '..', 'dist', 'cli', 'ledger-verify.js');
const BATCH = 'CRASH-01';

/** Runs the loader; with `killAfter`, SIGKILLs it once that many units were acknowledged. Resolves with the stdout lines. */
function runLoader(register: string, data: string, killAfter?: number): Promise<{ lines: string[]; killed: boolean }> {
  const child = spawn(process.execPath, [LOAD_CLI, '--register', register, '--batch', BATCH, '--data', data, '--concurrency', '16'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'warning' },
  });
  const lines: string[] = [];
  let buffer = '';
  let killed = false;
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    if (killAfter !== undefined && !killed && lines.filter((l) => l.startsWith('LOADED ')).length >= killAfter) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  return new Promise((resolve) => child.on('exit', () => resolve({ lines, killed })));
}

describe('a migration load killed mid-way and run again', () => {
  let dir: string;
  beforeAll(async () => {
    if (!existsSync(LOAD_CLI)) throw new Error(`${LOAD_CLI} is missing: run \`npm run build\` first (npm test does)`);
    dir = await mkdtemp(join(tmpdir(), 'estate-migration-crash-'));
  });
  afterAll(async () => dir && rm(dir, { recursive: true, force: true }));

  it('records every unit on the ledger exactly once, and the ledger verifies', async () => {
    const register = join(dir, 'register');
    const data = join(dir, 'data');
    await generateRegister(register, { records: 800, seed: 7, asOf: isoDateInChina(new Date()), defectRate: 0, format: 'csv' });
    const units: UnitRecord[] = [];
    for await (const r of readBatch(await batchSource(register), undefined, ['unit'])) if (r.type === 'unit') units.push(r);
    const setup = await EmbeddedLedger.open({ dataDir: data });
    await ensureConfigured(setup);
    await publishAndLinkRegisterUnits(setup, units);
    await setup.close();

    const first = await runLoader(register, data, 40);
    expect(first.killed).toBe(true);
    const second = await runLoader(register, data);
    const summary = JSON.parse(second.lines[second.lines.length - 1]) as { records: number; loaded: number; alreadyOnLedger: number; refused: number };
    // The units the killed run committed are found on the ledger, not written again.
    expect(summary.alreadyOnLedger).toBeGreaterThanOrEqual(40);
    expect(summary.loaded + summary.alreadyOnLedger + summary.refused).toBe(summary.records);

    const ledger = await EmbeddedLedger.open({ dataDir: data });
    const writes = new Map<string, number>();
    const stop = new AbortController();
    const height = await ledger.height();
    for await (const block of ledger.blocks(0, stop.signal)) {
      for (const tx of block.transactions) {
        if (tx.code !== 'VALID') continue;
        for (const w of tx.writes) if (w.objectType === 'migration') writes.set(w.attributes.join('/'), (writes.get(w.attributes.join('/')) ?? 0) + 1);
      }
      if (block.number === height - 1) stop.abort();
    }
    await ledger.close();
    expect(writes.size).toBe(summary.loaded + summary.alreadyOnLedger);
    expect([...writes.values()].every((n) => n === 1)).toBe(true);

    const verify = spawnSync(process.execPath, [VERIFY_CLI, data], { encoding: 'utf8' });
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
  }, 300_000);
});
