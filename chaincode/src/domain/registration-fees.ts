import { z } from 'zod';
import builtInFeeTable from './fees/fee-table.json';
import { CERTIFICATE_OF } from './materials';
import { REGISTRATION_TYPES, type RegistrationType } from './model';

/**
 * The registration fees (不动产登记费) and certificate fees (工本费) of a case, from a fee table
 * (fees/fee-table.json; the gateway may replace it by configuration, FEE_TABLE_FILE). Amounts are
 * whole fen (cents) in arithmetic and decimal strings ("80.00") in and out. Pure data and
 * arithmetic: no clock, no register.
 */

const zYuan = z.string().regex(/^\d{1,9}\.\d{2}$/, 'must be an amount in yuan with two decimals, e.g. 80.00');
const zBasis = z.string().min(1);

export const zFeeTable = z.strictObject({
  source: z.string().min(1),
  /** True while the amounts are not checked against the published notices (see the file's source). */
  assumed: z.boolean(),
  currency: z.literal('CNY'),
  registrationFee: z.strictObject({
    RESIDENTIAL: z.strictObject({ amount: zYuan, basis: zBasis }),
    NON_RESIDENTIAL: z.strictObject({ amount: zYuan, basis: zBasis }),
  }),
  residentialUses: z.strictObject({ uses: z.array(z.string().min(1)).min(1), basis: zBasis }),
  certificateCopyFee: z.strictObject({ amount: zYuan, basis: zBasis }),
  parcelIsOnePiece: z.strictObject({ basis: zBasis }),
  types: z.strictObject(
    Object.fromEntries(REGISTRATION_TYPES.map((t) => [t, z.strictObject({ charged: z.boolean(), basis: zBasis.optional() })])) as Record<
      RegistrationType,
      z.ZodObject<{ charged: z.ZodBoolean; basis: z.ZodOptional<typeof zBasis> }, z.core.$strict>
    >,
  ),
  exemptions: z.record(
    z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be an upper-case code'),
    z.strictObject({
      name: z.string().min(1),
      /** Whether the registration fee is still due under the exemption. */
      registrationFee: z.boolean(),
      /** Whether the first title certificate's 工本费 is due (it is included in the registration fee otherwise). */
      firstCertificate: z.boolean(),
      basis: zBasis,
    }),
  ),
});
export type FeeTable = z.output<typeof zFeeTable>;

/** Every business type must be priced: a new type without its line in fees/fee-table.json fails here, at load, naming it. */
export const BUILT_IN_FEE_TABLE: FeeTable = zFeeTable.parse(builtInFeeTable);

export type FeeClass = 'RESIDENTIAL' | 'NON_RESIDENTIAL';

/** What the fee of one registration depends on. */
export interface FeeSubject {
  registrationId: string;
  type: RegistrationType;
  /** Every unit the registration covers with its registered use (用途). */
  units: ReadonlyArray<{ unitNumber: string; use: string }>;
  /** The right holders a title certificate is issued to (one certificate each); 0 for types that issue none. */
  certificateHolders: number;
  /** An exemption the registry granted the case (a code of the table's exemptions). */
  exemption?: string;
}

export interface FeeLine {
  registrationId: string;
  type: RegistrationType;
  feeClass: FeeClass;
  /** 件: one per parcel (宗地) the registration covers. */
  pieces: number;
  registrationFee: string;
  certificates: number;
  certificateFee: string;
  total: string;
  exemption: string | null;
  basis: string[];
}

/** Fen (cents) of an amount in yuan with two decimals. */
export function fenOf(yuan: string): number {
  const [whole, frac] = yuan.split('.');
  return Number(whole) * 100 + Number(frac);
}
export const yuanOf = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** The parcel (宗地) of a unit number (GB/T 37346): county 6, cadastral zone and subzone 6, parcel 7. */
const parcelOf = (unitNumber: string) => unitNumber.slice(0, 19);

export class UnknownExemptionError extends Error {
  constructor(readonly code: string) {
    super(`No exemption ${code} in the fee table`);
    this.name = 'UnknownExemptionError';
  }
}

/** The fee of one registration under `table`. */
export function assessFee(table: FeeTable, subject: FeeSubject): FeeLine {
  const rule = table.types[subject.type];
  const basis: string[] = [];
  const residential = new Set(table.residentialUses.uses);
  const parcels = new Map<string, boolean>();
  for (const u of subject.units) parcels.set(parcelOf(u.unitNumber), (parcels.get(parcelOf(u.unitNumber)) ?? true) && residential.has(u.use));
  const classes = [...parcels.values()].map((r): FeeClass => (r ? 'RESIDENTIAL' : 'NON_RESIDENTIAL'));
  const feeClass: FeeClass = classes.includes('NON_RESIDENTIAL') ? 'NON_RESIDENTIAL' : 'RESIDENTIAL';
  if (parcels.size > 1 || subject.units.length > 1) basis.push(table.parcelIsOnePiece.basis);

  const exemption = subject.exemption === undefined ? undefined : table.exemptions[subject.exemption];
  if (subject.exemption !== undefined && !exemption) throw new UnknownExemptionError(subject.exemption);

  let registration = 0;
  if (!rule.charged) basis.push(rule.basis ?? `${subject.type}: no registration fee`);
  else if (exemption && !exemption.registrationFee) basis.push(exemption.basis);
  else {
    registration = classes.reduce((sum, c) => sum + fenOf(table.registrationFee[c].amount), 0);
    basis.push(...new Set(classes.map((c) => table.registrationFee[c].basis)));
    if (rule.basis) basis.push(rule.basis);
  }

  // A registration proof (登记证明) carries no 工本费; the first title certificate is free unless an
  // exemption leaves only the 工本费 due (财税〔2016〕79号 二).
  const certificates = CERTIFICATE_OF[subject.type] === 'TITLE' ? subject.certificateHolders : 0;
  const firstFree = !exemption?.firstCertificate;
  const charged = Math.max(0, certificates - (firstFree ? 1 : 0));
  const certificateFee = charged * fenOf(table.certificateCopyFee.amount);
  if (charged > 0) basis.push(table.certificateCopyFee.basis);
  if (exemption?.firstCertificate) basis.push(exemption.basis);

  return {
    registrationId: subject.registrationId,
    type: subject.type,
    feeClass,
    pieces: parcels.size,
    registrationFee: yuanOf(registration),
    certificates,
    certificateFee: yuanOf(certificateFee),
    total: yuanOf(registration + certificateFee),
    exemption: subject.exemption ?? null,
    basis: [...new Set(basis)],
  };
}
