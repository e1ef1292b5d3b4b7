import { z } from 'zod';
import { zItems } from './common';
import { CERTIFICATE_KINDS, REGISTRATION_TYPES } from './vocabulary';

/** The business types (业务类型) and what each needs, as portals show applicants (一次性告知). */

const zMaterialType = z.object({ type: z.string().meta({ example: 'TAX_VOUCHER' }), name: z.string().meta({ example: '完税凭证' }) });
const zChecklist = z.array(zMaterialType.extend({ alternatives: z.array(zMaterialType).meta({ description: 'Documents accepted in its place' }) }));

export const zBusinessType = z
  .object({
    type: z.enum(REGISTRATION_TYPES),
    name: z.string().meta({ example: '转移登记' }),
    certificate: z.enum(CERTIFICATE_KINDS).nullable().meta({ description: 'What a completed case issues: a certificate of title, a registration proof, or nothing' }),
    timeLimitWorkingDays: z.int().min(0).meta({ description: 'Statutory processing time limit in working days from acceptance; 0 means at once' }),
    departments: z.array(z.enum(['HOUSING', 'TAX', 'REGISTRY'])).meta({ description: 'The departments a one-window case passes, in order' }),
    requiredFields: z.array(z.string()).meta({ description: 'Fields of POST /registrations this type needs besides the common ones' }),
    materials: zChecklist.meta({ description: 'The checklist: an application or case lacking an item (and its alternatives) is refused with MATERIALS_INCOMPLETE' }),
    variants: z
      .array(z.object({ variant: z.enum(['MAXIMUM_AMOUNT', 'MORTGAGEE_ALONE', 'MORTGAGOR_ALONE', 'CONVERSION']), when: z.string().meta({ example: '抵押权人单方申请' }), materials: zChecklist }))
      .meta({ description: 'Situations with a checklist of their own, which replaces `materials` at acceptance (最高额抵押; one party applying alone)' }),
  })
  .meta({ id: 'BusinessType', description: 'A business type with its materials checklist, time limit and departments' });
export type BusinessType = z.infer<typeof zBusinessType>;
export const zBusinessTypeList = zItems(zBusinessType, 'BusinessTypeList');
