import { randomBytes } from 'node:crypto';
import type { EmbeddedLedger } from './embedded-ledger';

export const DEFAULT_CONFIG = { provinceAbbr: '川', issuerName: '达州市', registryName: '达州市不动产登记中心' };

/**
 * A fresh embedded ledger gets its configuration and a new consortium secret (kept only in the
 * private data collection) as its first transaction.
 */
export async function ensureConfigured(ledger: EmbeddedLedger, config = DEFAULT_CONFIG): Promise<void> {
  if ((await ledger.height()) > 0) return;
  await ledger.submit({
    identity: { msp: 'RegistryMSP', role: 'admin' },
    fn: 'Admin:configure',
    args: [JSON.stringify(config)],
    transient: { consortiumSecret: randomBytes(32).toString('hex') },
  });
}
