import { addressParts, numberIn, type AddressParts, type RegistryUnit as DeclaredRegistryUnit } from '@estate-ledger/chaincode';

/** A household of the housing authority's building table, not yet linked to a unit number. */
export interface HouseholdToLink {
  houseCode: string;
  projectId: string;
  district: string;
  location: string;
  /** 幢号 as the table writes it ("一号楼", "1栋"), when it has the column. */
  building?: string;
  floor?: number;
  room: string;
  /** 建筑面积, m². */
  area: string;
}

/** A unit of the registry's register as the linker needs it: its description, whoever declared it and wherever it came from. */
export type RegistryUnit = Omit<DeclaredRegistryUnit, 'source' | 'declaredBy'>;

export interface Candidate {
  unitNumber: string;
  /** 0 to 1: how well address, building, entrance, floor, room and area agree. */
  score: number;
}

export interface LinkProposal {
  houseCode: string;
  projectId: string;
  district: string;
  /** Best first, at most MAX_CANDIDATES. */
  candidates: Candidate[];
  /** AUTO: link without a clerk; QUEUED: a registry clerk confirms, rejects or picks another candidate. */
  decision: 'AUTO' | 'QUEUED';
}

/** Linked without a clerk only at this score and this lead over the runner-up (and when no other household wants the same unit). */
export const AUTO_LINK_SCORE = 0.9;
export const AUTO_LINK_MARGIN = 0.1;
const MAX_CANDIDATES = 3;

interface Described {
  parts: AddressParts;
  building?: number;
  floor?: number;
  room?: string;
  area: number;
}

function describe(location: string, building: string | undefined, floor: number | undefined, room: string | undefined, area: string): Described {
  const parts = addressParts(location);
  const roomNumber = room === undefined ? undefined : numberIn(room);
  return {
    parts,
    building: (building === undefined ? undefined : numberIn(building)) ?? parts.building,
    floor: floor ?? parts.floor,
    room: roomNumber === undefined ? parts.room : String(roomNumber),
    area: Number(area),
  };
}

/**
 * The room and floor a household or unit is matched on, as the linker reads them from its fields
 * and address: the read model keeps them with each registry unit, so a run reads only candidates.
 */
export function matchKeys(location: string, building: string | undefined, floor: number | undefined, room: string | undefined): { room?: string; floor?: number } {
  const d = describe(location, building, floor, room, '0');
  return { room: d.room, floor: d.floor };
}

/** Share of the shorter base's character pairs found in the other: "天悦府" is contained in "人民南路211号天悦府". */
function baseSimilarity(a: string, b: string): number {
  const pairs = (s: string) => new Set(Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2)));
  const [x, y] = [pairs(a), pairs(b)];
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const p of x) if (y.has(p)) common++;
  return common / Math.min(x.size, y.size);
}

const agree = (a: number | string | undefined, b: number | string | undefined, weight: number) => (a === undefined || b === undefined ? weight / 2 : a === b ? weight : 0);

/** The score of a household against a unit: weights sum to 1. */
export function matchScore(h: Described, u: Described): number {
  const areaGap = Math.abs(h.area - u.area) / Math.max(u.area, 1);
  const score =
    agree(h.building, u.building, 0.3) +
    agree(h.room, u.room, 0.25) +
    agree(h.floor, u.floor, 0.1) +
    agree(h.parts.entrance, u.parts.entrance, 0.1) +
    (areaGap <= 0.005 ? 0.15 : areaGap <= 0.02 ? 0.08 : 0) +
    0.1 * baseSimilarity(h.parts.base, u.parts.base);
  return Math.round(score * 1000) / 1000;
}

/**
 * Proposes a unit number for each household: candidates are the district's units with the same
 * room number (or, for a room the address does not state, the same floor), scored by matchScore.
 * A household is linked automatically only when its best candidate is sure and clearly ahead and
 * no other household's sure match is the same unit; every other household is queued for a clerk.
 */
export function proposeLinks(households: HouseholdToLink[], units: RegistryUnit[]): LinkProposal[] {
  const described = units.map((u) => ({ unitNumber: u.unitNumber, district: u.district, d: describe(u.location, u.building, u.floor, u.room, u.area) }));
  const byKey = new Map<string, typeof described>();
  const key = (district: string, kind: 'room' | 'floor', value: string | number | undefined) => `${district}|${kind}|${value}`;
  for (const u of described) {
    for (const k of [key(u.district, 'room', u.d.room), key(u.district, 'floor', u.d.floor)]) (byKey.get(k) ?? byKey.set(k, []).get(k))?.push(u);
  }
  const proposals = households.map((h) => {
    const d = describe(h.location, h.building, h.floor, h.room, h.area);
    const pool = d.room !== undefined ? byKey.get(key(h.district, 'room', d.room)) : byKey.get(key(h.district, 'floor', d.floor));
    const candidates = (pool ?? [])
      .map((u) => ({ unitNumber: u.unitNumber, score: matchScore(d, u.d) }))
      .sort((a, b) => b.score - a.score || a.unitNumber.localeCompare(b.unitNumber))
      .slice(0, MAX_CANDIDATES);
    const [best, second] = candidates;
    const sure = best !== undefined && best.score >= AUTO_LINK_SCORE && best.score - (second?.score ?? 0) >= AUTO_LINK_MARGIN;
    return { houseCode: h.houseCode, projectId: h.projectId, district: h.district, candidates, decision: sure ? 'AUTO' : 'QUEUED' } as LinkProposal;
  });
  const claims = new Map<string, number>();
  for (const p of proposals) if (p.decision === 'AUTO') claims.set(p.candidates[0].unitNumber, (claims.get(p.candidates[0].unitNumber) ?? 0) + 1);
  for (const p of proposals) if (p.decision === 'AUTO' && (claims.get(p.candidates[0].unitNumber) ?? 0) > 1) p.decision = 'QUEUED';
  return proposals;
}
