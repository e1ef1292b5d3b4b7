import '../quiet-chaincode-logs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { isoDateInChina } from '@estate-ledger/chaincode';
import { generateRegister } from '../legacy-register/generator/register-generator';
import type { TableFormat } from '../legacy-register/table-writer';

const USAGE = 'npm run legacy:generate -- --out DIR [--records 100000] [--seed 1] [--as-of YYYY-MM-DD] [--defect-rate 0.1] [--format csv|csv-gbk|xlsx]';

/** `npm run legacy:generate`: a seeded legacy register with building tables and the manifest of injected defects. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      records: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      'as-of': { type: 'string' },
      'defect-rate': { type: 'string', default: '0.1' },
      format: { type: 'string', default: 'csv' },
    },
  });
  const format = values.format as TableFormat;
  if (!values.out || !['csv', 'csv-gbk', 'xlsx'].includes(format)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const started = Date.now();
  const result = await generateRegister(resolve(values.out), {
    records: Number(values.records),
    seed: Number(values.seed),
    asOf: values['as-of'] ?? isoDateInChina(new Date()),
    defectRate: Number(values['defect-rate']),
    format,
  });
  const counts = Object.entries(result.records).map(([t, n]) => `${t} ${n}`).join(', ');
  console.log(`${values.out}: ${counts}; ${result.defects.length} injected defects; ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: Error) => {
  console.error(`legacy:generate failed: ${err.message}`);
  process.exitCode = 1;
});
