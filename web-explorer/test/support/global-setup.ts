import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMALL_SIZE, seedDistrict } from '../../../gateway-api/src/cli/demo-seed';
import { RunningGateway } from './gateway';
import { STATE_ENV, type SharedState } from './shared';

/** Starts the gateway the explorer tests share and seeds it; global-teardown.ts stops it. */
export default async function globalSetup(): Promise<void> {
  const gw = await RunningGateway.start();
  (globalThis as { explorerGateway?: RunningGateway }).explorerGateway = gw;
  try {
    const seed = await seedDistrict({ baseUrl: gw.url, accounts: gw.accounts(), size: SMALL_SIZE, concurrency: 4 });
    const file = join(gw.dataDir, 'e2e-state.json');
    writeFileSync(file, JSON.stringify({ url: gw.url, dataDir: gw.dataDir, seed } satisfies SharedState));
    process.env[STATE_ENV] = file;
  } catch (err) {
    await gw.dispose();
    throw err;
  }
}
