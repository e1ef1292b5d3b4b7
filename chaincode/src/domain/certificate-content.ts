import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { Certificate, Holder, Unit } from './model';

export type RightType = Certificate['rightType'];

/**
 * What a certificate states about its own right: the one list that the certificate document,
 * its content fingerprint and the verifier all read (DESIGN §4).
 *
 * A change to one of these fields on the register makes the certificate VALID_BUT_OUTDATED (the
 * register prevails, Civil Code 217). Everything else recorded on the unit (a mortgage, a seizure,
 * an advance notice, an objection, a residence right) is a restriction listed beside the answer,
 * never a change of what this certificate says.
 *
 * `unit` fields are read from the unit, `right` fields from the right the certificate was issued
 * for. Parties are their references: a reference stands for one identity (name, ID number).
 */
export const CERTIFICATE_STATES = {
  /**
   * 不动产权证书 (kind TITLE): 权利人 with their shares and 共有情况, 坐落, 不动产单元号, 权利类型,
   * 用途, 面积 (建筑 / 套内 / 分摊) and, under 权利其他状况, 房屋结构. The unit model has no
   * land-use term (使用期限), so none is stated.
   */
  OWNERSHIP: { unit: ['unitNumber', 'location', 'use', 'structure', 'areas'], right: ['holders', 'coOwnership'] },
  /**
   * 不动产登记证明 for a mortgage (他项权, kind PROOF): 权利人 (the creditor), 义务人 (the mortgagors),
   * 坐落, 不动产单元号 and, under 其他: 抵押面积, 被担保主债权数额 and whether it is a maximum-amount
   * mortgage, the registered no-transfer agreement, 债务履行期限, 担保范围 (when registered) and 顺位;
   * for a mortgage over several units (一个抵押权多个不动产单元) one proof lists every 不动产单元号
   * (`units`), the unit fields being those of the first.
   */
  MORTGAGE: { unit: ['unitNumber', 'location', 'areas'], right: ['creditor', 'mortgagors', 'amount', 'maximumAmount', 'noTransfer', 'termStart', 'termEnd', 'scope', 'rank', 'units'] },
  /**
   * 不动产登记证明 for an advance notice (预告登记): 权利人, 坐落, 不动产单元号, 面积, the sale contract it
   * secures; for a mortgage notice (预抵押) the 权利人 is the mortgagee, and the 义务人 (mortgagors),
   * 被担保主债权数额 and 债务履行期限 are stated as on a mortgage's proof.
   */
  NOTICE: { unit: ['unitNumber', 'location', 'areas'], right: ['holders', 'contractId', 'mortgagors', 'amount', 'maximumAmount', 'termStart', 'termEnd'] },
  /** 不动产登记证明 for a residence right (居住权): 权利人, 坐落, 不动产单元号, 面积, 期限. */
  RESIDENCE: { unit: ['unitNumber', 'location', 'areas'], right: ['holders', 'until'] },
} as const satisfies Record<RightType, { unit: ReadonlyArray<keyof Unit>; right: readonly string[] }>;

/** The content one certificate states, with parties as references; `right` holds only the listed fields. */
export interface StatedContent {
  rightType: RightType;
  unitNumber: string;
  location: string;
  use?: string;
  structure?: string;
  areas?: Unit['areas'];
  right: {
    holders?: Holder[];
    coOwnership?: string;
    creditor?: string;
    mortgagors?: string[];
    [field: string]: unknown;
  };
}

const pick = (from: object, fields: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(fields.filter((f) => (from as Record<string, unknown>)[f] !== undefined).map((f) => [f, (from as Record<string, unknown>)[f]]));

/** The right `rightId` as the register holds it now, as one flat record; undefined once it is off the register. */
function rightOnRegister(unit: Unit, rightId: string): { rightType: RightType; record: Record<string, unknown> } | undefined {
  const own = unit.ownership;
  if (own?.rightId === rightId) return { rightType: 'OWNERSHIP', record: { holders: own.holders.map((h) => pick(h, ['party', 'share'])), coOwnership: own.coOwnership } };
  const m = unit.mortgages.find((x) => x.rightId === rightId);
  if (m) return { rightType: 'MORTGAGE', record: { ...m } };
  const n = unit.notices.find((x) => x.rightId === rightId);
  if (n) return { rightType: 'NOTICE', record: { ...n, ...(n.mortgage && { mortgagors: n.mortgage.mortgagors, ...n.mortgage.terms }), holders: n.holders.map((party) => ({ party })) } };
  const r = unit.residence.find((x) => x.rightId === rightId);
  if (r) return { rightType: 'RESIDENCE', record: { ...r, holders: r.holders.map((party) => ({ party })) } };
  return undefined;
}

/** What a certificate for right `rightId` states, read from the register now; undefined when that right is no longer on it. */
export function statedContent(unit: Unit, rightId: string): StatedContent | undefined {
  const found = rightOnRegister(unit, rightId);
  if (!found) return undefined;
  const fields = CERTIFICATE_STATES[found.rightType];
  return { rightType: found.rightType, ...(pick(unit, fields.unit) as Pick<StatedContent, 'unitNumber' | 'location'>), right: pick(found.record, fields.right) };
}

/** SHA-256 (hex) of the canonical JSON of stated content: equal exactly when the certificate's own content is unchanged. */
export function contentFingerprint(content: StatedContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The fingerprint of what a certificate for `rightId` would state today; undefined when the right is off the register. */
export function currentContentFingerprint(unit: Unit, rightId: string): string | undefined {
  const content = statedContent(unit, rightId);
  return content && contentFingerprint(content);
}

/** Fingerprints of every right on the unit's register, by right id (the read model keeps them beside the unit). */
export function contentFingerprints(unit: Unit): Record<string, string> {
  const ids = [unit.ownership?.rightId, ...unit.mortgages.map((m) => m.rightId), ...unit.notices.map((n) => n.rightId), ...unit.residence.map((r) => r.rightId)];
  const out: Record<string, string> = {};
  for (const id of ids) {
    const fp = id === undefined ? undefined : currentContentFingerprint(unit, id);
    if (id !== undefined && fp !== undefined) out[id] = fp;
  }
  return out;
}
