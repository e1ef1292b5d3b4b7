import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MSP_IDS, ORGANISATIONS } from '@estate-ledger/chaincode';
import { DEFAULT_COURT } from '../ledger/embedded/crypto-material';
import { zPrincipal, type Principal } from './principal';

/** A configured account: a principal and the SHA-256 of its API key (the key itself is never stored). */
const zAccount = z.object({ principal: zPrincipal, apiKeySha256: z.string().regex(/^[0-9a-f]{64}$/) });
export type Account = z.infer<typeof zAccount>;

const DEMO_DISTRICT = '511702';
const DEMO_OTHER_DISTRICT = '511703';

export interface DemoAccount {
  subject: string;
  name: string;
  msp: string;
  role: string;
  court?: string;
  districts: string[];
  apiKey: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Looks accounts up by the hash of the presented API key (a hash lookup leaks nothing about other keys). */
export class AccountStore {
  private readonly byHash = new Map<string, Principal>();

  constructor(accounts: Account[]) {
    for (const a of accounts) this.byHash.set(a.apiKeySha256, a.principal);
  }

  static fromFile(file: string): AccountStore {
    return new AccountStore(z.array(zAccount).parse(JSON.parse(readFileSync(file, 'utf8'))));
  }

  byApiKey(key: string): Principal | undefined {
    return this.byHash.get(sha256(key));
  }
}

/** The demo accounts a gateway created in `dataDir` (how demo:seed and the tests find their keys). */
export function readDemoAccounts(dataDir: string): DemoAccount[] {
  return JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccount[];
}

/**
 * Demo accounts for every organisation and role in district 511702, plus one clerk of 511703 to
 * show tenancy. Created once into DATA_DIR/demo-accounts.json (mode 600) and reused after.
 */
export function ensureDemoAccounts(dataDir: string): DemoAccount[] {
  const file = join(dataDir, 'demo-accounts.json');
  if (existsSync(file)) return readDemoAccounts(dataDir);
  const accounts: DemoAccount[] = [];
  for (const msp of MSP_IDS) {
    const org = ORGANISATIONS[msp];
    for (const role of org.roles) {
      accounts.push({
        subject: `demo-${org.key}-${role}`,
        name: `${org.name} ${role}`,
        msp,
        role,
        court: msp === 'CourtMSP' ? DEFAULT_COURT : undefined,
        districts: [DEMO_DISTRICT],
        apiKey: `demo_${org.key}_${role}_${randomBytes(12).toString('hex')}`,
      });
    }
  }
  accounts.push({ subject: 'demo-registry-clerk-511703', name: '达川区 不动产登记中心 clerk', msp: 'RegistryMSP', role: 'clerk', districts: [DEMO_OTHER_DISTRICT], apiKey: `demo_registry_clerk511703_${randomBytes(12).toString('hex')}` });
  writeFileSync(file, JSON.stringify(accounts, null, 2), { mode: 0o600 });
  return accounts;
}

export function demoAccountStore(demo: DemoAccount[]): AccountStore {
  return new AccountStore(
    demo.map((d) => ({
      principal: zPrincipal.parse({ subject: d.subject, name: d.name, msp: d.msp, role: d.role, court: d.court, districts: d.districts }),
      apiKeySha256: sha256(d.apiKey),
    })),
  );
}
