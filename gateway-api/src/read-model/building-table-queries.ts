import { inject, injectable } from 'tsyringe';
import type { Household as HouseholdView, ProjectBuildingTable } from '@estate-ledger/api-schemas';
import { KEY, NOT_FOUND_CODES, type Household, type Project } from '@estate-ledger/chaincode';
import { ApiError } from '../http/api-error';
import { READ_DB } from '../tokens';
import { PartyDirectory, withParties } from './party-directory';
import type { ReadDb } from './read-db';
import type { Viewer } from './unit-queries';

/** A household as the API shows it: `unitNumber` null rather than absent until it is linked. */
const householdView = (h: Household): HouseholdView => ({ ...h, unitNumber: h.unitNumber ?? null });

/**
 * Building tables (楼盘表) from the read model: a project with every household, linked to a unit
 * number or not, for the staff who survey, link, register and audit them.
 */
@injectable()
export class BuildingTableQueries {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(PartyDirectory) private readonly parties: PartyDirectory,
  ) {}

  async project(projectId: string, viewer: Viewer): Promise<ProjectBuildingTable> {
    const [row] = await this.db.query<{ doc: Project }>('SELECT doc FROM projects WHERE project_id = $1', [projectId], 'project_by_id');
    if (!row || !viewer.districts.includes(row.doc.district)) {
      throw new ApiError(404, NOT_FOUND_CODES[KEY.project], `No project ${projectId} in your districts`, 'projectId');
    }
    const households = await this.db.query<{ doc: Household }>('SELECT doc FROM households WHERE project_id = $1 ORDER BY house_code', [projectId], 'project_households');
    const project = withParties(row.doc, await this.parties.views([row.doc.developer], viewer.unmasked));
    return { ...project, households: households.map((h) => householdView(h.doc)) };
  }

  async household(houseCode: string, viewer: Viewer): Promise<HouseholdView> {
    const [row] = await this.db.query<{ doc: Household }>('SELECT doc FROM households WHERE house_code = $1', [houseCode], 'household_by_code');
    if (!row || !viewer.districts.includes(row.doc.district)) {
      throw new ApiError(404, NOT_FOUND_CODES[KEY.household], `No household ${houseCode} in your districts`, 'houseCode');
    }
    return householdView(row.doc);
  }
}
