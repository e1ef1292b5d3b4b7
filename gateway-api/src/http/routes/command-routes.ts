import { z } from 'zod';
import { apiCommands, type CommandName, type LedgerAction } from '@estate-ledger/chaincode';
import { CommandService, type TenancySource } from '../../application/command-service';
import type { Clock } from '../../register-clock';
import { action } from '../access-policy';
import { ApiError } from '../api-error';
import { submissionSchema } from '../response-schemas';
import { route, type AnyRoute } from '../route-spec';

/** A ledger command exposed over HTTP. Path parameters fill the command's fields of the same name. */
interface CommandRoute {
  operationId: string;
  path: string;
  tag: string;
  summary: string;
  fn: string;
  action: LedgerAction;
  command: CommandName;
  tenancy: TenancySource;
  /** Path parameters: fields of the command, checked by the command's own field schemas. */
  pathParams?: string[];
}

const rec = (fn: string, idField: string): TenancySource => ({ from: 'record', fn, idField });
const regStep = (op: string, verb: string, a: LedgerAction, summary: string, command: CommandName = 'registrationStep'): CommandRoute => ({
  operationId: op,
  path: `/registrations/{registrationId}/${verb}`,
  tag: 'Registrations',
  summary,
  fn: `Registration:${op.replace(/Registration$/, '')}`,
  action: a,
  command,
  tenancy: rec('Registration:get', 'registrationId'),
  pathParams: ['registrationId'],
});

/** Every command of the one-window flow, for the four agencies. */
export const COMMAND_ROUTES: CommandRoute[] = [
  { operationId: 'publishProject', path: '/projects', tag: 'Building tables', summary: 'Publish a project building table (楼盘表) with its households', fn: 'BuildingTable:publishProject', action: 'building.publish', command: 'publishProject', tenancy: { from: 'district' } },
  { operationId: 'declareRegistryUnits', path: '/registry-units', tag: 'Building tables', summary: "Declare registry units awaiting linkage (挂接), as the registry's register describes them; the linker matches them to households", fn: 'BuildingTable:declareRegistryUnits', action: 'registry.declareUnits', command: 'declareRegistryUnits', tenancy: { from: 'district' } },
  { operationId: 'linkUnit', path: '/households/{houseCode}/link', tag: 'Building tables', summary: 'Link a household (房屋编码) to its real-estate unit number', fn: 'BuildingTable:linkUnit', action: 'unit.link', command: 'linkUnit', tenancy: rec('Unit:household', 'houseCode'), pathParams: ['houseCode'] },
  { operationId: 'unlinkUnit', path: '/households/{houseCode}/unlink', tag: 'Building tables', summary: 'Remove a wrong link while the unit has no register on the ledger (挂接纠错), with a reason', fn: 'BuildingTable:unlinkUnit', action: 'unit.relink', command: 'unlinkUnit', tenancy: rec('Unit:household', 'houseCode'), pathParams: ['houseCode'] },
  { operationId: 'relinkUnit', path: '/units/{unitNumber}/relink', tag: 'Building tables', summary: "Move a unit's link to another household, with a reason", fn: 'BuildingTable:relinkUnit', action: 'unit.relink', command: 'relinkUnit', tenancy: { from: 'unitNumber' }, pathParams: ['unitNumber'] },
  { operationId: 'signContract', path: '/contracts', tag: 'Contracts', summary: 'Sign a sale contract (网签)', fn: 'SaleContract:sign', action: 'contract.sign', command: 'signContract', tenancy: { from: 'unitNumber' } },
  { operationId: 'fileContract', path: '/contracts/{contractId}/file', tag: 'Contracts', summary: 'File a signed contract (备案)', fn: 'SaleContract:file', action: 'contract.file', command: 'fileContract', tenancy: rec('SaleContract:get', 'contractId'), pathParams: ['contractId'] },
  { operationId: 'cancelContract', path: '/contracts/{contractId}/cancel', tag: 'Contracts', summary: 'Cancel a contract filing (撤销备案)', fn: 'SaleContract:cancel', action: 'contract.cancel', command: 'cancelContract', tenancy: rec('SaleContract:get', 'contractId'), pathParams: ['contractId'] },
  { operationId: 'assessTax', path: '/tax-assessments', tag: 'Tax', summary: 'Assess the taxes of a filed contract', fn: 'Tax:assess', action: 'tax.assess', command: 'assessTax', tenancy: rec('SaleContract:get', 'contractId') },
  { operationId: 'clearTax', path: '/tax-assessments/{taxId}/clear', tag: 'Tax', summary: 'Record payment: tax clearance (完税)', fn: 'Tax:clear', action: 'tax.clear', command: 'clearTax', tenancy: rec('Tax:get', 'taxId'), pathParams: ['taxId'] },
  { operationId: 'exemptTax', path: '/tax-assessments/{taxId}/exempt', tag: 'Tax', summary: 'Record a tax exemption (免税)', fn: 'Tax:exempt', action: 'tax.clear', command: 'exemptTax', tenancy: rec('Tax:get', 'taxId'), pathParams: ['taxId'] },
  { operationId: 'seize', path: '/seizures', tag: 'Seizures', summary: 'Record a court seizure (查封); a later one queues (轮候)', fn: 'Court:seize', action: 'seizure.seize', command: 'seize', tenancy: { from: 'unitNumber' } },
  { operationId: 'liftSeizure', path: '/seizures/{seizureId}/lift', tag: 'Seizures', summary: 'Lift a seizure (解封)', fn: 'Court:lift', action: 'seizure.lift', command: 'liftSeizure', tenancy: { from: 'unitNumber' }, pathParams: ['seizureId'] },
  { operationId: 'renewSeizure', path: '/seizures/{seizureId}/renew', tag: 'Seizures', summary: 'Renew a seizure term (续封)', fn: 'Court:renew', action: 'seizure.renew', command: 'renewSeizure', tenancy: { from: 'unitNumber' }, pathParams: ['seizureId'] },
  { operationId: 'recordObjection', path: '/objections', tag: 'Registrations', summary: 'Record an objection (异议登记)', fn: 'Registration:recordObjection', action: 'objection.record', command: 'recordObjection', tenancy: { from: 'unitNumber' } },
  { operationId: 'fileObjectionLawsuit', path: '/objections/{objectionId}/lawsuit', tag: 'Registrations', summary: 'Record that the objector sued within 15 days', fn: 'Registration:fileObjectionLawsuit', action: 'objection.lawsuit', command: 'fileObjectionLawsuit', tenancy: { from: 'unitNumber' }, pathParams: ['objectionId'] },
  { operationId: 'createApplication', path: '/applications', tag: 'Applications', summary: 'Create a one-window application (一窗受理) with its materials', fn: 'Application:create', action: 'application.create', command: 'createApplication', tenancy: { from: 'unitNumber' } },
  { operationId: 'attachMaterials', path: '/applications/{applicationId}/materials', tag: 'Applications', summary: 'Attach document hashes to an application', fn: 'Application:attach', action: 'application.attach', command: 'attachMaterials', tenancy: rec('Application:get', 'applicationId'), pathParams: ['applicationId'] },
  { operationId: 'withdrawApplication', path: '/applications/{applicationId}/withdraw', tag: 'Applications', summary: 'Withdraw an application (撤件)', fn: 'Application:withdraw', action: 'application.withdraw', command: 'withdrawApplication', tenancy: rec('Application:get', 'applicationId'), pathParams: ['applicationId'] },
  { operationId: 'applyRegistration', path: '/registrations', tag: 'Registrations', summary: 'Apply for a registration', fn: 'Registration:apply', action: 'registration.apply', command: 'applyRegistration', tenancy: { from: 'unitNumber' } },
  regStep('acceptRegistration', 'accept', 'registration.accept', 'Accept a registration case (受理)'),
  regStep('notAcceptRegistration', 'not-accept', 'registration.accept', 'Refuse to accept a case (不予受理)'),
  regStep('requestSupplement', 'request-supplement', 'registration.accept', 'Ask the applicant for missing materials (补正)', 'requestSupplement'),
  regStep('supplementRegistration', 'supplement', 'registration.supplement', 'Add the requested materials', 'supplement'),
  regStep('reviewRegistration', 'review', 'registration.review', 'Review a case: approve or refuse (审核)', 'review'),
  regStep('recordRegistration', 'record', 'registration.record', 'Record the registration in the register (登簿)'),
  regStep('certifyRegistration', 'certify', 'registration.certify', 'Prepare the e-certificate (缮证)'),
  regStep('issueRegistration', 'issue', 'registration.issue', 'Issue the e-certificate (发证)'),
  regStep('withdrawRegistration', 'withdraw', 'registration.withdraw', 'Withdraw a case before recording (撤回)'),
  regStep('resumeRegistration', 'resume', 'registration.resume', 'Resume a case suspended by a seizure'),
  {
    operationId: 'startRegistryCorrection', path: '/registry-corrections', tag: 'Registrations',
    summary: "Correct the register on the registry's own authority (依职权更正, 细则 81): the registrar names the recorded registration whose entry is wrong, what it should be (change) and the hash of the notice to the party; status NOTIFIED. Refused CORRECTION_BARRED when a disposal, advance notice or seizure was registered after the entry",
    fn: 'Registration:startRegistryCorrection', action: 'registryCorrection.start', command: 'startRegistryCorrection', tenancy: { from: 'unitNumber' },
  },
  regStep('announceRegistryCorrection', 'announce', 'registryCorrection.announce', "Announce a registry correction (公告, 细则 17) the party did not apply for: refused PERIOD_NOT_ENDED before 30 working days after the notice. Review approves it 15 working days after", 'announceRegistryCorrection'),
  {
    operationId: 'configureRegistryOffices', path: '/admin/registry-offices', tag: 'Admin',
    summary: 'Set the province abbreviation and the registry offices (Admin:configure): each office issues under its own name for the districts it serves. Refused: a district served by two offices, a repeated code or issuer name, removing an office whose certifications still await numbers, a district left to no office while it holds a building table, a unit or a registry unit on the ledger (409 DISTRICT_STILL_HELD naming it: name it among another office\'s districts to hand it over)',
    fn: 'Admin:configure', action: 'admin.configure', command: 'configure', tenancy: { from: 'ledger' },
  },
  { operationId: 'revokeCertificate', path: '/certificates/{certNo}/revoke', tag: 'Certificates', summary: 'Revoke a certificate (注销/作废)', fn: 'Certificate:revoke', action: 'certificate.revoke', command: 'revokeCertificate', tenancy: rec('Certificate:get', 'certNo'), pathParams: ['certNo'] },
];

type CommandSchema = z.ZodObject<Record<string, z.ZodType>>;

/** The REST body of a command: its fields minus those the path carries. */
function bodySchema(c: CommandRoute, schema: CommandSchema): CommandSchema {
  const omit = Object.fromEntries((c.pathParams ?? []).map((k) => [k, true as const]));
  return Object.keys(omit).length ? schema.omit(omit as never) : schema;
}

/** The path's fields of a command, with the command's own schemas for them. */
function paramsSchema(c: CommandRoute, schema: CommandSchema): CommandSchema | undefined {
  if (!c.pathParams) return undefined;
  return schema.pick(Object.fromEntries(c.pathParams.map((k) => [k, true as const])) as never);
}

/** Dates in commands (birth dates in ID numbers, certificate years) are bounded by the register clock's today. */
export function commandRoutes(commands: CommandService, clock: Clock): AnyRoute[] {
  const schemas = apiCommands(() => clock.now());
  return COMMAND_ROUTES.map((c) => {
    const full = schemas[c.command] as unknown as CommandSchema;
    return route<Record<string, string>, Record<string, never>, Record<string, unknown>>({
      operationId: c.operationId,
      method: 'post',
      path: c.path,
      tag: c.tag,
      summary: c.summary,
      access: action(c.action),
      params: paramsSchema(c, full) as z.ZodType<Record<string, string>> | undefined,
      body: bodySchema(c, full),
      response: { status: 201, description: 'Committed to the ledger', schema: submissionSchema(c.fn) },
      handle: async (ctx) => {
        if (!ctx.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
        // The body was checked without the path's fields; the whole command is checked again here.
        const input = full.parse({ ...ctx.body, ...ctx.params });
        const outcome = await commands.submit({ principal: ctx.principal, fn: c.fn, input, tenancy: c.tenancy, requestId: ctx.requestId });
        return { status: 201, body: outcome };
      },
    });
  });
}
