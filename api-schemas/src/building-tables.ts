import { z } from 'zod';
import { zProject } from './cases';
import { zActor, zAreas } from './common';

/** Building tables (楼盘表) as the staff who survey, link and register read them. */

export const zHousehold = z
  .object({
    houseCode: z.string().meta({ description: "The housing authority's house code (房屋编码)" }),
    projectId: z.string(),
    buildingId: z.string(),
    district: z.string(),
    location: z.string(),
    floor: z.int(),
    room: z.string(),
    use: z.string(),
    structure: z.string(),
    areas: zAreas,
    unitNumber: z.string().nullable().meta({ description: 'The unit number it is linked to (挂接); null until the registry links it' }),
    publishedBy: zActor,
    linkedBy: zActor.optional(),
    linkChanges: z
      .array(z.object({ change: z.enum(['UNLINKED', 'RELINKED_AWAY', 'RELINKED_HERE']), unitNumber: z.string(), reason: z.string(), actor: zActor }))
      .optional()
      .meta({ description: 'Links corrected after the fact (挂接纠错), each with its reason' }),
  })
  .meta({ id: 'Household', description: 'A household of a published building table, linked to a unit number or not yet' });
export type Household = z.infer<typeof zHousehold>;

export const zProjectBuildingTable = zProject
  .extend({ households: z.array(zHousehold).meta({ description: 'Every household of the project, linked or not, by house code' }) })
  .meta({ id: 'ProjectBuildingTable', description: 'A published project with its buildings and every household (楼盘表)' });
export type ProjectBuildingTable = z.infer<typeof zProjectBuildingTable>;
