import { z } from 'zod';
import { zBusinessType, zBusinessTypeList, type BusinessType } from '@estate-ledger/api-schemas';
import { APPLIED_FOR_TYPES, describeBusinessType, type RegistrationType } from '@estate-ledger/chaincode';
import { PUBLIC } from '../access-policy';
import { route, type AnyRoute } from '../route-spec';

/** The chaincode's tables, as the API documents them; the compiler keeps the two shapes one. */
const view = (type: RegistrationType): BusinessType => describeBusinessType(type);

/**
 * What each business type needs (一次性告知): public, as the national guide asks the materials
 * checklist and time limits to be disclosed, so a portal can check an application before sending it.
 */
export function businessTypeRoutes(): AnyRoute[] {
  return [
    route({
      operationId: 'listBusinessTypes', method: 'get', path: '/business-types', tag: 'Public', summary: 'Business types applicants apply for, with their materials checklist, accepted alternatives, time limits and departments (public)', access: PUBLIC,
      response: { status: 200, description: 'Every business type', schema: zBusinessTypeList },
      handle: async () => ({ body: { items: APPLIED_FOR_TYPES.map(view) } }),
    }),
    route<{ type: RegistrationType }>({
      operationId: 'getBusinessType', method: 'get', path: '/business-types/{type}', tag: 'Public', summary: 'One business type: materials checklist, accepted alternatives, time limit and departments (public)', access: PUBLIC,
      params: z.strictObject({ type: z.enum(APPLIED_FOR_TYPES) }), response: { status: 200, description: 'The business type', schema: zBusinessType },
      handle: async (c) => ({ body: view(c.params.type) }),
    }),
  ];
}
