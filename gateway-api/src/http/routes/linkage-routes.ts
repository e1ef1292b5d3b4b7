import { z } from 'zod';
import * as S from '@estate-ledger/api-schemas';
import { zDistrict, zHouseCode, zId, zText, zUnitNumber } from '@estate-ledger/chaincode';
import type { LinkageDecision, LinkageService } from '../../application/linkage-service';
import type { RegistryUnit } from '../../linkage/linker';
import { action, scope } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute } from '../route-spec';
import { zQueryInt } from './query-routes';

/** A run may carry a unit list of the project's district (in place of the declared registry units), of at most this many units. */
const MAX_UNITS = 5_000;

const zRegistryUnit = z.strictObject({
  unitNumber: zUnitNumber,
  district: zDistrict,
  location: zText(200),
  building: zText(20).optional(),
  floor: z.int().min(-10).max(300).optional(),
  room: zText(20).optional(),
  area: z.string().regex(/^\d{1,6}(\.\d{1,4})?$/, 'must be a decimal area in m²'),
});

/**
 * Linkage at scale (挂接): registrars run the auto-linker and decide on the queue (each link is a
 * ledger BuildingTable:linkUnit); registry clerks see the queue and the linkage rate.
 */
export function linkageRoutes(d: { linkage: LinkageService }): AnyRoute[] {
  const tag = 'Linkage';
  const projectParam = z.strictObject({ projectId: zId('projectId') });
  const houseParam = z.strictObject({ houseCode: zHouseCode });
  const runBody = z.strictObject({
    units: z.array(zRegistryUnit).min(1).max(MAX_UNITS).optional().meta({ description: "Without: the registry units of the project's district declared on the ledger (POST /registry-units) and not yet linked" }),
  });
  const decisionBody = z.discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('CONFIRM') }),
    z.strictObject({ decision: z.literal('PICK'), unitNumber: zUnitNumber }),
    z.strictObject({ decision: z.literal('REJECT'), reason: zText(200) }),
  ]);
  const caller = <P>(p: P | undefined): P => {
    if (!p) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
    return p;
  };
  return [
    route<{ projectId: string }, Record<string, never>, { units?: RegistryUnit[] }>({
      operationId: 'runLinkage', method: 'post', path: '/projects/{projectId}/linkage/run', tag, access: action('unit.link'),
      summary: "Run the auto-linker over a project's unlinked households against the registry's unlinked units: sure matches are linked on the ledger, the rest queued for a clerk",
      params: projectParam, body: runBody, response: { status: 200, description: 'Linked, queued and the resulting rate', schema: S.zLinkageRun },
      handle: async (c) => ({ body: await d.linkage.run(caller(c.principal), c.params.projectId, c.body.units, c.requestId) }),
    }),
    route<{ projectId: string }, { offset: number; limit: number }>({
      operationId: 'listLinkageQueue', method: 'get', path: '/projects/{projectId}/linkage/queue', tag, access: scope('linkage.read'),
      summary: "A page of a project's proposals waiting for a registry clerk, with candidates and scores",
      params: projectParam, query: z.strictObject({ offset: zQueryInt(0).prefault('0'), limit: zQueryInt(1, 500).prefault('50') }),
      response: { status: 200, description: 'A page of the queue', schema: S.zLinkageQueue },
      handle: async (c) => ({ body: await d.linkage.queue(caller(c.principal), c.params.projectId, c.query) }),
    }),
    route<{ projectId: string }>({
      operationId: 'getLinkageRate', method: 'get', path: '/projects/{projectId}/linkage/rate', tag, access: scope('linkage.read'),
      summary: "A project's linkage rate (挂接率): households linked, auto-linked, confirmed by a clerk, queued, rejected",
      params: projectParam, response: { status: 200, description: 'The rate', schema: S.zLinkageRate },
      handle: async (c) => ({ body: await d.linkage.rate(caller(c.principal), c.params.projectId) }),
    }),
    route<{ houseCode: string }, Record<string, never>, LinkageDecision>({
      operationId: 'decideLinkage', method: 'post', path: '/linkage/{houseCode}/decision', tag, access: action('unit.link'),
      summary: 'Confirm the best candidate, pick another candidate (both linked on the ledger) or reject the proposal with a reason',
      params: houseParam, body: decisionBody, response: { status: 200, description: 'The decided proposal', schema: S.zLinkageProposal },
      handle: async (c) => ({ body: await d.linkage.decide(caller(c.principal), c.params.houseCode, c.body, c.requestId) }),
    }),
  ];
}
