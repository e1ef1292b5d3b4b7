import { z } from 'zod';
import { LedgerCommands, APPLIED_FOR_TYPES, MATERIALS_CHECKLIST, RuleError, apiCommands, checkMaterials, issues, missingMaterials } from '../src';

const TODAY = () => new Date('2025-06-15T04:00:00Z');
const api = apiCommands(TODAY);
const found = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : issues(r.error).map(({ field, rule }) => ({ field, rule }));
};
const docs = (...types: string[]) => types.map((type) => ({ type, sha256: '0'.repeat(64) }));

describe('the materials checklist with its accepted alternatives', () => {
  test('an alternative stands in for the item it replaces, and only for that one', () => {
    expect(missingMaterials('TRANSFER', docs('APPLICATION_FORM', 'ID_DOCUMENT', 'TITLE_CERTIFICATE', 'SALE_CONTRACT', 'TAX_EXEMPTION'))).toEqual([]);
    expect(missingMaterials('TRANSFER', docs('APPLICATION_FORM', 'ID_DOCUMENT', 'TITLE_CERTIFICATE', 'TAX_EXEMPTION')).map((m) => m.type)).toEqual(['SALE_CONTRACT']);
  });

  test("every checklist starts with the application form (reference/004 四.1, 五.1); the registry's own correction has none, as nobody applies", () => {
    for (const type of APPLIED_FOR_TYPES) expect(MATERIALS_CHECKLIST[type][0]).toBe('APPLICATION_FORM');
    expect(MATERIALS_CHECKLIST.REGISTRY_CORRECTION).toEqual([]);
  });

  test('a mortgage: a loan contract carrying the mortgage clause stands for both contracts; a maximum-amount one needs its own contract (004 四.4–5)', () => {
    const common = ['APPLICATION_FORM', 'BUSINESS_LICENSE', 'TITLE_CERTIFICATE'];
    expect(missingMaterials('MORTGAGE', docs(...common, 'LOAN_CONTRACT_WITH_MORTGAGE_CLAUSE'))).toEqual([]);
    expect(missingMaterials('MORTGAGE', docs(...common, 'LOAN_CONTRACT', 'MORTGAGE_CONTRACT'))).toEqual([]);
    expect(missingMaterials('MORTGAGE', docs(...common, 'LOAN_CONTRACT_WITH_MORTGAGE_CLAUSE'), 'MAXIMUM_AMOUNT').map((m) => m.type)).toEqual(['CONTINUOUS_CREDIT_CONTRACT', 'MAXIMUM_AMOUNT_MORTGAGE_CONTRACT']);
    expect(missingMaterials('MORTGAGE', docs(...common, 'CONTINUOUS_CREDIT_CONTRACT', 'MAXIMUM_AMOUNT_MORTGAGE_CONTRACT'), 'MAXIMUM_AMOUNT')).toEqual([]);
  });

  test('a mortgage cancellation: the checklist follows who applies (004 五.4)', () => {
    const base = ['APPLICATION_FORM', 'ID_DOCUMENT'];
    expect(missingMaterials('MORTGAGE_CANCELLATION', docs(...base, 'MORTGAGE_RELEASE')).map((m) => m.type)).toEqual(['TITLE_CERTIFICATE', 'REGISTRATION_PROOF']);
    expect(missingMaterials('MORTGAGE_CANCELLATION', docs(...base, 'MORTGAGE_RELEASE', 'REGISTRATION_PROOF'), 'MORTGAGEE_ALONE')).toEqual([]);
    expect(missingMaterials('MORTGAGE_CANCELLATION', docs(...base, 'MORTGAGE_RELEASE', 'REGISTRATION_PROOF'), 'MORTGAGOR_ALONE').map((m) => m.type)).toEqual(['EFFECTIVE_JUDGMENT']);
    expect(missingMaterials('MORTGAGE_CANCELLATION', docs(...base, 'ARBITRAL_AWARD'), 'MORTGAGOR_ALONE')).toEqual([]);
    // An application does not know yet who will apply: any complete checklist is taken.
    expect(() => checkMaterials('MORTGAGE_CANCELLATION', docs(...base, 'ARBITRAL_AWARD'), 'materials', 'ANY')).not.toThrow();
    expect(() => checkMaterials('MORTGAGE_CANCELLATION', docs(...base), 'materials', 'ANY')).toThrow(RuleError);
  });

  test('an incomplete checklist is refused with MATERIALS_INCOMPLETE at the given field, naming each item and its alternatives', () => {
    expect(() => checkMaterials('TRANSFER', docs('SALE_CONTRACT'), 'materials')).toThrow(RuleError);
    try {
      checkMaterials('TRANSFER', docs('SALE_CONTRACT'), 'materials');
    } catch (err) {
      expect((err as RuleError).body).toMatchObject({ code: 'MATERIALS_INCOMPLETE', field: 'materials' });
      expect((err as RuleError).body.message).toContain('APPLICATION_FORM, ID_DOCUMENT (or BUSINESS_LICENSE), TITLE_CERTIFICATE, TAX_VOUCHER (or TAX_EXEMPTION)');
    }
  });
});

describe('applicants by reference to the sale contract, the same rule in the chaincode and at the gateway', () => {
  const base = { registrationId: 'R-1', type: 'TRANSFER', unitNumber: '511702001002GB00011F00010001', taxId: 'T-1' };
  test.each([
    ['chaincode', LedgerCommands.applyRegistration],
    ['gateway', api.applyRegistration],
  ])('%s: a reference or a missing applicant list needs contractId', (_side, schema) => {
    expect(found(schema, { ...base, contractId: 'HT-1' })).toEqual([]);
    expect(found(schema, { ...base, contractId: 'HT-1', applicants: [{ party: { contractParty: 'seller:0' } }] })).toEqual([]);
    expect(found(schema, { ...base, applicants: [{ party: { contractParty: 'seller:0' } }] })).toEqual([{ field: 'applicants.0.party', rule: 'CONTRACT_ID_REQUIRED' }]);
    expect(found(schema, base)).toEqual([{ field: 'applicants', rule: 'REQUIRED' }]);
    expect(found(schema, { ...base, contractId: 'HT-1', applicants: [{ party: { contractParty: 'lessor:0' } }] })).toEqual([{ field: 'applicants.0.party.contractParty', rule: 'INVALID_FORMAT' }]);
  });

  test('a full party that fails its checks is still reported at its own field', () => {
    const bad = { kind: 'PERSON', name: '张三', idNumber: '11010519491231002Y' };
    expect(found(api.createApplication, { applicationId: 'A-1', businessType: 'TRANSFER', unitNumber: base.unitNumber, applicants: [bad], materials: [], channel: '窗口' })).toEqual([
      { field: 'applicants.0.idNumber', rule: expect.any(String) },
    ]);
  });
});
