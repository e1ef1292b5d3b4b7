import { readFileSync } from 'node:fs';
import type { SeedReport } from '../../../gateway-api/src/cli/demo-seed';
import { GatewayClient } from './gateway';

/** Where the global setup leaves the shared gateway's address and seed report for the test files. */
export const STATE_ENV = 'EXPLORER_E2E_STATE';

export interface SharedState {
  url: string;
  dataDir: string;
  seed: SeedReport;
}

/**
 * The one gateway every explorer test file uses: started and seeded (district 511702, small size)
 * once by `global-setup.ts`, stopped by `global-teardown.ts`. Starting it takes seconds on a small
 * machine, so the files share it; none of them stops it or changes what another one reads.
 */
export function sharedGateway(): { gw: GatewayClient; seed: SeedReport } {
  const file = process.env[STATE_ENV];
  if (!file) throw new Error(`${STATE_ENV} is not set: run these tests through jest (npm run jest -- --selectProjects web-explorer), whose global setup starts the gateway`);
  const state = JSON.parse(readFileSync(file, 'utf8')) as SharedState;
  return { gw: new GatewayClient(state.url, state.dataDir), seed: state.seed };
}
