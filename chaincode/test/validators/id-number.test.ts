import { checkIdNumber, residentIdCheckChar } from '../../src/domain/validators';
import { expectOk, expectRule, warningsOf } from './helpers';

const TODAY = new Date('2025-06-15T04:00:00Z');
const id = (first17: string): string => first17 + residentIdCheckChar(first17);

describe('checkIdNumber', () => {
  it('reads a valid resident ID as a person and a valid credit code as an organisation', () => {
    expect(expectOk(checkIdNumber('11010519491231002X', TODAY))).toEqual({ kind: 'PERSON' });
    expect(expectOk(checkIdNumber('91350100M000100Y43', TODAY))).toEqual({ kind: 'ORG' });
  });

  it('reads an all-digit credit code as an organisation', () => {
    expect(expectOk(checkIdNumber('914403001922038216', TODAY))).toEqual({ kind: 'ORG' });
  });

  it('passes on the warnings of either kind', () => {
    expect(warningsOf(checkIdNumber(id('11010518991231002'), TODAY))).toEqual(['RESIDENT_ID_BIRTH_BEFORE_1900']);
    expect(warningsOf(checkIdNumber('91350100M0001TGQXM', TODAY))).toEqual(['CREDIT_CODE_CHECKSUM_PILOT']);
  });

  it('reports a number shaped like a resident ID by the resident-ID rule it breaks', () => {
    expectRule(checkIdNumber('110105194912310021', TODAY), 'RESIDENT_ID_CHECKSUM');
    expectRule(checkIdNumber(id('11010520250616002'), TODAY), 'RESIDENT_ID_BIRTH_DATE');
    expect(expectRule(checkIdNumber('110105491231002', TODAY), 'RESIDENT_ID_LENGTH')).toContain('15-digit');
  });

  it('reports any other number by the credit-code rule it breaks', () => {
    expectRule(checkIdNumber('91110000100008886A', TODAY), 'CREDIT_CODE_CHECKSUM');
    expectRule(checkIdNumber('12345', TODAY), 'CREDIT_CODE_LENGTH');
    expectRule(checkIdNumber('', TODAY), 'CREDIT_CODE_FORMAT');
  });
});
