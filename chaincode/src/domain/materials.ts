import { RuleError } from './errors';
import { REGISTRATION_TYPES, type RegistrationType } from './model';
import { TIME_LIMIT_WORKING_DAYS } from './time-limits';

/**
 * The business types (业务类型) and what each needs: the materials checklist (一次性告知), the
 * fields of the application, the departments a one-window case passes and the time limit. The
 * API serves them (GET /business-types) from here, and intake checks against the same tables.
 */

/** Every document type a checklist names, with the name the applicant knows it by. */
export const MATERIAL_NAMES = {
  ID_DOCUMENT: '申请人身份证明',
  BUSINESS_LICENSE: '营业执照（单位申请人）',
  LAND_USE_CERTIFICATE: '国有建设用地使用权证明',
  COMPLETION_ACCEPTANCE: '建设工程竣工验收材料',
  SURVEY_REPORT: '房屋测绘报告',
  SALE_CONTRACT: '房屋买卖合同',
  TAX_VOUCHER: '完税凭证',
  TAX_EXEMPTION: '减免税证明',
  CHANGE_EVIDENCE: '变更证明材料',
  CORRECTION_EVIDENCE: '更正证明材料',
  CANCELLATION_EVIDENCE: '注销原因证明材料',
  TITLE_CERTIFICATE: '不动产权属证书',
  MORTGAGE_CONTRACT: '抵押合同',
  MAXIMUM_AMOUNT_MORTGAGE_CONTRACT: '最高额抵押合同',
  LOAN_CONTRACT: '主债权合同',
  LOAN_CONTRACT_WITH_MORTGAGE_CLAUSE: '含抵押条款的主债权合同',
  CONTINUOUS_CREDIT_CONTRACT: '一定期间内将要连续发生债权的合同',
  MORTGAGE_RELEASE: '抵押权消灭的材料',
  EFFECTIVE_JUDGMENT: '证实抵押权已消灭的生效法律文书',
  NOTICE_AGREEMENT: '预告登记约定',
  RESIDENCE_CONTRACT: '居住权合同',
  RESIDENCE_WILL: '设立居住权的遗嘱',
} as const;

export type MaterialType = keyof typeof MATERIAL_NAMES;

export interface MaterialRequirement {
  type: MaterialType;
  /** Documents accepted in its place. */
  alternatives: readonly MaterialType[];
}

const need = (type: MaterialType, ...alternatives: MaterialType[]): MaterialRequirement => ({ type, alternatives });
// An organisation proves who it is with its business licence (reference/004).
const ID = need('ID_DOCUMENT', 'BUSINESS_LICENSE');

/**
 * The checklists after the national guide and the mortgage and mortgage-cancellation lists of
 * reference/004 (a loan contract with a mortgage clause replaces the mortgage contract; a court
 * judgment proves a mortgage ended when one party applies alone). The ledger keeps only each
 * document's type and SHA-256.
 */
export const MATERIAL_REQUIREMENTS: Record<RegistrationType, readonly MaterialRequirement[]> = {
  FIRST: [ID, need('LAND_USE_CERTIFICATE'), need('COMPLETION_ACCEPTANCE'), need('SURVEY_REPORT')],
  TRANSFER: [ID, need('SALE_CONTRACT'), need('TAX_VOUCHER', 'TAX_EXEMPTION')],
  CHANGE: [ID, need('CHANGE_EVIDENCE'), need('TITLE_CERTIFICATE')],
  CORRECTION: [ID, need('CORRECTION_EVIDENCE')],
  CANCELLATION: [ID, need('CANCELLATION_EVIDENCE'), need('TITLE_CERTIFICATE')],
  MORTGAGE: [
    ID,
    need('MORTGAGE_CONTRACT', 'MAXIMUM_AMOUNT_MORTGAGE_CONTRACT', 'LOAN_CONTRACT_WITH_MORTGAGE_CLAUSE'),
    need('LOAN_CONTRACT', 'LOAN_CONTRACT_WITH_MORTGAGE_CLAUSE', 'CONTINUOUS_CREDIT_CONTRACT'),
    need('TITLE_CERTIFICATE'),
  ],
  MORTGAGE_CANCELLATION: [ID, need('MORTGAGE_RELEASE', 'EFFECTIVE_JUDGMENT')],
  NOTICE: [ID, need('SALE_CONTRACT'), need('NOTICE_AGREEMENT')],
  RESIDENCE: [ID, need('RESIDENCE_CONTRACT', 'RESIDENCE_WILL'), need('TITLE_CERTIFICATE')],
};

/** The document type each checklist item asks for first: one complete set of materials. */
export const MATERIALS_CHECKLIST = Object.fromEntries(
  REGISTRATION_TYPES.map((t): [RegistrationType, readonly MaterialType[]] => [t, MATERIAL_REQUIREMENTS[t].map((m) => m.type)]),
) as Record<RegistrationType, readonly MaterialType[]>;

export function missingMaterials(type: RegistrationType, provided: ReadonlyArray<{ type: string }>): MaterialRequirement[] {
  const have = new Set(provided.map((d) => d.type));
  return MATERIAL_REQUIREMENTS[type].filter((m) => !have.has(m.type) && !m.alternatives.some((a) => have.has(a)));
}

/** Refuses a case whose checklist is not complete, naming each missing item and what may replace it. */
export function checkMaterials(type: RegistrationType, provided: ReadonlyArray<{ type: string }>, field: string): void {
  const missing = missingMaterials(type, provided);
  if (missing.length === 0) return;
  const items = missing.map((m) => (m.alternatives.length ? `${m.type} (or ${m.alternatives.join(' or ')})` : m.type));
  throw new RuleError('MATERIALS_INCOMPLETE', `${field}: missing for ${type}: ${items.join(', ')}`, { field });
}

/** Which certificate a recorded registration produces, if any. */
export const CERTIFICATE_OF: Record<RegistrationType, 'TITLE' | 'PROOF' | undefined> = {
  FIRST: 'TITLE',
  TRANSFER: 'TITLE',
  CHANGE: 'TITLE',
  CORRECTION: 'TITLE',
  CANCELLATION: undefined,
  MORTGAGE: 'PROOF',
  MORTGAGE_CANCELLATION: undefined,
  NOTICE: 'PROOF',
  RESIDENCE: 'PROOF',
};

/** Fields of the registration application each type needs besides the common ones. */
export const REQUIRED_FIELDS: Record<RegistrationType, ReadonlyArray<'contractId' | 'taxId' | 'mortgage' | 'targetRightId' | 'change'>> = {
  FIRST: [],
  TRANSFER: ['contractId', 'taxId'],
  CHANGE: ['change'],
  CORRECTION: ['change'],
  CANCELLATION: [],
  MORTGAGE: ['mortgage'],
  MORTGAGE_CANCELLATION: ['targetRightId'],
  NOTICE: [],
  RESIDENCE: [],
};

export const DEPARTMENTS = ['HOUSING', 'TAX', 'REGISTRY'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/**
 * The departments a one-window case of each type passes (一窗受理): a sale is filed by housing
 * (网签备案) and cleared by tax (完税) before the registry registers it.
 */
export const CASE_DEPARTMENTS: Record<RegistrationType, readonly Department[]> = {
  FIRST: ['REGISTRY'],
  TRANSFER: ['HOUSING', 'TAX', 'REGISTRY'],
  CHANGE: ['REGISTRY'],
  CORRECTION: ['REGISTRY'],
  CANCELLATION: ['REGISTRY'],
  MORTGAGE: ['REGISTRY'],
  MORTGAGE_CANCELLATION: ['REGISTRY'],
  NOTICE: ['HOUSING', 'REGISTRY'],
  RESIDENCE: ['REGISTRY'],
};

export const BUSINESS_TYPE_NAMES: Record<RegistrationType, string> = {
  FIRST: '首次登记',
  TRANSFER: '转移登记',
  CHANGE: '变更登记',
  CORRECTION: '更正登记',
  CANCELLATION: '注销登记',
  MORTGAGE: '抵押权首次登记',
  MORTGAGE_CANCELLATION: '抵押权注销登记',
  NOTICE: '预告登记',
  RESIDENCE: '居住权登记',
};

export interface BusinessType {
  type: RegistrationType;
  name: string;
  certificate: 'TITLE' | 'PROOF' | null;
  timeLimitWorkingDays: number;
  departments: Department[];
  requiredFields: string[];
  materials: Array<{ type: MaterialType; name: string; alternatives: Array<{ type: MaterialType; name: string }> }>;
}

/** One business type as portals show it to applicants (办事指南). */
export function describeBusinessType(type: RegistrationType): BusinessType {
  const named = (t: MaterialType) => ({ type: t, name: MATERIAL_NAMES[t] });
  return {
    type,
    name: BUSINESS_TYPE_NAMES[type],
    certificate: CERTIFICATE_OF[type] ?? null,
    timeLimitWorkingDays: TIME_LIMIT_WORKING_DAYS[type],
    departments: [...CASE_DEPARTMENTS[type]],
    requiredFields: [...REQUIRED_FIELDS[type]],
    materials: MATERIAL_REQUIREMENTS[type].map((m) => ({ ...named(m.type), alternatives: m.alternatives.map(named) })),
  };
}
