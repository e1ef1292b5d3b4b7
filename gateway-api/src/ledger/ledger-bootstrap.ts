import { randomBytes } from 'node:crypto';
import { ORGANISATIONS, type LedgerConfig, type MspId } from '@estate-ledger/chaincode';
import { LedgerRuleRefusal, LedgerUnavailableError } from './ledger-errors';
import type { LedgerPort } from './ledger-port';

/** What the registry's gateway configures a fresh ledger with: the input of Admin:configure. */
export type LedgerSetup = Pick<LedgerConfig, 'provinceAbbr' | 'offices'>;

/**
 * Dazhou (达州市): the city registry issues for its two districts, each county and the
 * county-level city of Wanyuan through its own registry, under its own name and sequence.
 */
export const DEFAULT_CONFIG: LedgerSetup = {
  provinceAbbr: '川',
  offices: [
    { code: '511700', issuerName: '达州市', registryName: '达州市不动产登记中心', districts: ['511702', '511703'] },
    { code: '511722', issuerName: '宣汉县', registryName: '宣汉县不动产登记中心', districts: ['511722'] },
    { code: '511723', issuerName: '开江县', registryName: '开江县不动产登记中心', districts: ['511723'] },
    { code: '511724', issuerName: '大竹县', registryName: '大竹县不动产登记中心', districts: ['511724'] },
    { code: '511725', issuerName: '渠县', registryName: '渠县不动产登记中心', districts: ['511725'] },
    { code: '511781', issuerName: '万源市', registryName: '万源市不动产登记中心', districts: ['511781'] },
  ],
};

export interface BootstrapOptions {
  /** The agency whose gateway is starting; only the registry's configures a fresh ledger. */
  msp?: MspId;
  config?: LedgerSetup;
  /** How long another agency's gateway waits for the registry to configure a fresh ledger. */
  waitMs?: number;
}

const notInitialised = (err: unknown) => err instanceof LedgerRuleRefusal && err.code === 'LEDGER_NOT_INITIALISED';
/** A network just started: peers answer before they know each other well enough to endorse together. */
const notReady = (err: unknown) => err instanceof LedgerUnavailableError;

/**
 * A fresh ledger gets its configuration and a new consortium secret (kept only in the private
 * data collection) as its first transaction, submitted by the registry's administrator. Other
 * agencies' gateways wait until it is there: every endorsement needs the secret. A ledger that
 * is not reachable yet is waited for as long.
 */
export async function ensureConfigured(ledger: LedgerPort, opts: BootstrapOptions = {}): Promise<void> {
  const msp = opts.msp ?? 'RegistryMSP';
  const reader = { msp, role: ORGANISATIONS[msp].roles[0] };
  const until = Date.now() + (opts.waitMs ?? 120_000);
  const pause = () => new Promise((r) => setTimeout(r, 1_000));
  for (;;) {
    const expired = Date.now() > until;
    try {
      await ledger.evaluate({ identity: reader, fn: 'Admin:getConfig', args: [] });
      return;
    } catch (err) {
      if (notReady(err) && !expired) {
        await pause();
        continue;
      }
      if (!notInitialised(err)) throw err;
    }
    if (msp === 'RegistryMSP') {
      try {
        await ledger.submit({
          identity: { msp: 'RegistryMSP', role: 'admin' },
          fn: 'Admin:configure',
          args: [JSON.stringify(opts.config ?? DEFAULT_CONFIG)],
          transient: { consortiumSecret: randomBytes(32).toString('hex') },
        });
        return;
      } catch (err) {
        // Another registry gateway configured it first: the next read finds the configuration.
        const configuredMeanwhile = err instanceof LedgerRuleRefusal && err.code === 'INVALID_STATE';
        if (!configuredMeanwhile && (!notReady(err) || expired)) throw err;
      }
    } else if (expired) {
      throw new Error(`the ledger is not configured yet: the registry's gateway configures it on its first start (waited ${opts.waitMs ?? 120_000} ms)`);
    }
    await pause();
  }
}
