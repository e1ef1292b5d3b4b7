import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureConfigured } from '../src/ledger/ledger-bootstrap';
import { EmbeddedLedger } from '../src/ledger/embedded/embedded-ledger';
import { describeLedgerConformance } from './ledger-conformance/ledger-conformance';

describeLedgerConformance('embedded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'estate-conformance-'));
  const ledger = await EmbeddedLedger.open({ dataDir: dir });
  await ensureConfigured(ledger);
  return {
    ledger,
    close: async () => {
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
