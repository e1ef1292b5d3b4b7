import { RuleError } from './errors';
import { checkFailed, checkPassed, type Check } from './validators/result';

/**
 * A registry office (不动产登记机构): a city's registry for its districts, or a county's own registry
 * (003: 攀枝花市本级和两县). Each issues certificates under its own name with its own per-year
 * sequence (不动产权证书号: 省级简称(年份)市县名称不动产权第N号), so the name and the sequence belong
 * to the office, and a unit's certificates come from the office that serves the unit's district.
 */
export interface RegistryOffice {
  /** GB/T 2260 code of the city or county the office is named for, e.g. 511700 (达州市), 511722 (宣汉县). */
  code: string;
  /** The city or county name printed in its certificate numbers, e.g. 宣汉县. */
  issuerName: string;
  /** The office's name printed on its certificates, e.g. 宣汉县不动产登记中心. */
  registryName: string;
  /** The county-level divisions (GB/T 2260) whose units it registers. */
  districts: string[];
}

/** The office that issues certificates for units in `district`, if one is configured to serve it. */
export function issuingOfficeFor(offices: readonly RegistryOffice[] | undefined, district: string): RegistryOffice | undefined {
  return offices?.find((o) => o.districts.includes(district));
}

/** As issuingOfficeFor, refusing a district no office serves (a certificate cannot be numbered without its issuer). */
export function requireIssuingOffice(offices: readonly RegistryOffice[] | undefined, district: string): RegistryOffice {
  const office = issuingOfficeFor(offices, district);
  if (!office) {
    throw new RuleError('NO_ISSUING_OFFICE', `No registry office is configured to serve district ${district}: the administrator adds it to an office's districts (Admin:configure)`, { field: 'district' });
  }
  return office;
}

/** Office codes, issuer names and districts are each unique: two offices serving one district would number its certificates twice. */
export function checkRegistryOffices(offices: readonly RegistryOffice[]): Check<void> {
  const seen = { code: new Set<string>(), issuerName: new Set<string>(), district: new Map<string, string>() };
  for (const o of offices) {
    if (seen.code.has(o.code)) return checkFailed('OFFICE_CODE_REPEATED', `Two offices have the code ${o.code}.`);
    if (seen.issuerName.has(o.issuerName)) return checkFailed('OFFICE_ISSUER_REPEATED', `Two offices issue as ${o.issuerName}: their certificate numbers would collide.`);
    seen.code.add(o.code);
    seen.issuerName.add(o.issuerName);
    for (const d of o.districts) {
      const other = seen.district.get(d);
      if (other !== undefined) return checkFailed('OFFICE_DISTRICT_REPEATED', `District ${d} is served by both ${other} and ${o.code}; one office issues for a district.`);
      seen.district.set(d, o.code);
    }
  }
  return checkPassed(undefined);
}

/** What a district holds on the ledger: a building table, a unit's register, a registry unit awaiting linkage. */
export type DistrictHolding = 'project' | 'unit' | 'registryUnit';

/**
 * The districts a new configuration leaves without an office: those the previous one served that no
 * office serves now. Each must hold nothing on the ledger (refuseOrphanedDistrict).
 */
export function droppedDistricts(previous: readonly RegistryOffice[], next: readonly RegistryOffice[]): string[] {
  const served = new Set(next.flatMap((o) => o.districts));
  return [...new Set(previous.flatMap((o) => o.districts))].filter((d) => !served.has(d));
}

/**
 * 条例 7: a unit is registered by the registry of the county where it lies, and the register is kept
 * for good (条例 9): a district with a building table, a unit's register or a registry unit awaiting
 * linkage on the ledger keeps an office. Naming it among another office's districts hands it over.
 */
export function orphanedDistrictRefusal(district: string, holding: { kind: DistrictHolding; id: string }): RuleError {
  const what = { project: 'building table', unit: 'unit', registryUnit: 'registry unit awaiting linkage' }[holding.kind];
  return new RuleError(
    'DISTRICT_STILL_HELD',
    `District ${district} would be served by no office, but the ledger holds its ${what} ${holding.id} (and maybe more): its registry keeps its register (条例 7, 9); name the district among another office's districts to hand it over`,
    { field: 'offices' },
  );
}
