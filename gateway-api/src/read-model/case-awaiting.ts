import { CASE_DEPARTMENTS, MATERIAL_NAMES, type Application, type Department, type MaterialType } from '@estate-ledger/chaincode';

export type AwaitedFrom = 'APPLICANT' | Department | 'COURT';

export interface AwaitedStep {
  department: Department;
  from: AwaitedFrom;
  what: string;
  materials?: string[];
}

interface DepartmentProgress {
  housing: Array<{ status: string }>;
  tax: Array<{ status: string }>;
  registry: Array<{ status: string; awaitedMaterials: string[] }>;
}

/** What each registration status waits for, and from whom (登记流程: 受理 → 审核 → 登簿 → 缮证 → 发证). */
const REGISTRY_NEXT: Record<string, { from: AwaitedFrom; what: string } | undefined> = {
  APPLIED: { from: 'REGISTRY', what: '受理' },
  ACCEPTED: { from: 'REGISTRY', what: '审核' },
  REVIEWED: { from: 'REGISTRY', what: '登簿' },
  RECORDED: { from: 'REGISTRY', what: '缮证' },
  CERTIFIED: { from: 'REGISTRY', what: '发证' },
  SUSPENDED: { from: 'COURT', what: '解除查封后恢复办理' },
};

const materialName = (type: string): string => MATERIAL_NAMES[type as MaterialType] ?? type;

/**
 * 办件进度, the part an applicant asks first: what is the case waiting for now, and from whom?
 * Each department the business type passes (CASE_DEPARTMENTS) that has not finished its part
 * names its next step; a request for supplement names the materials.
 */
export function awaitedSteps(application: Pick<Application, 'businessType' | 'status'>, p: DepartmentProgress): AwaitedStep[] {
  if (application.status !== 'OPEN') return [];
  const steps: AwaitedStep[] = [];
  const passes = CASE_DEPARTMENTS[application.businessType];
  if (passes.includes('HOUSING') && !p.housing.some((c) => c.status === 'FILED' || c.status === 'CONSUMED')) {
    steps.push(p.housing.some((c) => c.status === 'SIGNED') ? { department: 'HOUSING', from: 'HOUSING', what: '合同备案' } : { department: 'HOUSING', from: 'APPLICANT', what: '网签合同' });
  }
  if (passes.includes('TAX') && !p.tax.some((t) => t.status === 'CLEARED' || t.status === 'EXEMPT')) {
    steps.push(p.tax.length > 0 ? { department: 'TAX', from: 'APPLICANT', what: '缴纳税款' } : { department: 'TAX', from: 'TAX', what: '税费核定' });
  }
  if (p.registry.length === 0) steps.push({ department: 'REGISTRY', from: 'REGISTRY', what: '受理' });
  for (const r of p.registry) {
    if (r.status === 'NEEDS_SUPPLEMENT') {
      const names = r.awaitedMaterials.map(materialName);
      steps.push({ department: 'REGISTRY', from: 'APPLICANT', what: names.length ? `补正材料：${names.join('、')}` : '补正材料', materials: r.awaitedMaterials });
      continue;
    }
    const next = REGISTRY_NEXT[r.status];
    if (next) steps.push({ department: 'REGISTRY', ...next });
  }
  return steps;
}
