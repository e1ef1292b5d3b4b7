import { OutsideDistrictError } from '../src/application/application-errors';
import { toApiError } from '../src/http/api-error';
import { LedgerRuleRefusal, LedgerUnavailableError, TransactionInvalidError } from '../src/ledger/ledger-errors';

describe('the HTTP error of a ledger or application failure, by its type', () => {
  it('answers a rule refusal with the rule’s status and code, 409 unless the rule has its own', () => {
    expect(toApiError(new LedgerRuleRefusal('UNIT_SEIZED', 'The unit is seized'))).toMatchObject({ status: 409, code: 'UNIT_SEIZED', message: 'The unit is seized' });
    expect(toApiError(new LedgerRuleRefusal('PROJECT_NOT_FOUND', 'No project P-1'))).toMatchObject({ status: 404, code: 'PROJECT_NOT_FOUND' });
    expect(toApiError(new LedgerRuleRefusal('LEDGER_NOT_INITIALISED', 'not configured'))).toMatchObject({ status: 503, code: 'LEDGER_NOT_INITIALISED' });
  });

  it('answers input the chaincode refused as VALIDATION_FAILED, the one 400 code, keeping field and rule', () => {
    expect(toApiError(new LedgerRuleRefusal('INVALID_INPUT', 'price: bad', 'price', 'MONEY'))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'price', rule: 'MONEY' });
  });

  it('answers a transaction committed invalid with 409 and its validation code', () => {
    expect(toApiError(new TransactionInvalidError('a'.repeat(64), 'MVCC_READ_CONFLICT', 7))).toMatchObject({ status: 409, code: 'MVCC_READ_CONFLICT' });
  });

  it('answers an unavailable ledger with 503 LEDGER_UNAVAILABLE, naming a transaction whose outcome is unknown', () => {
    expect(toApiError(new LedgerUnavailableError('deadline exceeded'))).toMatchObject({ status: 503, code: 'LEDGER_UNAVAILABLE' });
    expect(toApiError(new LedgerUnavailableError('deadline exceeded', 'b'.repeat(64))).message).toContain('b'.repeat(64));
  });

  it('answers an account acting outside its districts with 403 OUTSIDE_DISTRICT', () => {
    expect(toApiError(new OutsideDistrictError('511703', ['511702']))).toMatchObject({ status: 403, code: 'OUTSIDE_DISTRICT' });
  });

  it('does not read a rule code out of the text of an untyped error', () => {
    expect(toApiError(new Error('ESTATE_RULE{"code":"UNIT_SEIZED","message":"seized"}'))).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });
});
