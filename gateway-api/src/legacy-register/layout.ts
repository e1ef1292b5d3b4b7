/**
 * The standard layout of a legacy register export (docs/legacy-register.md): one table per record
 * type, as a CSV file or an XLSX sheet named after the table, with these columns. Every value is
 * kept as the text the export holds; the inspection decides what it means. Lists (the holders of
 * a right, the mortgagors) are written in one cell, separated by LIST_SEPARATOR.
 */

export type FieldSpec = { readonly name: string; readonly label: string; readonly required: boolean };

const f = (name: string, label: string, required = true): FieldSpec => ({ name, label, required });

export const LIST_SEPARATOR = ';';

export const LAYOUT = {
  /** 楼盘表: the housing authority's households, the reference the units are checked against. */
  household: {
    table: 'households',
    fields: [
      f('house_code', '房屋编码'),
      f('project_name', '项目名称'),
      f('address', '房屋坐落'),
      f('building', '幢号'),
      f('floor', '所在层'),
      f('room', '室号'),
      f('building_area', '建筑面积'),
      f('use', '房屋用途', false),
    ],
  },
  /** 不动产单元. */
  unit: {
    table: 'units',
    fields: [
      f('legacy_id', '原系统单元ID'),
      f('unit_number', '不动产单元号'),
      f('house_code', '房屋编码', false),
      f('district', '行政区划代码'),
      f('location', '坐落'),
      f('building', '幢号'),
      f('floor', '所在层'),
      f('room', '室号'),
      f('use', '房屋用途'),
      f('nature', '房屋性质'),
      f('structure', '房屋结构', false),
      f('building_area', '建筑面积'),
      f('inner_area', '套内面积', false),
      f('shared_area', '分摊面积', false),
    ],
  },
  /** 所有权 (current and previous): the chain of holders runs through predecessor_id. */
  right: {
    table: 'rights',
    fields: [
      f('legacy_id', '原系统权利ID'),
      f('unit_number', '不动产单元号'),
      f('right_type', '权利类型'),
      f('co_ownership', '共有方式'),
      f('holder_names', '权利人'),
      f('holder_id_types', '证件种类'),
      f('holder_ids', '证件号'),
      f('holder_shares', '份额', false),
      f('registered_on', '登簿日期'),
      f('status', '权属状态'),
      f('predecessor_id', '上手权利ID', false),
      f('ended_on', '注销日期', false),
    ],
  },
  /** 不动产权证书 of an ownership right. */
  certificate: {
    table: 'certificates',
    fields: [
      f('legacy_id', '原系统证书ID'),
      f('cert_number', '不动产权证号'),
      f('right_id', '权利ID'),
      f('unit_number', '不动产单元号'),
      f('issued_on', '发证日期'),
      f('status', '证书状态'),
      f('content_hash', '证书内容哈希', false),
    ],
  },
  /** 抵押权 with its 不动产登记证明. */
  mortgage: {
    table: 'mortgages',
    fields: [
      f('legacy_id', '原系统抵押ID'),
      f('unit_number', '不动产单元号'),
      f('mortgagor_names', '抵押人'),
      f('mortgagor_ids', '抵押人证件号'),
      f('mortgagee_name', '抵押权人'),
      f('mortgagee_code', '抵押权人统一社会信用代码'),
      f('amount', '被担保债权数额'),
      f('maximum_amount', '最高额抵押'),
      f('term_start', '债务履行起始日期'),
      f('term_end', '债务履行结束日期'),
      f('rank', '抵押顺位'),
      f('registered_on', '登簿日期'),
      f('proof_number', '不动产登记证明号'),
      f('status', '状态'),
    ],
  },
  /** 查封 and 轮候查封: queue_order 1 is the active seizure, 2… wait in service order. */
  seizure: {
    table: 'seizures',
    fields: [
      f('legacy_id', '原系统查封ID'),
      f('unit_number', '不动产单元号'),
      f('court', '查封机关'),
      f('case_number', '查封文号'),
      f('kind', '查封类型'),
      f('queue_order', '轮候顺序'),
      f('served_on', '送达日期'),
      f('term_start', '查封起始日期', false),
      f('term_end', '查封结束日期', false),
      f('status', '查封状态'),
    ],
  },
  /** 预告登记. */
  notice: {
    table: 'notices',
    fields: [
      f('legacy_id', '原系统预告ID'),
      f('unit_number', '不动产单元号'),
      f('holder_names', '预告权利人'),
      f('holder_ids', '证件号'),
      f('registered_on', '登簿日期'),
      f('proof_number', '不动产登记证明号'),
      /** From this day the notice lapses in 90 days (Civil Code 221); empty while final registration is not yet possible. */
      f('final_possible_on', '可办理本登记日期', false),
    ],
  },
  /** 异议登记. */
  objection: {
    table: 'objections',
    fields: [
      f('legacy_id', '原系统异议ID'),
      f('unit_number', '不动产单元号'),
      f('applicant_name', '异议申请人'),
      f('applicant_id', '证件号'),
      f('reason', '异议事项'),
      f('registered_on', '登簿日期'),
      f('lawsuit_filed', '已起诉'),
    ],
  },
  /** 居住权 (Civil Code 366-371, registered since 2021): on an owned dwelling, for its holders, for a term or for life. */
  residence: {
    table: 'residences',
    fields: [
      f('legacy_id', '原系统居住权ID'),
      f('unit_number', '不动产单元号'),
      f('holder_names', '居住权人'),
      f('holder_ids', '证件号'),
      f('registered_on', '登簿日期'),
      /** The agreed term's last day; empty: for the holder's life. */
      f('term_end', '居住权期限', false),
      f('proof_number', '不动产登记证明号'),
    ],
  },
} as const satisfies Record<string, { table: string; fields: readonly FieldSpec[] }>;

export type RecordType = keyof typeof LAYOUT;

/** The register's record types in the order a batch is read and reported; households first, as the reference. */
export const RECORD_TYPES: readonly RecordType[] = ['household', 'unit', 'right', 'certificate', 'mortgage', 'seizure', 'notice', 'objection', 'residence'];

/** The register proper: what is inspected and loaded (households are the housing authority's reference data). */
export const REGISTER_TYPES: readonly Exclude<RecordType, 'household'>[] = ['unit', 'right', 'certificate', 'mortgage', 'seizure', 'notice', 'objection', 'residence'];

export type FieldName<T extends RecordType> = (typeof LAYOUT)[T]['fields'][number]['name'];

export type Fields<T extends RecordType> = { [K in FieldName<T>]: string };

/** One row of a table: its values by standard column name ('' where the export has none), and where it came from. */
export interface LegacyRecord<T extends RecordType = RecordType> {
  type: T;
  /** 1-based data row in its table (the header is row 0), stable across runs: the record's place in the report. */
  row: number;
  fields: Fields<T>;
}

export type UnitRecord = LegacyRecord<'unit'>;
export type RightRecord = LegacyRecord<'right'>;
export type CertificateRecord = LegacyRecord<'certificate'>;
export type MortgageRecord = LegacyRecord<'mortgage'>;
export type SeizureRecord = LegacyRecord<'seizure'>;
export type NoticeRecord = LegacyRecord<'notice'>;
export type ObjectionRecord = LegacyRecord<'objection'>;
export type HouseholdRecord = LegacyRecord<'household'>;
export type AnyLegacyRecord = { [T in RecordType]: LegacyRecord<T> }[RecordType];

/** Standard code values of the enumerated columns (a mapping file translates an export's own values to these). */
export const CO_OWNERSHIP = ['SOLE', 'JOINT', 'SHARES'] as const;
export const RIGHT_STATUS = ['CURRENT', 'HISTORICAL'] as const;
export const CERTIFICATE_STATUS = ['VALID', 'SUPERSEDED', 'CANCELLED'] as const;
export const MORTGAGE_STATUS = ['LIVE', 'CANCELLED'] as const;
export const SEIZURE_KIND = ['SEIZURE', 'PRE_SEIZURE'] as const;
export const SEIZURE_STATUS = ['ACTIVE', 'QUEUED'] as const;
export const YES_NO = ['Y', 'N'] as const;

/** The column names of a table, in layout order (the header a standard export carries). */
export function columnsOf(type: RecordType): string[] {
  return LAYOUT[type].fields.map((spec) => spec.name);
}

/** The identity of a record in reports and indexes: its legacy id, or for a household its house code. */
export function recordId(record: AnyLegacyRecord): string {
  return record.type === 'household' ? record.fields.house_code : record.fields.legacy_id;
}

/** Splits a list cell; an empty cell is an empty list. */
export function splitList(cell: string): string[] {
  return cell === '' ? [] : cell.split(LIST_SEPARATOR);
}
