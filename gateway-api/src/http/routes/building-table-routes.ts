import { z } from 'zod';
import { zHousehold, zProjectBuildingTable } from '@estate-ledger/api-schemas';
import { zHouseCode, zId } from '@estate-ledger/chaincode';
import { BuildingTableQueries } from '../../read-model/building-table-queries';
import { scope } from '../access-policy';
import { route, type AnyRoute } from '../route-spec';
import { viewerOf } from './query-routes';

/** Building tables (楼盘表) for every staff role, within their districts: a household is readable before it is linked to a unit. */
export function buildingTableRoutes(d: { buildingTables: BuildingTableQueries }): AnyRoute[] {
  const staff = scope('staff.read');
  return [
    route<{ projectId: string }>({
      operationId: 'getProject', method: 'get', path: '/projects/{projectId}', tag: 'Building tables', summary: 'A project building table (楼盘表): its buildings and every household, linked to a unit number or not', access: staff,
      params: z.strictObject({ projectId: zId('projectId') }), response: { status: 200, description: 'The project', schema: zProjectBuildingTable },
      handle: async (c) => ({ body: await d.buildingTables.project(c.params.projectId, viewerOf(c.principal)) }),
    }),
    route<{ houseCode: string }>({
      operationId: 'getHousehold', method: 'get', path: '/households/{houseCode}', tag: 'Building tables', summary: 'A household (房屋编码) and the unit number it is linked to, if any', access: staff,
      params: z.strictObject({ houseCode: zHouseCode }), response: { status: 200, description: 'The household', schema: zHousehold },
      handle: async (c) => ({ body: await d.buildingTables.household(c.params.houseCode, viewerOf(c.principal)) }),
    }),
  ];
}
