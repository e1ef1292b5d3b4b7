import 'reflect-metadata';
import '../quiet-chaincode-logs';
import { EmbeddedLedger } from '../ledger/embedded/embedded-ledger';
import { ensureConfigured } from '../ledger/ledger-bootstrap';

/**
 * `node dist/cli/ledger-load.js DIR RUN [CONCURRENCY]`: commits synthetic building-table
 * publications against an embedded ledger as fast as it can and prints `ACK <txId>` for each
 * acknowledged one. Used by the crash-safety test (which kills it with SIGKILL) and for soak runs.
 */
async function main(): Promise<void> {
  const [dir, run = 'load', concurrency = '8'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: ledger-load DIR [RUN] [CONCURRENCY]');
  const ledger = await EmbeddedLedger.open({ dataDir: dir, blockTimeoutMs: 2 });
  await ensureConfigured(ledger);
  const developer = { kind: 'ORG', name: '达州市滨江房地产开发有限公司', idNumber: '91350100M000100Y43' };
  let n = 0;
  const worker = async () => {
    for (;;) {
      const id = `${run}-${n++}`;
      const household = { houseCode: `HC-${id}`, floor: 1, room: '101', location: '通川区', use: '住宅', structure: '砖混', areas: { building: '90.00', inner: '80.00', shared: '10.00' } };
      const res = await ledger.submit({
        identity: { msp: 'HousingMSP', role: 'surveyor' },
        fn: 'BuildingTable:publishProject',
        args: [JSON.stringify({ projectId: `P-${id}`, name: '负载', district: '511702', developer: 'd', buildings: [{ buildingId: 'B1', name: '1号楼', households: [household] }] })],
        transient: { parties: JSON.stringify({ d: developer }) },
      });
      process.stdout.write(`ACK ${res.txId}\n`);
    }
  };
  process.stdout.write('READY\n');
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
