import { z } from 'zod';
import { RuleError } from '@estate-ledger/chaincode';
import { LedgerRuleRefusal, ruleRefusalOf } from '../src/ledger/ledger-errors';

describe('a chaincode refusal as the port’s LedgerRuleRefusal', () => {
  it('keeps the code, message, field and rule of a RuleError thrown in-process', () => {
    const refusal = ruleRefusalOf(new RuleError('UNIT_SEIZED', 'The unit is seized', { field: 'unitNumber' }));
    expect(refusal).toBeInstanceOf(LedgerRuleRefusal);
    expect(refusal).toMatchObject({ code: 'UNIT_SEIZED', message: 'The unit is seized', field: 'unitNumber' });
  });

  it('refuses a ZodError that escaped input validation as INVALID_INPUT with its field and rule', () => {
    const parsed = z.strictObject({ price: z.string().regex(/^\d+\.\d{2}$/) }).safeParse({ price: '1.001' });
    expect(parsed.success).toBe(false);
    expect(ruleRefusalOf(parsed.error)).toMatchObject({ code: 'INVALID_INPUT', field: 'price', rule: 'INVALID_FORMAT' });
  });

  it('reads the refusal from a Fabric endorsement detail and from an evaluate error message', () => {
    const body = JSON.stringify({ code: 'ACCESS_DENIED', message: 'RegistryMSP with role \'clerk\' may not perform seizure.seize' });
    expect(ruleRefusalOf(`chaincode response 500, ESTATE_RULE${body}`)).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(ruleRefusalOf(new Error(`2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, ESTATE_RULE${body}`))).toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('is not a refusal when the chaincode failed for any other reason', () => {
    expect(ruleRefusalOf(new TypeError('Cannot read properties of undefined'))).toBeUndefined();
    expect(ruleRefusalOf('failed to endorse transaction, see attached details for more info')).toBeUndefined();
  });
});
