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
  APPLICATION_FORM: '不动产登记申请书',
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
  REGISTRATION_PROOF: '不动产登记证明',
  MORTGAGE_CONTRACT: '抵押合同',
  MAXIMUM_AMOUNT_MORTGAGE_CONTRACT: '最高额抵押合同',
  LOAN_CONTRACT: '主债权合同',
  LOAN_CONTRACT_WITH_MORTGAGE_CLAUSE: '含抵押条款的主债权合同',
  CONTINUOUS_CREDIT_CONTRACT: '一定期间内将要连续发生债权的合同',
  MORTGAGE_RELEASE: '抵押权消灭的材料',
  EFFECTIVE_JUDGMENT: '证实抵押权已消灭的人民法院生效法律文书',
  ARBITRAL_AWARD: '证实抵押权已消灭的仲裁委员会生效裁决书',
  NOTICE_AGREEMENT: '预告登记约定',
  NOTICE_RELEASE: '债权消灭或者权利人放弃预告登记的材料',
  CLAIM_ASSIGNMENT: '被担保主债权的转让协议',
  DEBTOR_NOTIFIED: '债权人已经通知债务人的材料',
  MORTGAGE_CHANGE_EVIDENCE: '抵押权变更的材料',
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
// 004 四.1 / 五.1: 不动产登记申请书 heads every list.
const FORM = need('APPLICATION_FORM');
// 004 四.2 / 五.2: 申请人身份证明 (营业执照 for an organisation).
const ID = need('ID_DOCUMENT', 'BUSINESS_LICENSE');
const TITLE = need('TITLE_CERTIFICATE');
// 004 四.4: 主债权合同; 四.5: 抵押合同, "主债权合同中包含抵押条款的，可以不提交单独的抵押合同书".
const LOAN = need('LOAN_CONTRACT', 'LOAN_CONTRACT_WITH_MORTGAGE_CLAUSE');
const MORTGAGE_CONTRACT = need('MORTGAGE_CONTRACT', 'LOAN_CONTRACT_WITH_MORTGAGE_CLAUSE');
// 004 五.3: 抵押权消灭的材料; 五.4: 不动产登记证明 (and the 不动产权证书 when both parties apply).
const RELEASE = need('MORTGAGE_RELEASE');
const PROOF = need('REGISTRATION_PROOF');

/**
 * The checklists. Sources, item by item (reference/004 "不动产登记业务指南—抵押权首次登记及注销登记",
 * sections 四 and 五; for the types 004 does not list, 不动产登记暂行条例实施细则, cited per line).
 * The seeds hold no text of the 细则: its articles are cited from the 2016 text (国土资源部令第63号,
 * as amended 2019) and docs/ledger.md marks which ones research/domain.md confirms.
 * The ledger keeps only each document's type and SHA-256. docs/ledger.md has the same table.
 */
export const MATERIAL_REQUIREMENTS: Record<RegistrationType, readonly MaterialRequirement[]> = {
  // 细则 35: 土地权属来源, 竣工材料, 房地产调查或者测绘报告.
  FIRST: [FORM, ID, need('LAND_USE_CERTIFICATE'), need('COMPLETION_ACCEPTANCE'), need('SURVEY_REPORT')],
  // 细则 38 / 条例 16: 不动产权属证书, 买卖合同, 完税 (契税法 11) or the exemption.
  TRANSFER: [FORM, ID, TITLE, need('SALE_CONTRACT'), need('TAX_VOUCHER', 'TAX_EXEMPTION')],
  // 细则 37: 不动产权属证书 and the evidence of the change.
  CHANGE: [FORM, ID, TITLE, need('CHANGE_EVIDENCE')],
  // 细则 79: 不动产权属证书 and proof the register is wrong.
  CORRECTION: [FORM, ID, TITLE, need('CORRECTION_EVIDENCE')],
  // 细则 28: 不动产权属证书 and the cause of cancellation.
  CANCELLATION: [FORM, ID, TITLE, need('CANCELLATION_EVIDENCE')],
  // 004 四.1–5.
  MORTGAGE: [FORM, ID, TITLE, LOAN, MORTGAGE_CONTRACT],
  // 004 五.4, first case: mortgagor and mortgagee apply together.
  MORTGAGE_CANCELLATION: [FORM, ID, RELEASE, TITLE, PROOF],
  // 细则 86: 已备案的商品房预售合同 and the parties' agreement on the notice.
  NOTICE: [FORM, ID, need('SALE_CONTRACT'), need('NOTICE_AGREEMENT')],
  // Civil Code 367 (written contract) and 371 (by will); 不动产权属证书 of the unit.
  RESIDENCE: [FORM, ID, TITLE, need('RESIDENCE_CONTRACT', 'RESIDENCE_WILL')],
  // 细则 89 (87 is the transfer notice's checklist): 不动产登记证明 and the proof the claim ended or the holder gives the notice up.
  NOTICE_CANCELLATION: [FORM, ID, PROOF, need('NOTICE_RELEASE')],
  // The objector's own request (细则 82–84 on 异议登记): the application form states it.
  OBJECTION_CANCELLATION: [FORM, ID],
  // 细则 69: 不动产权属证书, 不动产登记证明, the assignment of the secured claim, notice to the debtor.
  MORTGAGE_TRANSFER: [FORM, ID, TITLE, PROOF, need('CLAIM_ASSIGNMENT'), need('DEBTOR_NOTIFIED')],
  // 细则 68: 不动产权属证书, 不动产登记证明, 抵押权变更等必要材料; the later-ranked mortgagees' written
  // consent, where the change can harm them, travels as `consents` (one per mortgage).
  MORTGAGE_CHANGE: [FORM, ID, TITLE, PROOF, need('MORTGAGE_CHANGE_EVIDENCE')],
  // 细则 78: 抵押合同与主债权合同 (004 四.5: the loan contract may carry the mortgage clause) and the
  // 预购商品房预告登记材料, i.e. the purchase notice's 不动产登记证明; no title exists yet.
  MORTGAGE_NOTICE: [FORM, ID, LOAN, MORTGAGE_CONTRACT, PROOF],
  // 细则 81: the registry's own case; nobody applies, the ledger keeps its notice and announcement hashes.
  REGISTRY_CORRECTION: [],
};

/** A checklist that replaces the type's usual one in a named situation. */
export type ChecklistVariant = 'MAXIMUM_AMOUNT' | 'MORTGAGEE_ALONE' | 'MORTGAGOR_ALONE' | 'CONVERSION';

export const CHECKLIST_VARIANTS: Partial<Record<RegistrationType, Partial<Record<ChecklistVariant, { when: string; materials: readonly MaterialRequirement[] }>>>> = {
  MORTGAGE: {
    // 004 四.4 and 四.5: "最高额抵押的，应当提交一定期间内将要连续发生债权的合同或者其他登记原因文件…；应当提交最高额抵押合同".
    MAXIMUM_AMOUNT: {
      when: '最高额抵押',
      materials: [FORM, ID, TITLE, need('CONTINUOUS_CREDIT_CONTRACT', 'LOAN_CONTRACT'), need('MAXIMUM_AMOUNT_MORTGAGE_CONTRACT')],
    },
    // 细则 78 二款: after the buyers' ownership is registered, the mortgage notice is converted into the
    // mortgage's first registration; the contracts were examined with the notice, so the buyers'
    // new 不动产权属证书 and the notice's 不动产登记证明.
    CONVERSION: { when: '预购商品房抵押权预告登记转为抵押权首次登记', materials: [FORM, ID, TITLE, PROOF] },
  },
  MORTGAGE_CANCELLATION: {
    // 004 五.4: "抵押权人单方申请注销登记的，提交不动产登记证明".
    MORTGAGEE_ALONE: { when: '抵押权人单方申请', materials: [FORM, ID, RELEASE, PROOF] },
    // 004 五.4: "抵押人等当事人单方申请注销登记的，提交证实抵押权已消灭的人民法院、仲裁委员会作出的生效法律文书".
    MORTGAGOR_ALONE: { when: '抵押人等当事人单方申请', materials: [FORM, ID, need('EFFECTIVE_JUDGMENT', 'ARBITRAL_AWARD')] },
  },
};

export function materialRequirements(type: RegistrationType, variant?: ChecklistVariant): readonly MaterialRequirement[] {
  return (variant && CHECKLIST_VARIANTS[type]?.[variant]?.materials) || MATERIAL_REQUIREMENTS[type];
}

/** The document type each checklist item asks for first: one complete set of materials. */
export const MATERIALS_CHECKLIST = Object.fromEntries(
  REGISTRATION_TYPES.map((t): [RegistrationType, readonly MaterialType[]] => [t, MATERIAL_REQUIREMENTS[t].map((m) => m.type)]),
) as Record<RegistrationType, readonly MaterialType[]>;

export function missingMaterials(type: RegistrationType, provided: ReadonlyArray<{ type: string }>, variant?: ChecklistVariant): MaterialRequirement[] {
  const have = new Set(provided.map((d) => d.type));
  return materialRequirements(type, variant).filter((m) => !have.has(m.type) && !m.alternatives.some((a) => have.has(a)));
}

/**
 * Refuses a case whose checklist is not complete, naming each missing item and what may replace
 * it. `variant` picks the situation's checklist; 'ANY' (an application, whose situation is not
 * known yet) takes the materials if the usual checklist or any variant is complete.
 */
export function checkMaterials(type: RegistrationType, provided: ReadonlyArray<{ type: string }>, field: string, variant?: ChecklistVariant | 'ANY'): void {
  const variants = variant === 'ANY' ? Object.keys(CHECKLIST_VARIANTS[type] ?? {}) as ChecklistVariant[] : [];
  if (variants.some((v) => missingMaterials(type, provided, v).length === 0)) return;
  const missing = missingMaterials(type, provided, variant === 'ANY' ? undefined : variant);
  if (missing.length === 0) return;
  const items = missing.map((m) => (m.alternatives.length ? `${m.type} (or ${m.alternatives.join(' or ')})` : m.type));
  const situation = variant && variant !== 'ANY' ? ` (${variant})` : '';
  throw new RuleError('MATERIALS_INCOMPLETE', `${field}: missing for ${type}${situation}: ${items.join(', ')}`, { field });
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
  NOTICE_CANCELLATION: undefined,
  OBJECTION_CANCELLATION: undefined,
  MORTGAGE_TRANSFER: 'PROOF',
  MORTGAGE_CHANGE: 'PROOF',
  MORTGAGE_NOTICE: 'PROOF',
  REGISTRY_CORRECTION: 'TITLE',
};

/** Fields of the registration application each type needs besides the common ones. */
export const REQUIRED_FIELDS: Record<RegistrationType, ReadonlyArray<'contractId' | 'taxId' | 'mortgage' | 'targetRightId' | 'change' | 'newCreditor' | 'mortgageChange'>> = {
  FIRST: [],
  TRANSFER: ['contractId', 'taxId'],
  CHANGE: ['change'],
  CORRECTION: ['change'],
  CANCELLATION: [],
  MORTGAGE: ['mortgage'],
  MORTGAGE_CANCELLATION: ['targetRightId'],
  NOTICE: [],
  RESIDENCE: [],
  NOTICE_CANCELLATION: ['targetRightId'],
  OBJECTION_CANCELLATION: ['targetRightId'],
  MORTGAGE_TRANSFER: ['targetRightId', 'newCreditor'],
  MORTGAGE_CHANGE: ['targetRightId', 'mortgageChange'],
  // targetRightId: the purchase notice the mortgage notice rests on.
  MORTGAGE_NOTICE: ['targetRightId', 'mortgage'],
  REGISTRY_CORRECTION: ['change'],
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
  NOTICE_CANCELLATION: ['REGISTRY'],
  OBJECTION_CANCELLATION: ['REGISTRY'],
  MORTGAGE_TRANSFER: ['REGISTRY'],
  MORTGAGE_CHANGE: ['REGISTRY'],
  MORTGAGE_NOTICE: ['REGISTRY'],
  REGISTRY_CORRECTION: ['REGISTRY'],
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
  NOTICE_CANCELLATION: '预告登记注销',
  OBJECTION_CANCELLATION: '异议登记注销',
  MORTGAGE_TRANSFER: '抵押权转移登记',
  MORTGAGE_CHANGE: '抵押权变更登记',
  MORTGAGE_NOTICE: '预购商品房抵押权预告登记（预抵押）',
  REGISTRY_CORRECTION: '依职权更正登记',
};

export interface BusinessType {
  type: RegistrationType;
  name: string;
  certificate: 'TITLE' | 'PROOF' | null;
  timeLimitWorkingDays: number;
  departments: Department[];
  requiredFields: string[];
  materials: NamedRequirement[];
  /** Situations with a checklist of their own (最高额抵押, one party applying alone). */
  variants: Array<{ variant: ChecklistVariant; when: string; materials: NamedRequirement[] }>;
}

type NamedRequirement = { type: MaterialType; name: string; alternatives: Array<{ type: MaterialType; name: string }> };

/** One business type as portals show it to applicants (办事指南). */
export function describeBusinessType(type: RegistrationType): BusinessType {
  const named = (t: MaterialType) => ({ type: t, name: MATERIAL_NAMES[t] });
  const describe = (m: MaterialRequirement): NamedRequirement => ({ ...named(m.type), alternatives: m.alternatives.map(named) });
  return {
    type,
    name: BUSINESS_TYPE_NAMES[type],
    certificate: CERTIFICATE_OF[type] ?? null,
    timeLimitWorkingDays: TIME_LIMIT_WORKING_DAYS[type],
    departments: [...CASE_DEPARTMENTS[type]],
    requiredFields: [...REQUIRED_FIELDS[type]],
    materials: MATERIAL_REQUIREMENTS[type].map(describe),
    variants: (Object.entries(CHECKLIST_VARIANTS[type] ?? {}) as Array<[ChecklistVariant, { when: string; materials: readonly MaterialRequirement[] }]>).map(
      ([variant, v]) => ({ variant, when: v.when, materials: v.materials.map(describe) }),
    ),
  };
}
