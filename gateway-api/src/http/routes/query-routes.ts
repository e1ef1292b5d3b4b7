import { z } from 'zod';
import {
  REGISTRATION_STATUSES,
  REGISTRATION_TYPES,
  zTitleNumber,
  zDistrict,
  zHouseCode,
  zId,
  zIdNumberAt,
  zIsoDate,
  zPartyOrIdNumberAt,
  zUnitNumber,
} from '@estate-ledger/chaincode';
import * as S from '@estate-ledger/api-schemas';
import type { StaffPrincipal } from '../../auth/principal';
import type { Clock } from '../../register-clock';
import { CaseQueries } from '../../read-model/case-queries';
import { LedgerQueries } from '../../read-model/ledger-queries';
import { PartyDirectory } from '../../read-model/party-directory';
import { StatisticsQuery } from '../../read-model/statistics-query';
import { UnitQueries, type Viewer } from '../../read-model/unit-queries';
import type { LedgerPort } from '../../ledger/ledger-port';
import { scope, seesPersonalData } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute } from '../route-spec';

/**
 * A whole number in a query string or path: decimal digits only. z.coerce would read 0x10, 1e1,
 * " 5" and 5.0 as numbers (Number() does), which no client means to send.
 */
export const zQueryInt = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.int().min(min).max(max));
export const zLimit = zQueryInt(1, 200).prefault('50').meta({ description: 'Page size (1-200)' });
export const zCursor = z.string().max(400).optional().meta({ description: 'nextCursor of the previous page' });

export function viewerOf(p: StaffPrincipal | undefined): Viewer {
  if (!p) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
  return { districts: p.districts, unmasked: seesPersonalData(p) };
}

export interface QueryDeps {
  units: UnitQueries;
  cases: CaseQueries;
  ledgerQueries: LedgerQueries;
  statistics: StatisticsQuery;
  parties: PartyDirectory;
  ledger: LedgerPort;
  /** "Today" for the birth dates in ID numbers and the years of certificate numbers. */
  clock: Clock;
}

const staff = scope('staff.read');

const zStatisticsQuery = z
  .strictObject({ from: zIsoDate, to: zIsoDate, period: z.enum(['day', 'month']).default('month'), district: zDistrict.optional(), type: z.enum(REGISTRATION_TYPES).optional() })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
type StatisticsQueryInput = z.output<typeof zStatisticsQuery>;

/** The caller's districts, narrowed to the one asked for. */
function statisticsFilter(q: StatisticsQueryInput, p: StaffPrincipal | undefined) {
  const v = viewerOf(p);
  return { ...q, districts: q.district ? v.districts.filter((x) => x === q.district) : v.districts };
}
const ok = (body: unknown) => ({ body });

export function queryRoutes(d: QueryDeps): AnyRoute[] {
  const unitParam = z.strictObject({ unitNumber: zUnitNumber });
  const today = () => d.clock.now();
  return [
    route<{ unitNumber: string }>({
      operationId: 'getUnit', method: 'get', path: '/units/{unitNumber}', tag: 'Units', summary: "A unit's register: rights, restrictions and flags", access: staff,
      params: unitParam, response: { status: 200, description: 'The unit', schema: S.zUnitView },
      handle: async (c) => ok(await d.units.unit(c.params.unitNumber, viewerOf(c.principal))),
    }),
    route<Record<string, never>, { district?: string; projectId?: string; limit: number; cursor?: string }>({
      operationId: 'listUnits', method: 'get', path: '/units', tag: 'Units', summary: 'Units of your districts, by unit number (keyset pages)', access: staff,
      query: z.strictObject({ district: zDistrict.optional(), projectId: zId('projectId').optional(), limit: zLimit, cursor: zCursor }), response: { status: 200, description: 'A page of units', schema: S.zUnitPage },
      handle: async (c) => ok(await d.units.list(viewerOf(c.principal), c.query, c.query.limit, c.query.cursor)),
    }),
    route<{ unitNumber: string }, { limit: number; cursor?: string }>({
      operationId: 'getUnitHistory', method: 'get', path: '/units/{unitNumber}/history', tag: 'Units', summary: 'Every transaction that touched the unit, oldest first', access: staff,
      params: unitParam, query: z.strictObject({ limit: zLimit, cursor: zCursor }), response: { status: 200, description: 'A page of transactions', schema: S.zTxPage },
      handle: async (c) => ok(await d.units.history(c.params.unitNumber, viewerOf(c.principal), c.query.limit, c.query.cursor)),
    }),
    route<{ unitNumber: string }>({
      operationId: 'getTitleChain', method: 'get', path: '/units/{unitNumber}/title-chain', tag: 'Units', summary: 'Ownership title chain (上下手)', access: staff,
      params: unitParam, response: { status: 200, description: 'Owners in order', schema: S.zTitleChain },
      handle: async (c) => ok(await d.units.titleChain(c.params.unitNumber, viewerOf(c.principal))),
    }),
    route<{ unitNumber: string }>({
      operationId: 'getRegisterBook', method: 'get', path: '/units/{unitNumber}/book', tag: 'Units', summary: 'The register book (登记簿): every change of the rights, in order', access: staff,
      params: unitParam, response: { status: 200, description: 'Book entries', schema: S.zRegisterBook },
      handle: async (c) => ok(await d.units.book(c.params.unitNumber, viewerOf(c.principal))),
    }),
    route<{ unitNumber: string }>({
      operationId: 'listUnitCertificates', method: 'get', path: '/units/{unitNumber}/certificates', tag: 'Units', summary: 'Certificates issued on the unit, with their status', access: staff,
      params: unitParam, response: { status: 200, description: 'Certificates, newest first', schema: S.zCertificateList },
      handle: async (c) => ok(await d.units.certificates(c.params.unitNumber, viewerOf(c.principal))),
    }),
    route<Record<string, never>, { unitNumber?: string; houseCode?: string }>({
      operationId: 'getRestrictions', method: 'get', path: '/restrictions', tag: 'Units', summary: 'Advance notices, seizures, objections and mortgages (预告/查封/异议/抵押) by unit number or house code', access: staff,
      query: z.strictObject({ unitNumber: zUnitNumber.optional(), houseCode: zHouseCode.optional() }).refine((q) => !!q.unitNumber !== !!q.houseCode, { message: 'give exactly one of unitNumber or houseCode', path: ['unitNumber'] }),
      response: { status: 200, description: 'Restrictions of the unit', schema: S.zRestrictions },
      handle: async (c) => ok(await d.units.restrictions(c.query, viewerOf(c.principal))),
    }),
    route<Record<string, never>, Record<string, never>, { idNumber: string }>({
      operationId: 'searchUnitsByOwner', method: 'post', path: '/property-searches', tag: 'Units', summary: '产调: units in which a person or organisation holds a right, by ID number (sent in the body so it stays out of URLs and logs)', access: scope('parties.read'),
      body: z.strictObject({ idNumber: zIdNumberAt(today) }), response: { status: 200, description: 'Matching units', schema: S.zPropertySearch },
      handle: async (c) => ok(await d.units.byParty(c.body.idNumber, viewerOf(c.principal))),
    }),
    route<{ registrationId: string }>({
      operationId: 'getRegistration', method: 'get', path: '/registrations/{registrationId}', tag: 'Registrations', summary: 'A registration case', access: staff,
      params: z.strictObject({ registrationId: zId('registrationId') }), response: { status: 200, description: 'The case', schema: S.zRegistration },
      handle: async (c) => ok(await d.cases.registration(c.params.registrationId, viewerOf(c.principal))),
    }),
    route<Record<string, never>, { status?: string; type?: string; unitNumber?: string; limit: number; cursor?: string }>({
      operationId: 'listRegistrations', method: 'get', path: '/registrations', tag: 'Registrations', summary: 'Registration cases of your districts, newest first', access: staff,
      query: z.strictObject({ status: z.enum(REGISTRATION_STATUSES).optional(), type: z.enum(REGISTRATION_TYPES).optional(), unitNumber: zUnitNumber.optional(), limit: zLimit, cursor: zCursor }),
      response: { status: 200, description: 'A page of cases', schema: S.zRegistrationPage },
      handle: async (c) => ok(await d.cases.registrations(viewerOf(c.principal), c.query, c.query.limit, c.query.cursor)),
    }),
    route<{ applicationId: string }>({
      operationId: 'getApplication', method: 'get', path: '/applications/{applicationId}', tag: 'Applications', summary: 'A one-window application', access: staff,
      params: z.strictObject({ applicationId: zId('applicationId') }), response: { status: 200, description: 'The application', schema: S.zApplication },
      handle: async (c) => ok(await d.cases.application(c.params.applicationId, viewerOf(c.principal))),
    }),
    route<{ applicationId: string }>({
      operationId: 'getApplicationProgress', method: 'get', path: '/applications/{applicationId}/progress', tag: 'Applications', summary: 'Progress of a one-window case in each department (办件进度)', access: staff,
      params: z.strictObject({ applicationId: zId('applicationId') }), response: { status: 200, description: 'Progress', schema: S.zApplicationProgress },
      handle: async (c) => ok(await d.cases.progress(c.params.applicationId, viewerOf(c.principal))),
    }),
    route<Record<string, never>, { status?: string; unitNumber?: string; limit: number; cursor?: string }>({
      operationId: 'listApplications', method: 'get', path: '/applications', tag: 'Applications', summary: 'Applications of your districts, newest first', access: staff,
      query: z.strictObject({ status: z.enum(['OPEN', 'WITHDRAWN', 'COMPLETED']).optional(), unitNumber: zUnitNumber.optional(), limit: zLimit, cursor: zCursor }),
      response: { status: 200, description: 'A page of applications', schema: S.zApplicationPage },
      handle: async (c) => ok(await d.cases.applications(viewerOf(c.principal), c.query, c.query.limit, c.query.cursor)),
    }),
    route<{ contractId: string }>({
      operationId: 'getContract', method: 'get', path: '/contracts/{contractId}', tag: 'Contracts', summary: 'A sale contract', access: staff,
      params: z.strictObject({ contractId: zId('contractId') }), response: { status: 200, description: 'The contract', schema: S.zSaleContract },
      handle: async (c) => ok(await d.cases.contract(c.params.contractId, viewerOf(c.principal))),
    }),
    route<Record<string, never>, { unitNumber: string }>({
      operationId: 'listContracts', method: 'get', path: '/contracts', tag: 'Contracts', summary: 'Contracts of a unit', access: staff,
      query: z.strictObject({ unitNumber: zUnitNumber }), response: { status: 200, description: 'Contracts, newest first', schema: S.zSaleContractList },
      handle: async (c) => ok(await d.cases.contracts(viewerOf(c.principal), { unitNumber: c.query.unitNumber })),
    }),
    route<Record<string, never>, Record<string, never>, { party: { idNumber: string } }>({
      operationId: 'searchContractsByParty', method: 'post', path: '/contract-searches', tag: 'Contracts', summary: "Contracts of a buyer or seller, by ID number (in the body, out of URLs)", access: scope('parties.read'),
      body: z.strictObject({ party: zPartyOrIdNumberAt(today) }), response: { status: 200, description: 'Contracts, newest first', schema: S.zSaleContractList },
      handle: async (c) => ok(await d.cases.contracts(viewerOf(c.principal), { partyRefs: await d.parties.refsByIdNumber(c.body.party.idNumber) })),
    }),
    route<{ taxId: string }>({
      operationId: 'getTaxAssessment', method: 'get', path: '/tax-assessments/{taxId}', tag: 'Tax', summary: 'A tax assessment and its clearance', access: staff,
      params: z.strictObject({ taxId: zId('taxId') }), response: { status: 200, description: 'The tax record', schema: S.zTaxRecord },
      handle: async (c) => ok(await d.cases.tax(c.params.taxId, viewerOf(c.principal))),
    }),
    route<{ certNo: string }>({
      operationId: 'getCertificate', method: 'get', path: '/certificates/{certNo}', tag: 'Certificates', summary: 'A certificate and its status', access: staff,
      params: z.strictObject({ certNo: zTitleNumber(today) }), response: { status: 200, description: 'The certificate', schema: S.zCertificate },
      handle: async (c) => ok(await d.cases.certificate(c.params.certNo, viewerOf(c.principal))),
    }),
    route<Record<string, never>, { limit: number; cursor?: string }>({
      operationId: 'listBlocks', method: 'get', path: '/blocks', tag: 'Ledger', summary: 'Blocks, newest first', access: staff,
      query: z.strictObject({ limit: zLimit, cursor: zCursor }), response: { status: 200, description: 'A page of blocks', schema: S.zBlockPage },
      handle: async (c) => ok(await d.ledgerQueries.blocks(c.query.limit, c.query.cursor)),
    }),
    route<{ number: number }>({
      operationId: 'getBlock', method: 'get', path: '/blocks/{number}', tag: 'Ledger', summary: 'A block and its transactions', access: staff,
      params: z.strictObject({ number: zQueryInt(0) }), response: { status: 200, description: 'The block', schema: S.zBlockDetail },
      handle: async (c) => ok(await d.ledgerQueries.block(c.params.number)),
    }),
    route<{ txId: string }>({
      operationId: 'getTransaction', method: 'get', path: '/transactions/{txId}', tag: 'Ledger', summary: 'A transaction: validation code, endorsers, event and write set', access: staff,
      params: z.strictObject({ txId: z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character hex transaction id') }), response: { status: 200, description: 'The transaction', schema: S.zTxDetail },
      handle: async (c) => ok(await d.ledgerQueries.transaction(c.params.txId)),
    }),
    route({
      operationId: 'getOverview', method: 'get', path: '/overview', tag: 'Ledger', summary: 'Ledger and read-model heights, counts and the latest blocks', access: staff,
      response: { status: 200, description: 'Overview', schema: S.zOverview },
      handle: async (c) => ok(await d.ledgerQueries.overview(viewerOf(c.principal).districts, await d.ledger.height())),
    }),
    route<Record<string, never>, { q: string }>({
      operationId: 'search', method: 'get', path: '/search', tag: 'Ledger', summary: 'Find a block, transaction, unit, house, certificate, case or contract by its exact id', access: staff,
      query: z.strictObject({ q: z.string().trim().min(1).max(100) }), response: { status: 200, description: 'Hits', schema: S.zSearchResults },
      handle: async (c) => ok({ results: await d.ledgerQueries.search(c.query.q, viewerOf(c.principal).districts) }),
    }),
    route<Record<string, never>, StatisticsQueryInput>({
      operationId: 'getStatistics', method: 'get', path: '/statistics', tag: 'Statistics', summary: 'Cases by district, period and type, with processing time against the statutory limits', access: scope('statistics.read'),
      query: zStatisticsQuery, response: { status: 200, description: 'Statistics', schema: S.zStatistics },
      handle: async (c) => ok(await d.statistics.run(statisticsFilter(c.query, c.principal))),
    }),
    route<Record<string, never>, StatisticsQueryInput>({
      operationId: 'exportStatistics', method: 'get', path: '/statistics.csv', tag: 'Statistics', summary: 'The same statistics as CSV', access: scope('statistics.read'),
      query: zStatisticsQuery, response: { status: 200, description: 'The statistics rows as CSV', contentType: 'text/csv', schema: S.csv(S.STATISTICS_CSV_COLUMNS) },
      handle: async (c) => {
        const { rows } = await d.statistics.run(statisticsFilter(c.query, c.principal));
        const header = S.STATISTICS_CSV_COLUMNS;
        const lines = [header.join(','), ...rows.map((r) => header.map((h) => String(r[h] ?? '')).join(','))];
        c.res.status(200).setHeader('content-type', 'text/csv; charset=utf-8');
        c.res.setHeader('content-disposition', 'attachment; filename="statistics.csv"');
        c.res.send(`\ufeff${lines.join('\r\n')}\r\n`);
        return undefined;
      },
    }),
  ];
}
