import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatUnitNumber } from '@estate-ledger/chaincode';
import { INSPECTION_RULES } from '../inspection/rule-catalogue';
import { LAYOUT, RECORD_TYPES, columnsOf, type Fields, type RecordType } from '../layout';
import { tableExtension, tableWriter, type TableFormat, type TableWriter } from '../table-writer';
import { DEFECT_INJECTORS, type InjectionContext } from './defect-injectors';
import { RegisterSequences, cleanGroup, unitPlans, type UnitGroup } from './register-plan';
import { SeededRandom } from './seeded-random';

export interface GeneratorOptions {
  /** Register records to write (units, rights, certificates, mortgages, seizures, notices, objections); the last unit's records may go a few over. */
  records: number;
  seed: number;
  /** The day the export was taken (China date): every generated date is on or before it. */
  asOf: string;
  /** Share of units that get one injected defect (0 gives a clean register). */
  defectRate: number;
  format: TableFormat;
}

/** A defect the generator planted: the inspection must report exactly this record under this rule. */
export interface InjectedDefect {
  rule: string;
  type: RecordType;
  row: number;
  legacyId: string;
}

export interface GeneratedRegister {
  records: Record<RecordType, number>;
  defects: InjectedDefect[];
}

/** The manifest of injected defects, next to the tables (not a table itself). */
export const DEFECT_MANIFEST = 'injected-defects.json';

/**
 * Writes a legacy register in the standard layout to `dir` (one file per table, households
 * included) and the manifest of the defects it injected. Streams: memory does not grow with size.
 */
export async function generateRegister(dir: string, options: GeneratorOptions): Promise<GeneratedRegister> {
  await mkdir(dir, { recursive: true });
  const rng = new SeededRandom(options.seed);
  const seq = new RegisterSequences();
  const plans = unitPlans(rng);
  const writers = {} as Record<RecordType, TableWriter>;
  const rows = {} as Record<RecordType, number>;
  for (const type of RECORD_TYPES) {
    writers[type] = tableWriter(join(dir, `${LAYOUT[type].table}.${tableExtension(options.format)}`), options.format, LAYOUT[type].table);
    await writers[type].add(columnsOf(type));
    rows[type] = 0;
  }
  let missing = 0;
  const ctx: InjectionContext = {
    rng,
    asOf: options.asOf,
    seq,
    nextPlan: () => plans.next().value,
    missingUnitNumber: () => {
      missing += 1;
      // Building 9xxx of parcel 99999 in zone 999 is never planned.
      return formatUnitNumber({ county: '510104', cadastralZone: 999, subZone: 999, parcelOwnership: 'G', parcelRight: 'B', parcelSequence: 99_999, fixtureKind: 'F', fixtureUnit: `9${String(missing).padStart(7, '0')}` });
    },
    earlier: { legacyIds: {} },
  };
  const injected = new Map<string, number>(INSPECTION_RULES.map((r) => [r.id, 0]));
  const defects: InjectedDefect[] = [];
  let written = 0;

  const write = async <T extends RecordType>(type: T, fields: Fields<T>, defect: { rule: string; record: object } | undefined) => {
    rows[type] += 1;
    await writers[type].add(columnsOf(type).map((c) => (fields as Record<string, string>)[c]));
    if (type !== 'household') written += 1;
    if (defect && defect.record === fields) defects.push({ rule: defect.rule, type, row: rows[type], legacyId: (fields as Record<string, string>).legacy_id });
  };

  while (written < options.records) {
    const group = cleanGroup(rng, plans.next().value, seq, options.asOf);
    const defect = rng.chance(options.defectRate) ? inject(group, ctx, injected) : undefined;
    await writeGroup(group, defect, write);
    if (!defect) remember(group, ctx);
  }
  for (const type of RECORD_TYPES) await writers[type].close();
  defects.sort((a, b) => RECORD_TYPES.indexOf(a.type) - RECORD_TYPES.indexOf(b.type) || a.row - b.row);
  await writeFile(join(dir, DEFECT_MANIFEST), JSON.stringify({ seed: options.seed, asOf: options.asOf, records: rows, defects }, null, 1) + '\n');
  return { records: rows, defects };
}

/** Plants one defect, of the rule injected least so far that this group can carry, so every rule gets its share. */
function inject(group: UnitGroup, ctx: InjectionContext, injected: Map<string, number>): { rule: string; record: object } | undefined {
  const order = INSPECTION_RULES.map((r, i) => ({ id: r.id, i })).sort((a, b) => (injected.get(a.id) ?? 0) - (injected.get(b.id) ?? 0) || a.i - b.i);
  for (const { id } of order) {
    const done = DEFECT_INJECTORS[id](group, ctx);
    if (done) {
      injected.set(id, (injected.get(id) ?? 0) + 1);
      return { rule: id, record: done.record };
    }
  }
  return undefined;
}

async function writeGroup(
  g: UnitGroup,
  defect: { rule: string; record: object } | undefined,
  write: <T extends RecordType>(type: T, fields: Fields<T>, defect: { rule: string; record: object } | undefined) => Promise<void>,
): Promise<void> {
  if (g.household) await write('household', g.household, defect);
  await write('unit', g.unit, defect);
  for (const extra of g.extraUnits) {
    if (extra.household) await write('household', extra.household, defect);
    await write('unit', extra.unit, defect);
  }
  for (const r of g.rights) await write('right', r, defect);
  for (const c of g.certificates) await write('certificate', c, defect);
  for (const m of g.mortgages) await write('mortgage', m, defect);
  for (const s of g.seizures) await write('seizure', s, defect);
  for (const n of g.notices) await write('notice', n, defect);
  for (const o of g.objections) await write('objection', o, defect);
  for (const r of g.residences) await write('residence', r, defect);
}

/** What later defects copy from a clean group (duplicates, references to an existing unit). */
function remember(g: UnitGroup, ctx: InjectionContext): void {
  ctx.earlier.unitNumber = g.unit.unit_number;
  const unified = g.certificates.find((c) => c.cert_number.includes('不动产权第'));
  if (unified) ctx.earlier.certNumber = unified.cert_number;
  const ids = ctx.earlier.legacyIds;
  if (g.mortgages.length > 0) ids.mortgage = g.mortgages[0].legacy_id;
  if (g.seizures.length > 0) ids.seizure = g.seizures[0].legacy_id;
  if (g.notices.length > 0) ids.notice = g.notices[0].legacy_id;
}
