import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LAYOUT, LIST_SEPARATOR, RECORD_TYPES, type RecordType } from './layout';

const recordTypeSchema = z.enum(RECORD_TYPES as [RecordType, ...RecordType[]]);

/**
 * A mapping file (JSON) for an export that is not in the standard layout: the table (file or
 * sheet) name of each record type, the export's column name for each standard column, and the
 * export's own code values per `type.column`. Anything not mapped is read as standard.
 */
export const columnMappingSchema = z
  .object({
    tables: z.partialRecord(recordTypeSchema, z.string().min(1)).default({}),
    columns: z.partialRecord(recordTypeSchema, z.record(z.string(), z.string())).default({}),
    values: z.record(z.string().regex(/^[a-z]+\.[a-z_]+$/), z.record(z.string(), z.string())).default({}),
    encoding: z.enum(['auto', 'utf-8', 'gb18030']).default('auto'),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const [type, columns] of Object.entries(m.columns)) {
      const known = new Set(LAYOUT[type as RecordType].fields.map((spec) => spec.name));
      for (const [source, target] of Object.entries(columns ?? {})) {
        if (!known.has(target)) ctx.addIssue({ code: 'custom', path: ['columns', type, source], message: `${target} is not a column of the ${type} table` });
      }
    }
    for (const key of Object.keys(m.values)) {
      const [type, column] = key.split('.');
      const spec = (RECORD_TYPES as readonly string[]).includes(type) ? LAYOUT[type as RecordType].fields.find((s) => s.name === column) : undefined;
      if (!spec) ctx.addIssue({ code: 'custom', path: ['values', key], message: `${key} is not a table.column of the standard layout` });
    }
  });

export type ColumnMapping = z.output<typeof columnMappingSchema>;

export const STANDARD_MAPPING: ColumnMapping = columnMappingSchema.parse({});

export async function loadColumnMapping(path: string): Promise<ColumnMapping> {
  return columnMappingSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}

export function tableName(mapping: ColumnMapping, type: RecordType): string {
  return mapping.tables[type] ?? LAYOUT[type].table;
}

/**
 * For a table's header row, the standard column each position holds (undefined for columns the
 * layout does not know). A header cell matches its mapped name, the standard name or the
 * standard Chinese label, so a standard export may carry either header.
 */
export function headerColumns(mapping: ColumnMapping, type: RecordType, header: readonly string[]): Array<string | undefined> {
  const byName = new Map<string, string>();
  for (const spec of LAYOUT[type].fields) {
    byName.set(spec.name, spec.name);
    byName.set(spec.label, spec.name);
  }
  for (const [source, target] of Object.entries(mapping.columns[type] ?? {})) byName.set(source, target);
  return header.map((cell) => byName.get(cell.trim()));
}

/** Translates an export's code value to the standard one; list cells are translated element by element. */
export function standardValue(mapping: ColumnMapping, type: RecordType, column: string, value: string): string {
  const table = mapping.values[`${type}.${column}`];
  if (!table) return value;
  if (Object.hasOwn(table, value)) return table[value];
  if (!value.includes(LIST_SEPARATOR)) return value;
  return value
    .split(LIST_SEPARATOR)
    .map((v) => (Object.hasOwn(table, v) ? table[v] : v))
    .join(LIST_SEPARATOR);
}
