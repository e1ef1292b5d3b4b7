import { inject, injectable } from 'tsyringe';
import type { LinkageProposal, LinkageQueue, LinkageRate, LinkageRun } from '@estate-ledger/api-schemas';
import type { Household, RegistryUnit as DeclaredUnit } from '@estate-ledger/chaincode';
import type { StaffPrincipal } from '../auth/principal';
import { AuditLog } from '../audit/audit-log';
import { LedgerRuleRefusal, TransactionInvalidError } from '../ledger/ledger-errors';
import { matchKeys, proposeLinks, type Candidate, type HouseholdToLink, type LinkProposal, type RegistryUnit } from '../linkage/linker';
import type { ReadDb } from '../read-model/read-db';
import type { Clock } from '../register-clock';
import { CLOCK, READ_DB } from '../tokens';
import { LinkageError } from './application-errors';
import { CommandService } from './command-service';

/** Auto-links submitted at once: enough to keep the ledger busy without starving other callers. */
const LINK_CONCURRENCY = 8;

interface ProposalRow {
  house_code: string;
  project_id: string;
  district: string;
  status: LinkageProposal['status'];
  unit_number: string | null;
  score: string | number | null;
  candidates: Candidate[];
  decided_by: string | null;
  reason: string | null;
  updated_at: Date | string;
}

const view = (r: ProposalRow): LinkageProposal => ({
  houseCode: r.house_code,
  projectId: r.project_id,
  district: r.district,
  status: r.status,
  unitNumber: r.unit_number,
  score: r.score === null ? null : Number(r.score),
  candidates: r.candidates,
  decidedBy: r.decided_by,
  reason: r.reason,
  updatedAt: new Date(r.updated_at).toISOString(),
});

export type LinkageDecision = { decision: 'CONFIRM' } | { decision: 'PICK'; unitNumber: string } | { decision: 'REJECT'; reason: string };

/**
 * Linkage at scale (挂接): runs the auto-linker over a project's unlinked households against the
 * registry's units, links the sure matches on the ledger (BuildingTable:linkUnit) and keeps the
 * rest in linkage_proposals for a registry clerk, whose confirm, pick and reject are linked on the
 * ledger and audited in the same way.
 */
@injectable()
export class LinkageService {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CommandService) private readonly commands: CommandService,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Runs the linker over the project's households not yet linked nor rejected. Its candidates are
   * `units` when the caller gives them; otherwise the registry units of the project's district
   * declared on the ledger and not yet linked, as the read model holds them.
   */
  async run(principal: StaffPrincipal, projectId: string, units: RegistryUnit[] | undefined, requestId: string): Promise<LinkageRun> {
    const district = await this.projectDistrict(principal, projectId);
    const rows = await this.db.query<{ doc: Household }>(
      `SELECT h.doc FROM households h LEFT JOIN linkage_proposals p ON p.house_code = h.house_code
        WHERE h.project_id = $1 AND h.unit_number IS NULL AND (p.status IS NULL OR p.status = 'QUEUED') ORDER BY h.house_code`,
      [projectId],
      'linkage_unlinked_households',
    );
    const households = rows.map(({ doc: h }) => ({ houseCode: h.houseCode, projectId: h.projectId, district: h.district, location: h.location, floor: h.floor, room: h.room, area: h.areas.building }));
    const pool = units ? await this.unlinkedOf(units, district) : await this.declaredCandidates(households, district);
    const proposals = proposeLinks(households, pool);
    let autoLinked = 0;
    for (let i = 0; i < proposals.length; i += LINK_CONCURRENCY) {
      await Promise.all(
        proposals.slice(i, i + LINK_CONCURRENCY).map(async (p) => {
          const linked = p.decision === 'AUTO' && (await this.autoLink(principal, p, requestId));
          if (linked) autoLinked++;
          await this.save(p, linked ? { status: 'AUTO_LINKED', unitNumber: p.candidates[0].unitNumber, score: p.candidates[0].score, by: 'linker' } : { status: 'QUEUED' });
        }),
      );
    }
    return { projectId, considered: proposals.length, autoLinked, queued: proposals.length - autoLinked, rate: await this.rate(principal, projectId) };
  }

  async queue(principal: StaffPrincipal, projectId: string, page: { offset: number; limit: number }): Promise<LinkageQueue> {
    await this.projectDistrict(principal, projectId);
    const items = await this.db.query<ProposalRow>(
      `SELECT * FROM linkage_proposals WHERE project_id = $1 AND status = 'QUEUED' ORDER BY house_code OFFSET $2 LIMIT $3`,
      [projectId, page.offset, page.limit],
      'linkage_queue',
    );
    const [count] = await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM linkage_proposals WHERE project_id = $1 AND status = 'QUEUED'`, [projectId], 'linkage_queue_count');
    return { projectId, total: Number(count?.n ?? 0), offset: page.offset, limit: page.limit, items: items.map(view) };
  }

  async decide(principal: StaffPrincipal, houseCode: string, d: LinkageDecision, requestId: string): Promise<LinkageProposal> {
    const [row] = await this.db.query<ProposalRow>('SELECT * FROM linkage_proposals WHERE house_code = $1', [houseCode], 'linkage_proposal');
    if (!row || !principal.districts.includes(row.district)) throw new LinkageError('LINKAGE_PROPOSAL_NOT_FOUND', `No linkage proposal for house code ${houseCode}`, 'houseCode');
    if (row.status !== 'QUEUED') throw new LinkageError('LINKAGE_ALREADY_DECIDED', `The proposal for ${houseCode} is ${row.status}`, 'houseCode');
    if (d.decision === 'REJECT') {
      this.audit.record({ kind: 'SUBMISSION', actor: principal.subject, msp: principal.msp, role: principal.role, district: row.district, requestId, fn: 'Linkage:reject', detail: { houseCode, reason: d.reason } });
      return this.save(this.asProposal(row), { status: 'REJECTED', by: principal.subject, reason: d.reason });
    }
    const unitNumber = d.decision === 'CONFIRM' ? row.candidates[0]?.unitNumber : d.unitNumber;
    const candidate = row.candidates.find((c) => c.unitNumber === unitNumber);
    if (!unitNumber || !candidate) {
      throw new LinkageError('VALIDATION_FAILED', `unitNumber: ${unitNumber ?? '(none)'} is not a candidate of house code ${houseCode}`, 'unitNumber', 'LINKAGE_CANDIDATE');
    }
    // The ledger link is audited by the command service like any other submission.
    await this.commands.submit({ principal, fn: 'BuildingTable:linkUnit', input: { houseCode, unitNumber }, tenancy: { from: 'record', fn: 'Unit:household', idField: 'houseCode' }, requestId });
    return this.save(this.asProposal(row), { status: d.decision === 'CONFIRM' ? 'CONFIRMED' : 'PICKED', unitNumber, score: candidate.score, by: principal.subject });
  }

  async rate(principal: StaffPrincipal, projectId: string): Promise<LinkageRate> {
    const district = await this.projectDistrict(principal, projectId);
    const [h] = await this.db.query<{ n: string; linked: string }>(
      'SELECT count(*) AS n, count(unit_number) AS linked FROM households WHERE project_id = $1',
      [projectId],
      'linkage_rate_households',
    );
    const byStatus = new Map(
      (await this.db.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM linkage_proposals WHERE project_id = $1 GROUP BY status', [projectId], 'linkage_rate_statuses')).map((r) => [r.status, Number(r.n)]),
    );
    const [awaiting] = await this.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM registry_units r WHERE r.district = $1 AND NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_number = r.unit_number)',
      [district],
      'linkage_rate_registry_units',
    );
    const households = Number(h?.n ?? 0);
    const linked = Number(h?.linked ?? 0);
    return {
      projectId,
      households,
      linked,
      autoLinked: byStatus.get('AUTO_LINKED') ?? 0,
      confirmed: (byStatus.get('CONFIRMED') ?? 0) + (byStatus.get('PICKED') ?? 0),
      queued: byStatus.get('QUEUED') ?? 0,
      rejected: byStatus.get('REJECTED') ?? 0,
      rate: households === 0 ? 0 : Math.round((linked / households) * 10_000) / 10_000,
      registryUnitsAwaiting: Number(awaiting?.n ?? 0),
    };
  }

  /** The units given that are of the district and not yet linked. */
  private async unlinkedOf(units: RegistryUnit[], district: string): Promise<RegistryUnit[]> {
    const taken = new Set(
      (await this.db.query<{ unit_number: string }>('SELECT unit_number FROM units WHERE unit_number = ANY($1)', [units.map((u) => u.unitNumber)], 'linkage_taken_units')).map((r) => r.unit_number),
    );
    return units.filter((u) => u.district === district && !taken.has(u.unitNumber));
  }

  /** The district's declared registry units not yet linked that share a room (or, without one, a floor) with one of the households. */
  private async declaredCandidates(households: HouseholdToLink[], district: string): Promise<RegistryUnit[]> {
    if (households.length === 0) return [];
    const keys = households.map((h) => matchKeys(h.location, h.building, h.floor, h.room));
    const rooms = [...new Set(keys.flatMap((k) => (k.room === undefined ? [] : [k.room])))];
    const floors = [...new Set(keys.flatMap((k) => (k.room === undefined && k.floor !== undefined ? [k.floor] : [])))];
    const rows = await this.db.query<{ doc: DeclaredUnit }>(
      `SELECT r.doc FROM registry_units r
        WHERE r.district = $1 AND (r.match_room = ANY($2::text[]) OR r.match_floor = ANY($3::int[]))
          AND NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_number = r.unit_number)
        ORDER BY r.unit_number`,
      [district, rooms, floors],
      'linkage_declared_units',
    );
    return rows.map(({ doc: u }) => ({ unitNumber: u.unitNumber, district: u.district, location: u.location, building: u.building, floor: u.floor, room: u.room, area: u.area }));
  }

  /** A sure match is linked on the ledger; a refusal (someone linked it meanwhile) sends it to the clerk instead. */
  private async autoLink(principal: StaffPrincipal, p: LinkProposal, requestId: string): Promise<boolean> {
    try {
      await this.commands.submit({ principal, fn: 'BuildingTable:linkUnit', input: { houseCode: p.houseCode, unitNumber: p.candidates[0].unitNumber }, tenancy: { from: 'record', fn: 'Unit:household', idField: 'houseCode' }, requestId });
      return true;
    } catch (err) {
      if (err instanceof LedgerRuleRefusal || err instanceof TransactionInvalidError) return false;
      throw err;
    }
  }

  private asProposal(r: ProposalRow): LinkProposal {
    return { houseCode: r.house_code, projectId: r.project_id, district: r.district, candidates: r.candidates, decision: 'QUEUED' };
  }

  private async save(p: LinkProposal, s: { status: LinkageProposal['status']; unitNumber?: string; score?: number; by?: string; reason?: string }): Promise<LinkageProposal> {
    const [row] = await this.db.query<ProposalRow>(
      `INSERT INTO linkage_proposals (house_code, project_id, district, status, unit_number, score, candidates, decided_by, reason, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10)
       ON CONFLICT (house_code) DO UPDATE SET status = EXCLUDED.status, unit_number = EXCLUDED.unit_number, score = EXCLUDED.score,
         candidates = EXCLUDED.candidates, decided_by = EXCLUDED.decided_by, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [p.houseCode, p.projectId, p.district, s.status, s.unitNumber ?? null, s.score ?? null, JSON.stringify(p.candidates), s.by ?? null, s.reason ?? null, this.clock.now().toISOString()],
      'linkage_save',
    );
    return view(row as ProposalRow);
  }

  private async projectDistrict(principal: StaffPrincipal, projectId: string): Promise<string> {
    const [row] = await this.db.query<{ district: string }>("SELECT doc->>'district' AS district FROM projects WHERE project_id = $1", [projectId], 'linkage_project');
    if (!row || !principal.districts.includes(row.district)) throw new LinkageError('PROJECT_NOT_FOUND', `No project ${projectId} in the caller's districts`, 'projectId');
    return row.district;
  }
}
