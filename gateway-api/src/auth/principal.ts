import { z } from 'zod';
import { MSP_IDS, ORGANISATIONS, zDistrict, type MspId } from '@estate-ledger/chaincode';

/** An authenticated caller: agency staff with an organisation, a role and the districts they serve. */
export interface Principal {
  subject: string;
  name: string;
  msp: MspId;
  role: string;
  court?: string;
  districts: string[];
}

export const zPrincipal = z
  .strictObject({
    subject: z.string().min(1).max(64),
    name: z.string().min(1).max(100),
    msp: z.enum(MSP_IDS as [MspId, ...MspId[]]),
    role: z.string().min(1).max(40),
    court: z.string().min(1).max(100).optional(),
    districts: z.array(zDistrict).min(1),
  })
  .refine((p) => (ORGANISATIONS[p.msp].roles as readonly string[]).includes(p.role), { message: 'role is not a role of this organisation', path: ['role'] });
