import { NETWORK_SCRIPT, networkScript } from './fabric-network';

/** Stops every process the network started and removes its data (KEEP_NETWORK=1 keeps it for a look). */
export default function networkTeardown(): void {
  if (process.env.KEEP_NETWORK === '1') return;
  networkScript(NETWORK_SCRIPT, 'down');
}
