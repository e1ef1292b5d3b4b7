import { z } from 'zod';

/** Linkage at scale (挂接): the auto-linker's proposals, the registry clerk's queue and the linkage rate. */

export const LINKAGE_STATUSES = ['AUTO_LINKED', 'QUEUED', 'CONFIRMED', 'PICKED', 'REJECTED'] as const;

export const zLinkageCandidate = z
  .object({ unitNumber: z.string(), score: z.number().meta({ description: '0 to 1: how well address, building, entrance, floor, room and area agree' }) })
  .meta({ id: 'LinkageCandidate', description: 'A unit number the linker offers for a household' });

export const zLinkageProposal = z
  .object({
    houseCode: z.string(),
    projectId: z.string(),
    district: z.string(),
    status: z.enum(LINKAGE_STATUSES),
    unitNumber: z.string().nullable().meta({ description: 'The unit number linked (auto, confirmed or picked)' }),
    score: z.number().nullable(),
    candidates: z.array(zLinkageCandidate).meta({ description: 'Best first' }),
    decidedBy: z.string().nullable(),
    reason: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'LinkageProposal', description: 'A household of a building table and the unit numbers proposed for it' });
export type LinkageProposal = z.infer<typeof zLinkageProposal>;

export const zLinkageQueue = z
  .object({ projectId: z.string(), total: z.int(), offset: z.int(), limit: z.int(), items: z.array(zLinkageProposal) })
  .meta({ id: 'LinkageQueue', description: "A page of a project's proposals waiting for a registry clerk" });
export type LinkageQueue = z.infer<typeof zLinkageQueue>;

export const zLinkageRate = z
  .object({
    projectId: z.string(),
    households: z.int(),
    linked: z.int().meta({ description: 'Households linked to a unit number on the ledger' }),
    autoLinked: z.int(),
    confirmed: z.int().meta({ description: 'Linked by a clerk: the best candidate confirmed or another picked' }),
    queued: z.int(),
    rejected: z.int(),
    rate: z.number().meta({ description: 'linked / households, 0 to 1' }),
    registryUnitsAwaiting: z.int().meta({ description: "Registry units of the project's district declared on the ledger and not yet linked: what a run without a unit list matches against" }),
  })
  .meta({ id: 'LinkageRate', description: "A project's linkage rate (挂接率)" });
export type LinkageRate = z.infer<typeof zLinkageRate>;

export const zLinkageRun = z
  .object({
    projectId: z.string(),
    considered: z.int().meta({ description: 'Households of the project not yet linked nor rejected' }),
    autoLinked: z.int(),
    queued: z.int(),
    rate: zLinkageRate,
  })
  .meta({ id: 'LinkageRun', description: 'What one run of the auto-linker did for a project' });
export type LinkageRun = z.infer<typeof zLinkageRun>;
