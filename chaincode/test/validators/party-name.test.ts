import { MAX_ORG_NAME_LENGTH, MAX_PERSON_NAME_LENGTH, checkPartyName } from '../../src/domain/validators';
import { expectOk, expectRule } from './helpers';

describe('checkPartyName', () => {
  it('accepts Chinese, minority and Latin names', () => {
    for (const name of ['张三', '阿依古丽·买买提', 'John Smith', "O'Brien-Li"]) expect(expectOk(checkPartyName(name, 50)).name).toBe(name);
  });

  it('accepts exactly the maximum length, counting supplementary characters once', () => {
    expectOk(checkPartyName('张'.repeat(MAX_PERSON_NAME_LENGTH), MAX_PERSON_NAME_LENGTH));
    expectOk(checkPartyName('𪚥'.repeat(MAX_PERSON_NAME_LENGTH), MAX_PERSON_NAME_LENGTH));
    expectOk(checkPartyName('公'.repeat(MAX_ORG_NAME_LENGTH), MAX_ORG_NAME_LENGTH));
  });

  it('rejects one character more than the maximum with PARTY_NAME_LENGTH', () => {
    expectRule(checkPartyName('张'.repeat(51), 50), 'PARTY_NAME_LENGTH');
  });

  it('rejects an empty name with PARTY_NAME_LENGTH', () => {
    expectRule(checkPartyName('', 50), 'PARTY_NAME_LENGTH');
  });

  it('rejects untrimmed names with PARTY_NAME_FORMAT', () => {
    expectRule(checkPartyName(' 张三', 50), 'PARTY_NAME_FORMAT');
    expectRule(checkPartyName('张三\u3000', 50), 'PARTY_NAME_FORMAT');
  });

  it('rejects control, line-separator and bidirectional-override characters with PARTY_NAME_FORMAT', () => {
    for (const name of ['张\u0000三', '张\t三', '张\n三', '张\u007f三', '张\u2028三', '张\u202e三', '张\u2066三']) {
      expectRule(checkPartyName(name, 50), 'PARTY_NAME_FORMAT');
    }
  });
});
