import { BINARIES_SCRIPT, NETWORK_SCRIPT, networkScript } from './fabric-network';

/**
 * test:fabric's global setup: builds the Fabric binaries (or reuses them) and brings a fresh
 * four-organisation network up from nothing; network-teardown.ts takes it down.
 */
export default function networkSetup(): void {
  networkScript(BINARIES_SCRIPT);
  networkScript(NETWORK_SCRIPT, 'down');
  networkScript(NETWORK_SCRIPT, 'up');
}
