import { ensureConfigured } from '../src/ledger/ledger-bootstrap';
import { describeLedgerConformance } from '../test/ledger-conformance/ledger-conformance';
import { ConsortiumLedger } from './support/consortium-ledger';

describeLedgerConformance('Fabric', async () => {
  const ledger = new ConsortiumLedger();
  await ensureConfigured(ledger);
  return { ledger, close: () => ledger.close() };
});
